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

// One organisation's change from the server: its new state with all its scope lines, or its
// removal from the district (a tombstone).
struct Change {
    registry::RegistryOrganisation organisation; // uscc only for a removal
    std::vector<registry::ScopeEntry> scope;
    bool removed = false;
};

struct Download {
    std::int64_t revision = 0;
    bool unchanged = false;
    bool full = false; // the server sent the whole district: replace what the device holds
    std::vector<Change> changes; // in the server's order; a later change of one USCC wins
    std::size_t organisations = 0, removed = 0, scopeLines = 0;
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

// One page into `into`; returns the page's revision, flags and next cursor.
struct PageInfo {
    std::int64_t revision = 0;
    bool unchanged = false;
    bool full = false;
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
        info.full = page.value("full", false);
        if (page.contains("next_cursor") && page["next_cursor"].is_string())
            info.nextCursor = page["next_cursor"].get<std::string>();
        // Within one page every USCC occurs once (the server keeps one change per organisation
        // and district), so removals and organisations of a page commute.
        if (const auto removed = page.find("removed"); removed != page.end()) {
            for (const auto& uscc : *removed) {
                Change c;
                c.organisation.uscc = uscc.get<std::string>();
                c.removed = true;
                into.changes.push_back(std::move(c));
                ++into.removed;
            }
        }
        for (const auto& o : page.at("organisations")) {
            Change c;
            auto& org = c.organisation;
            org.uscc = stringMember(o, "uscc");
            org.name = stringMember(o, "name");
            org.kind = stringMember(o, "kind");
            org.district = stringMember(o, "district");
            org.address = stringMember(o, "address");
            org.contact = stringMember(o, "contact");
            if (org.district != district) return badResponse(org.uscc + " is not of district " + district);
            for (const auto& s : o.at("scope"))
                c.scope.push_back({org.uscc, stringMember(s, "field"), stringMember(s, "category"),
                                   stringMember(s, "product"), stringMember(s, "parameter"),
                                   stringMember(s, "standard")});
            into.scopeLines += c.scope.size();
            ++into.organisations;
            into.changes.push_back(std::move(c));
        }
        return info;
    } catch (const std::exception& e) {
        return badResponse(e.what());
    }
}

// Every change of the district after the revision the device holds (all of it when it holds
// none), or `unchanged`. The server pages by keyset on its change sequence: an import during the
// download gives what it changes new numbers after the cursor, so they arrive on later pages and
// the last page's revision covers everything received.
SyncResult<Download> download(ApiSession& session, const std::string& district,
                              std::optional<std::int64_t> knownRevision, const RegistrySyncOptions& options) {
    Download d;
    std::optional<std::string> cursor;
    for (bool first = true; first || cursor; first = false) {
        HttpRequest request;
        request.path =
            "/v1/registry/export?district=" + percentEncode(district) + "&limit=" + std::to_string(options.pageSize);
        if (first && knownRevision) request.path += "&known_revision=" + std::to_string(*knownRevision);
        if (cursor) request.path += "&cursor=" + percentEncode(*cursor);
        request.headers.add("Accept", "application/json");
        auto response = session.call(std::move(request));
        if (!response) return response.error();
        if (response->status != 200) return ApiSession::errorFromResponse(*response, "registry export");
        auto info = readPage(response->body, district, d);
        if (!info) return info.error();
        if (info->revision < d.revision) return badResponse("the revision went backwards between pages");
        d.revision = info->revision;
        if (first) {
            d.full = info->full || !knownRevision;
            if (info->unchanged) {
                d.unchanged = true;
                return d;
            }
        }
        if (cursor && info->nextCursor && *info->nextCursor == *cursor) return badResponse("the cursor did not move");
        cursor = info->nextCursor;
        if (options.onProgress) options.onProgress(d.organisations);
    }
    return d;
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
        // A whole district replaces what the device held (another district's registry, or one
        // this server no longer knows).
        if (d->full) load.removeAll();
        for (const auto& change : d->changes) {
            if (change.removed) load.remove(change.organisation.uscc);
            else load.replace(change.organisation, change.scope);
        }
        store.setMeta(registry_sync_keys::kRevision, std::to_string(d->revision));
        store.setMeta(registry_sync_keys::kDistrict, district);
        store.setMeta(registry_sync_keys::kSyncedAt,
                      formatRfc3339(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())));
        load.commit();
    } catch (const StoreFailure& e) {
        return storeError(e.what());
    }
    report.outcome = RegistrySyncReport::Outcome::Downloaded;
    report.full = d->full;
    report.organisations = d->organisations;
    report.removed = d->removed;
    report.scopeLines = d->scopeLines;
    return report;
}

} // namespace fieldseal
