#include "client/network_error.h"

namespace fieldseal {

const char* toString(NetworkErrorKind kind) {
    switch (kind) {
    case NetworkErrorKind::ConnectFailed:
        return "connect_failed";
    case NetworkErrorKind::Timeout:
        return "timeout";
    case NetworkErrorKind::ConnectionReset:
        return "connection_reset";
    case NetworkErrorKind::TlsHandshakeFailed:
        return "tls_handshake_failed";
    case NetworkErrorKind::TlsVerificationFailed:
        return "tls_verification_failed";
    case NetworkErrorKind::Cancelled:
        return "cancelled";
    case NetworkErrorKind::Protocol:
        return "protocol";
    case NetworkErrorKind::LocalIo:
        return "local_io";
    case NetworkErrorKind::InvalidRequest:
        return "invalid_request";
    case NetworkErrorKind::Other:
        return "other";
    }
    return "unknown";
}

std::string NetworkError::describe() const {
    std::string out = toString(kind);
    if (!message.empty()) out += ": " + message;
    return out;
}

} // namespace fieldseal
