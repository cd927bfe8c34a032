#pragma once
// SyncError: why a sync, login or blob transfer stopped, in terms a device (and its user) can act
// on. What was committed before the error stays committed; nothing half-done is left behind.

#include "client/network_error.h"
#include "model/result.h"

#include <optional>
#include <string>

namespace fieldseal {

enum class SyncErrorKind {
    Network,       // the server could not be reached, or not for long enough (retries used up)
    Cancelled,     // the caller cancelled
    LoginRequired, // no session, or the refresh token was refused: sign in again
    Forbidden,     // 403: the account or device may not do this (disabled, revoked); local data stays
    Refused,       // another final HTTP answer (400, 404, 409, 413, 415, 422...): see httpStatus/serverCode
    BadResponse,   // the server's answer does not follow the protocol
    ClockBehind,   // pulled ops are too far ahead of this device's clock: fix the clock, sync again
    Untrusted,     // the server sent a trust list (or certificate) that does not verify: nothing was kept
    Store,         // the local store failed
    LocalIo,       // a local file could not be read or written
};

const char* toString(SyncErrorKind kind);

struct SyncError {
    SyncErrorKind kind = SyncErrorKind::Network;
    std::string message;
    long httpStatus = 0;                 // the status of a Forbidden/Refused/LoginRequired answer
    std::string serverCode;              // the server's {"error":{"code"}} when it sent one
    std::optional<NetworkError> network; // the last transport failure, for Network/Cancelled

    std::string describe() const;
};

template <class T> using SyncResult = Result<T, SyncError>;

// Network or Cancelled, from the last failed exchange.
SyncError fromNetworkError(const NetworkError& e);

// LocalIo: this device could not read or write its own files.
SyncError localIoError(std::string message);

} // namespace fieldseal
