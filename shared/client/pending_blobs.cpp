#include "client/pending_blobs.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace fieldseal::pending_blobs {

namespace {

nlohmann::json toJson(const PendingBlob& b) {
    nlohmann::json j{{"sha256", b.sha256}, {"path", b.path}, {"size", b.size}, {"evidence_id", b.evidenceId}};
    if (b.failed()) j["failure"] = b.failure;
    return j;
}

void write(Store& store, const std::vector<PendingBlob>& blobs) {
    auto list = nlohmann::json::array();
    for (const auto& b : blobs)
        list.push_back(toJson(b));
    store.setMeta(kKey, list.dump());
}

} // namespace

std::vector<PendingBlob> list(Store& store) {
    std::vector<PendingBlob> out;
    const auto text = store.meta(kKey);
    if (!text) return out;
    const auto list = nlohmann::json::parse(*text, nullptr, false);
    if (!list.is_array()) return out;
    for (const auto& j : list) {
        if (!j.is_object() || !j.contains("sha256") || !j["sha256"].is_string()) continue;
        PendingBlob b;
        b.sha256 = j["sha256"].get<std::string>();
        b.path = j.value("path", std::string());
        b.size = j.value("size", std::uint64_t{0});
        b.evidenceId = j.value("evidence_id", std::string());
        b.failure = j.value("failure", std::string());
        out.push_back(std::move(b));
    }
    return out;
}

void add(Store& store, const PendingBlob& blob) {
    auto blobs = list(store);
    for (auto& b : blobs)
        if (b.sha256 == blob.sha256) {
            if (b.failed()) b = blob; // the file that failed was not this content; this one is
            write(store, blobs);
            return;
        }
    blobs.push_back(blob);
    write(store, blobs);
}

void update(Store& store, const PendingBlob& blob) {
    auto blobs = list(store);
    for (auto& b : blobs)
        if (b.sha256 == blob.sha256) b = blob;
    write(store, blobs);
}

void remove(Store& store, const std::string& sha256) {
    auto blobs = list(store);
    std::erase_if(blobs, [&](const PendingBlob& b) { return b.sha256 == sha256; });
    write(store, blobs);
}

std::uint64_t pendingBytes(Store& store) {
    std::uint64_t total = 0;
    for (const auto& b : list(store))
        if (!b.failed()) total += b.size;
    return total;
}

} // namespace fieldseal::pending_blobs
