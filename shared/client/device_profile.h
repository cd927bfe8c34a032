#pragma once
// DeviceProfile: what a device keeps about its link to the sync server, in its store's meta next
// to the data it describes (a copied or restored store takes its server link along):
//
//   device.server_url      base URL of the server ("https://host:port")
//   device.server_ca       PEM of the CA that signs the server's TLS certificate, pinned at login
//   device.id              the device id (the replica's device once the store is initialised;
//                          kept before that so a retried first sign-in enrolls the same device)
//   device.user            the signed-in account as the server describes it (JSON)
//   device.alg             ES256 | SM2-SM3: the authority's algorithm, the device key's
//   device.public_key      PEM of the device key's public half (to recognise its key file)
//   device.certificate     PEM device certificate from enrollment
//   device.chain           JSON array of PEM: the device CA, then the authority root
//   device.authority_root  PEM of the root provisioned at enrollment: trust lists must chain to it
//   auth.session           the session tokens (JSON); never the password
//
// The device's private key is NOT here: it lives in its own file (device_key.h), because a store
// is what gets copied (backups, support bundles, exports) and the key must never leave the device.

#include "client/sync_protocol.h"
#include "store/store.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal {

namespace profile_keys {
inline constexpr const char* kServerUrl = "device.server_url";
inline constexpr const char* kServerCa = "device.server_ca";
inline constexpr const char* kDeviceId = "device.id";
inline constexpr const char* kUser = "device.user";
inline constexpr const char* kAlg = "device.alg";
inline constexpr const char* kPublicKey = "device.public_key";
inline constexpr const char* kCertificate = "device.certificate";
inline constexpr const char* kChain = "device.chain";
inline constexpr const char* kAuthorityRoot = "device.authority_root";
inline constexpr const char* kSession = "auth.session";
} // namespace profile_keys

struct ServerLink {
    std::string url;
    std::string caPem;
};

struct DeviceProfile {
    ServerLink server;
    std::string deviceId;
    nlohmann::json user = nlohmann::json::object(); // {id, username, display_name, role, district}
    std::string alg;
    std::string publicKeyPem;
    std::string certificatePem;
    std::vector<std::string> chainPem;
    std::string authorityRootPem;

    bool signedInOnce() const { return !server.url.empty(); }
    bool enrolled() const { return !certificatePem.empty() && !authorityRootPem.empty(); }
    std::string username() const { return user.value("username", std::string()); }
};

// Reads whatever the store holds (empty members for what it does not). Throws StoreFailure.
DeviceProfile loadDeviceProfile(Store& store);
// Writes every non-empty member. Call inside a transaction to write it atomically. Throws StoreFailure.
void saveDeviceProfile(Store& store, const DeviceProfile& profile);

std::optional<SessionTokens> loadSession(Store& store);
void saveSession(Store& store, const SessionTokens& tokens);
// Forgets the tokens (sign-out, or an account the server disabled).
void clearSession(Store& store);

} // namespace fieldseal
