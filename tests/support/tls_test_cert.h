#pragma once
// TEST ONLY. Makes a throwaway self-signed TLS server certificate (P-256, valid one day, for
// localhost, 127.0.0.1 and ::1) so tests can start the HTTPS server on a loopback port and point
// libcurl's CURLOPT_CAINFO at the certificate. Never use it for a real server.

#include <filesystem>

namespace fieldseal::testsupport {

struct TlsTestCert {
    std::filesystem::path certificateFile; // PEM; also the CA file clients trust
    std::filesystem::path privateKeyFile;  // PEM, unencrypted
};

// Writes cert.pem and key.pem into dir (which must exist). Throws std::runtime_error on failure.
TlsTestCert makeTlsTestCert(const std::filesystem::path& dir);

} // namespace fieldseal::testsupport
