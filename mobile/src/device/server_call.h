#pragma once
// One authenticated request to the sync server from a page (a review decision, a conflict's
// resolution), off the GUI thread. The device's connection comes from its store (server link,
// pinned CA, tokens; a renewed token is written back), so the store is marked busy while the call
// runs, exactly as during a sync. `done` runs on the GUI thread with the server's JSON, or with a
// sentence for people when the call failed (and the SyncError, to tell 409s from the rest).

#include "client/api_session.h"
#include "client/sync_error.h"

#include <QObject>
#include <QString>
#include <functional>
#include <nlohmann/json.hpp>

namespace fieldseal::app {

class AppController;

struct ServerCallOutcome {
    nlohmann::json result;
    QString error;       // empty on success
    SyncError syncError; // meaningful when error is set
};

// False (and nothing runs) when there is no server session or the store is busy; `why` says so.
bool startServerCall(AppController& app, QObject* context,
                     std::function<SyncResult<nlohmann::json>(ApiSession&)> work,
                     std::function<void(const ServerCallOutcome&)> done, QString* why);

} // namespace fieldseal::app
