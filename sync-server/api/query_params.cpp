#include "query_params.h"

#include "api/errors.h"

#include <algorithm>
#include <charconv>

namespace fieldseal::server {
namespace {

// Appended piece by piece: GCC 12 at -O3 takes "'" + std::string(name) for an overlapping copy
// (a false -Wrestrict).
std::string quoted(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 2);
    out += '\'';
    out += name;
    out += '\'';
    return out;
}

} // namespace

std::optional<std::string> queryParam(const QueryParams& query, std::string_view name) {
    const auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return it->second;
}

std::string queryValue(const QueryParams& query, std::string_view name) {
    return queryParam(query, name).value_or(std::string());
}

std::vector<std::string> commaList(std::string_view text) {
    std::vector<std::string> out;
    while (true) {
        const auto comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        const auto first = item.find_first_not_of(' ');
        if (first != std::string_view::npos) {
            item = item.substr(first, item.find_last_not_of(' ') - first + 1);
            out.emplace_back(item);
        }
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

std::optional<std::uint64_t> parseWholeNumber(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

Result<std::optional<std::uint64_t>> wholeNumberParam(const QueryParams& query, std::string_view name) {
    const auto text = queryParam(query, name);
    if (!text) return std::optional<std::uint64_t>();
    const auto value = parseWholeNumber(*text);
    if (!value) return badRequest(quoted(name) + " must be a whole number");
    return value;
}

Result<std::optional<bool>> boolParam(const QueryParams& query, std::string_view name) {
    const auto text = queryParam(query, name);
    if (!text) return std::optional<bool>();
    if (*text == "true") return std::optional<bool>(true);
    if (*text == "false") return std::optional<bool>(false);
    return badRequest(quoted(name) + " must be true or false");
}

Result<std::optional<std::string>> choiceParam(const QueryParams& query, std::string_view name,
                                               std::initializer_list<std::string_view> choices) {
    auto text = queryParam(query, name);
    if (!text) return text;
    if (std::find(choices.begin(), choices.end(), *text) != choices.end()) return text;
    std::string message = quoted(name) + " must be ";
    std::size_t i = 0;
    for (const std::string_view choice : choices) {
        if (i > 0) message += i + 1 == choices.size() ? " or " : ", ";
        message += choice;
        ++i;
    }
    return badRequest(std::move(message));
}

Status onlyKnownParameters(const QueryParams& query, std::initializer_list<std::string_view> known) {
    for (const auto& entry : query)
        if (std::find(known.begin(), known.end(), entry.first) == known.end())
            return badRequest("unknown query parameter " + quoted(entry.first));
    return ok();
}

} // namespace fieldseal::server
