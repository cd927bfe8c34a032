#include "client/registry_sync.h"

#include "client/device_profile.h"
#include "model/rfc3339.h"
#include "registry/registry_store.h"
#include "store/sqlite_store.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace fieldseal {
namespace {

// A download that keeps meeting new revisions (imports in quick succession) gives up for this
// sync; the next one tries again.
constexpr int kMaxAttempts = 3;

struct Download {
    std::int64_t revision = 0;
    bool unchanged = false;
    std::vector<registry::RegistryOrganisation> organisations;
    std::vector<registry::ScopeEntry> scope;
};

SyncError badResponse(const std::string& what) {
    return SyncError{SyncErrorKind::BadResponse, "registry export: " + what, 200, {}, {}};
}

SyncError storeError(const std::string& what) {
    return SyncError{SyncErrorKind::Store, "registry: " + what, 0, {}, {}};
}

std::string percentEncode(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.' ||
            c == '_') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string stringMember(const nlohmann::json& j, const char* name) {
    const auto it = j.find(name);
    if (it == j.end() || !it->is_string()) throw std::invalid_argument(std::string("'") + name + "' is not a string");
    return it->get<std::string>();
}

// One page into `into`; returns the page's revision, unchanged flag and next cursor.
struct PageInfo {
    std::int64_t revision = 0;
    bool unchanged = false;
    std::optional<std::string> nextCursor;
};

SyncResult<PageInfo> readPage(const std::string& body, const std::string& district, Download& into) {
    const auto page = nlohmann::json::parse(body, nullptr, false);
    if (!page.is_object()) return badResponse("the page is not a JSON object");
    try {
        PageInfo info;
        if (!page.contains("revision") || !page["revision"].is_number_integer())
            return badResponse("no revision");
        info.revision = page["revision"].get<std::int64_t>();
        info.unchanged = page.value("unchanged", false);
        if (page.contains("next_cursor") && page["next_cursor"].is_string())
            info.nextCursor = page["next_cursor"].get<std::string>();
        for (const auto& o : page.at("organisations")) {
            registry::RegistryOrganisation org;
            org.uscc = stringMember(o, "uscc");
            org.name = stringMember(o, "name");
            org.kind = stringMember(o, "kind");
            org.district = stringMember(o, "district");
            org.address = stringMember(o, "address");
            org.contact = stringMember(o, "contact");
            if (org.district != district) return badResponse(org.uscc + " is not of district " + district);
            for (const auto& s : o.at("scope"))
                into.scope.push_back({org.uscc, stringMember(s, "field"), stringMember(s, "category"),
                                      stringMember(s, "product"), stringMember(s, "parameter"),
                                      stringMember(s, "standard")});
            into.organisations.push_back(std::move(org));
        }
        return info;
    } catch (const std::exception& e) {
        return badResponse(e.what());
    }
}

// Every page of the district at one revision, or `unchanged` when the device holds it.
SyncResult<Download> download(ApiSession& session, const std::string& district,
                              std::optional<std::int64_t> knownRevision, const RegistrySyncOptions& options) {
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        Download d;
        std::optional<std::string> cursor;
        bool first = true, restarted = false;
        while (first || cursor) {
            HttpRequest request;
            request.path = "/v1/registry/export?district=" + percentEncode(district) +
                           "&limit=" + std::to_string(options.pageSize);
            if (first && knownRevision) request.path += "&known_revision=" + std::to_string(*knownRevision);
            if (cursor) request.path += "&cursor=" + percentEncode(*cursor);
            request.headers.add("Accept", "application/json");
            auto response = session.call(std::move(request));
            if (!response) return response.error();
            if (response->status != 200) return ApiSession::errorFromResponse(*response, "registry export");
            auto info = readPage(response->body, district, d);
            if (!info) return info.error();
            if (first) {
                d.revision = info->revision;
                if (info->unchanged) {
                    d.unchanged = true;
                    return d;
                }
            } else if (info->revision != d.revision) {
                restarted = true; // an import between two pages: start again at its revision
                break;
            }
            first = false;
            cursor = info->nextCursor;
            if (options.onProgress) options.onProgress(d.organisations.size());
        }
        if (!restarted) return d;
    }
    return SyncError{SyncErrorKind::Refused, "registry export: the registry kept changing during the download", 0,
                     {}, {}};
}

std::optional<std::int64_t> heldRevision(Store& store, const std::string& district) {
    if (store.meta(registry_sync_keys::kDistrict).value_or("") != district) return std::nullopt;
    const auto text = store.meta(registry_sync_keys::kRevision);
    if (!text || text->empty()) return std::nullopt;
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
    return v;
}

RegistrySyncReport skipped(std::string why) {
    RegistrySyncReport r;
    r.outcome = RegistrySyncReport::Outcome::Skipped;
    r.skippedBecause = std::move(why);
    return r;
}

} // namespace

SyncResult<RegistrySyncReport> syncDeviceRegistry(Store& store, ApiSession& session,
                                                  const RegistrySyncOptions& options) {
    auto* sqliteStore = dynamic_cast<SqliteStore*>(&store);
    if (!sqliteStore) return skipped("the store is not a SQLite file");
    std::string role, district;
    std::optional<std::int64_t> known;
    try {
        const DeviceProfile profile = loadDeviceProfile(store);
        role = profile.user.value("role", std::string());
        district = profile.user.value("district", std::string());
        if ((role != "inspector" && role != "supervisor") || district.empty())
            return skipped("only inspectors and supervisors keep their district's registry");
        known = heldRevision(store, district);
    } catch (const StoreFailure& e) {
        return storeError(e.what());
    }

    auto d = download(session, district, known, options);
    if (!d) {
        const auto& e = d.error();
        if (e.httpStatus == 404 || e.httpStatus == 403) return skipped(e.message);
        return e;
    }
    RegistrySyncReport report;
    report.district = district;
    report.revision = d->revision;
    if (d->unchanged) {
        report.outcome = RegistrySyncReport::Outcome::Unchanged;
        return report;
    }
    try {
        registry::RegistryStore registry(sqliteStore->database());
        registry::RegistryBulkLoad load(registry);
        for (const auto& org : d->organisations)
            load.add(org);
        for (const auto& line : d->scope)
            if (!load.add(line)) throw StoreFailure("scope line of an unknown organisation " + line.uscc);
        store.setMeta(registry_sync_keys::kRevision, std::to_string(d->revision));
        store.setMeta(registry_sync_keys::kDistrict, district);
        store.setMeta(registry_sync_keys::kSyncedAt,
                      formatRfc3339(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())));
        load.commit();
    } catch (const StoreFailure& e) {
        return storeError(e.what());
    }
    report.outcome = RegistrySyncReport::Outcome::Downloaded;
    report.organisations = d->organisations.size();
    report.scopeLines = d->scope.size();
    return report;
}

} // namespace fieldseal
