#pragma once
// DrawStore: where the server keeps its draws: the plan as published, the secret seed (encrypted)
// until the run, and after the run the result, its sealed envelope and the tasks it created. The draw
// service's only view of storage (SQLite: storage/sqlite_draw_store.cpp).
// Store-level: never locks; callers hold ServerDatabase::lock() and, for changes, a transaction.
// Backend failures throw StoreFailure.

#include "store/store.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal::server {

struct StoredDraw {
    std::string id;            // the plan's plan_id
    std::string createdAt;     // RFC 3339 UTC
    std::string createdBy;     // username
    nlohmann::json plan;       // the plan document (fieldseal-draw-plan/1 or /2), with its seed_commitment
    std::string sealedSeed;    // the secret seed, encrypted (seed_vault.h); never stored in the clear
    std::string seedSha256;    // the published commitment
    bool ran = false;
    // After the run:
    std::string ranAt;
    std::string ranBy;
    std::string seedHex;       // revealed by the run (empty before it)
    nlohmann::json result;     // fieldseal-draw-result/1 or /2
    nlohmann::json sealed;     // the sealed envelope of the result
    std::vector<std::string> taskIds; // the task records of the run, in task order
    bool tasksCreated = false;        // false after a run whose task records could not be written
};

struct DrawSummary {
    std::string id;
    std::string title;
    std::string createdAt;
    std::string createdBy;
    std::string seedSha256;
    bool ran = false;
    std::string ranAt;
};

class DrawStore {
public:
    virtual ~DrawStore() = default;

    // A transaction on the store's connection (rolled back unless committed).
    virtual std::unique_ptr<Transaction> begin() = 0;

    // False (nothing stored) when a draw with this id exists.
    virtual bool insert(const StoredDraw& draw) = 0;
    virtual std::optional<StoredDraw> find(const std::string& id) = 0;
    virtual std::vector<DrawSummary> list() = 0; // newest first
    // The run's one compare-and-set: records the run (revealed seed, result, sealed envelope,
    // task ids) only if the draw has not run; false (nothing changed) when it has run already or
    // does not exist. Whoever gets true is the only one to create the draw's tasks.
    virtual bool markRun(const StoredDraw& ran) = 0;
    // Notes that the run's task records exist; false when already noted or not run.
    virtual bool markTasksCreated(const std::string& id, const std::string& at) = 0;
};

} // namespace fieldseal::server
