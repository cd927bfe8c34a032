#pragma once
// The device's private key in its own file, readable by the device's user only (0600). It is made
// on the device at its first sign-in, in the authority's algorithm, and never sent anywhere: the
// server sees a signing request and returns a certificate. The file is written whole before it
// appears (temporary file, fsync, rename), so a crash leaves either no key or a complete one.

#include "model/result.h"
#include "seal/algorithm.h"
#include "seal/ossl_types.h"

#include <string>

namespace fieldseal {

struct DeviceKey {
    seal::PkeyPtr key;
    seal::Algorithm alg = seal::Algorithm::Es256;
    bool created = false; // made by this call
};

// Loads the key in `path`, or makes one of `alg` there when the file does not exist. A key of
// another algorithm is an error (the authority's algorithm decides). A file that others may read
// is narrowed to 0600 first.
Result<DeviceKey> loadOrCreateDeviceKey(const std::string& path, seal::Algorithm alg);
// Loads an existing key file.
Result<DeviceKey> loadDeviceKey(const std::string& path);

} // namespace fieldseal
