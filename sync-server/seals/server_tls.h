#pragma once
// The server's TLS certificate, made at `fieldseal-server init`: a P-256 TLS CA of its own
// (separate from the seal authority: TLS keys and seal keys never sign for each other) and a
// P-256 server certificate it issues. Devices pin the CA with CURLOPT_CAINFO.
//
//   DIR/ca.pem       the TLS CA certificate (what clients pin)
//   DIR/ca.key       its key (0600), kept so the server certificate can be renewed without
//                    re-provisioning devices
//   DIR/server.pem   the server certificate: CN=fieldseal-server, SAN DNS:localhost,
//                    IP:127.0.0.1, IP:::1 and the extra names; EKU serverAuth; 825 days
//   DIR/server.key   its key (0600)

#include "model/result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace fieldseal::server {

// Writes the four files into `dir` (created if needed). `extraNames` are host names or IP
// addresses (v4 or v6) the server is reached by; an entry that is neither is refused.
Status makeServerTls(const std::filesystem::path& dir, const std::vector<std::string>& extraNames);

} // namespace fieldseal::server
