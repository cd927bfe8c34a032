#include "account_validation.h"

#include "api/errors.h"

#include <algorithm>
#include <cctype>

namespace fieldseal::server {
namespace {

bool isUsernameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool isDeviceIdChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' || c == '-';
}

} // namespace

std::size_t utf8Length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Status validateUsername(std::string_view username) {
    if (username.size() < 3 || username.size() > 32 ||
        !std::all_of(username.begin(), username.end(), isUsernameChar))
        return invalidInput("a username has 3 to 32 characters from a-z, 0-9, '.', '_' and '-'");
    return ok();
}

Status validateDisplayName(std::string_view displayName) {
    if (utf8Length(displayName) > 100) return invalidInput("a display name has at most 100 characters");
    if (std::any_of(displayName.begin(), displayName.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
        return invalidInput("a display name cannot contain control characters");
    return ok();
}

Status validateNewPassword(std::string_view password) {
    const std::size_t length = utf8Length(password);
    if (length < kMinPasswordChars)
        return invalidInput("the password is too short: it needs at least " +
                            std::to_string(kMinPasswordChars) + " characters (it has " +
                            std::to_string(length) + ")");
    if (length > kMaxPasswordChars)
        return invalidInput("the password is too long: at most " + std::to_string(kMaxPasswordChars) +
                            " characters");
    return ok();
}

Status validateDeviceId(std::string_view deviceId) {
    if (deviceId.size() > 128 || !std::all_of(deviceId.begin(), deviceId.end(), isDeviceIdChar))
        return invalidInput(
            "a device id has at most 128 characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'");
    return ok();
}

std::string normalizeLoginName(std::string_view username) {
    std::string out(username);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

} // namespace fieldseal::server
