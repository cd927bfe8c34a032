#pragma once
// Signing a device in: POST /v1/auth/login, and on the device's first sign-in its enrollment.
//
// 1. The device id is the store's (its replica identity, or the id kept from an interrupted first
//    sign-in); a brand-new store gets a fresh UUIDv7, kept at once so that a retry enrolls the
//    same device.
// 2. Login. The account must be the store's user and district when the store already has an
//    identity (a store belongs to one user: another user's login changes nothing), and the server
//    the one it signed in to before (same TLS CA; its address may change).
// 3. First sign-in (no certificate yet, or a key file that is not the certified key): the trust
//    list tells the authority's algorithm (ES256 -> P-256 key, SM2-SM3 -> SM2 key); the key is made
//    in the key file (0600, never sent); the signing request goes to /v1/devices/enroll; the
//    certificate must be for our key and the trust list that comes with it must verify under the
//    chain's root, which becomes the device's provisioned root. Certificate, chain, root and
//    trust list are kept in one transaction.
//    Later sign-ins only renew the trust list (updateTrustList).
// 3b. Re-keying. The server never certifies another key under an enrolled device id, and refuses
//    to sign a revoked device in. So when the key file no longer holds the certified key (lost,
//    or replaced), or the login answers device_revoked (the device or its certificate was
//    revoked), the tablet enrolls again as a NEW device: new device id, new key; the old key file,
//    if any, is renamed aside (<key>.retired-<old id>), never reused. The store is kept whole:
//    records, outbox, cursor and replica identity (ops name their author's replica, and the server
//    ties ops to the user, not to the enrolled device). SignInOutcome::rekeyReason says why.
// 4. A new store gets its replica identity from the server's answer: device id, user name and
//    district.
// Tokens are kept (auth.session) only once the account is known to fit the store.

#include "client/device_connection.h"
#include "client/sync_error.h"
#include "store/store.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace fieldseal {

struct SignInRequest {
    std::string username;
    std::string password;
    std::string keyFile; // the device key's file, made at the first sign-in
    std::string label;   // how the device is listed on the server (e.g. its host name)
};

struct SignInOutcome {
    std::string deviceId;
    nlohmann::json user;              // the server's account object
    bool enrolled = false;            // this sign-in enrolled the device
    bool identityInitialised = false; // the store was new: its identity came from the server
    std::uint64_t trustListSequence = 0;
    std::string trustListProblem; // a renewal of the trust list that failed (sign-in still stands)
    // Set when this sign-in enrolled the tablet again as a new device (3b): why, the device id it
    // had, and where its old key file went (empty when there was none).
    std::string rekeyReason;
    std::string previousDeviceId;
    std::string retiredKeyFile;
};

SyncResult<SignInOutcome> signInDevice(Store& store, DeviceConnection& connection,
                                       const SignInRequest& request);

} // namespace fieldseal
