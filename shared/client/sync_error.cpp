#include "client/sync_error.h"

namespace fieldseal {

const char* toString(SyncErrorKind kind) {
    switch (kind) {
    case SyncErrorKind::Network:
        return "network";
    case SyncErrorKind::Cancelled:
        return "cancelled";
    case SyncErrorKind::LoginRequired:
        return "login_required";
    case SyncErrorKind::Forbidden:
        return "forbidden";
    case SyncErrorKind::Refused:
        return "refused";
    case SyncErrorKind::BadResponse:
        return "bad_response";
    case SyncErrorKind::ClockBehind:
        return "clock_behind";
    case SyncErrorKind::Untrusted:
        return "untrusted";
    case SyncErrorKind::Store:
        return "store";
    case SyncErrorKind::LocalIo:
        return "local_io";
    }
    return "unknown";
}

std::string SyncError::describe() const {
    std::string out = toString(kind);
    if (httpStatus)
        out += " (HTTP " + std::to_string(httpStatus) + (serverCode.empty() ? "" : " " + serverCode) + ")";
    if (!message.empty()) out += ": " + message;
    return out;
}

SyncError localIoError(std::string message) {
    return SyncError{SyncErrorKind::LocalIo, std::move(message), 0, {}, {}};
}

SyncError fromNetworkError(const NetworkError& e) {
    SyncError s;
    s.kind = e.kind == NetworkErrorKind::Cancelled ? SyncErrorKind::Cancelled
             : e.kind == NetworkErrorKind::LocalIo ? SyncErrorKind::LocalIo
                                                   : SyncErrorKind::Network;
    s.message = e.describe();
    s.network = e;
    return s;
}

} // namespace fieldseal
