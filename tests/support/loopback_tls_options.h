#pragma once
// TEST ONLY. Options for an HttpsServer a test starts in-process: TLS with a throwaway
// certificate (tls_test_cert.h), on an ephemeral port of 127.0.0.1, two io threads.

#include "http/https_server.h"
#include "tls_test_cert.h"

namespace fieldseal::testsupport {

inline server::HttpsServer::Options loopbackTlsOptions(const TlsTestCert& cert) {
    server::HttpsServer::Options o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.certificateChainFile = cert.certificateFile;
    o.privateKeyFile = cert.privateKeyFile;
    o.threads = 2;
    return o;
}

} // namespace fieldseal::testsupport
