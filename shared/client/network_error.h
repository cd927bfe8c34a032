#pragma once
// NetworkError: why an HTTP exchange produced no response, as a typed kind (what callers and the
// retry policy branch on) plus the transport's own words. An HTTP status, even 500, is a
// response, never a NetworkError. NetResult<T> carries a value or a NetworkError.

#include "model/result.h"

#include <cstdint>
#include <string>

namespace fieldseal {

enum class NetworkErrorKind {
    ConnectFailed,         // no connection: refused, unreachable, name not resolved
    Timeout,               // connect timeout, total timeout, or slower than the low-speed limit
    ConnectionReset,       // the connection broke mid-exchange: reset, closed early, partial or no reply
    TlsHandshakeFailed,    // the TLS handshake broke off (usually the network: retryable)
    TlsVerificationFailed, // the peer is not trusted (CA, name, expiry) or the CA file is unusable: final
    Cancelled,             // a CancelToken was raised
    Protocol,              // the reply is not acceptable HTTP (malformed, or larger than allowed)
    LocalIo,               // reading the upload source or writing the download target failed
    InvalidRequest,        // bad URL or unsupported scheme: a configuration or programming error
    Other,                 // anything libcurl reports that fits none of the above
};

const char* toString(NetworkErrorKind kind);

struct NetworkError {
    NetworkErrorKind kind = NetworkErrorKind::Other;
    std::string message; // libcurl's detailed message (CURLOPT_ERRORBUFFER) or ours
    int curlCode = 0;    // the CURLcode, 0 when the error did not come from libcurl
    // Request body bytes handed to the connection (an upper bound of what crossed) and response
    // body bytes received before the failure, for upload accounting.
    std::uint64_t bodyBytesSent = 0;
    std::uint64_t bodyBytesReceived = 0;

    std::string describe() const; // "timeout: Operation timed out after ..."
};

template <class T> using NetResult = Result<T, NetworkError>;

} // namespace fieldseal
