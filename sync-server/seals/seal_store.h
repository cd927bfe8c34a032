#pragma once
// SealStore: where enrolled devices, seal verification reports and published trust lists are
// kept; the seal service's only view of storage (the SQLite implementation is
// storage/sqlite_seal_store.cpp).
//
// Store classes never lock: callers hold ServerDatabase::lock() and, for changes that belong
// together, a transaction from begin(). Backend failures throw StoreFailure.

#include "store/store.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal::server {

struct DeviceRecord {
    std::string id;
    std::string userId;
    std::string username; // as written in the certificate (CN)
    std::string role;     // as written in the certificate (title)
    std::string district; // as written in the certificate (L); empty for city-wide accounts
    std::string label;
    std::string serial;      // lower-case hex
    std::string certificate; // PEM
    std::string alg;         // "ES256" | "SM2-SM3"
    std::string enrolledAt;  // RFC 3339 UTC
    std::string notAfter;
    std::optional<std::string> revokedAt;
};

struct TrustListRow {
    std::uint64_t sequence = 0;
    std::string envelope; // JSON text
    std::string issuedAt;
    std::string nextUpdate;
};

class SealStore {
public:
    virtual ~SealStore() = default;

    virtual std::unique_ptr<Transaction> begin() = 0;

    // Devices. insertDevice returns false (and changes nothing) when the id or serial is taken.
    virtual bool insertDevice(const DeviceRecord& device) = 0;
    virtual std::optional<DeviceRecord> findDevice(const std::string& id) = 0;
    virtual std::optional<DeviceRecord> findDeviceBySerial(const std::string& serial) = 0;
    // By enrollment time; an empty district lists every device.
    virtual std::vector<DeviceRecord> listDevices(const std::string& district) = 0;
    // Returns false when there is no such device or it was revoked already.
    virtual bool markDeviceRevoked(const std::string& id, const std::string& at) = 0;
    // Deletes every access and refresh token issued to the device (a revoked device's sessions
    // end with its certificate); returns how many.
    virtual int deleteDeviceTokens(const std::string& deviceId) = 0;

    // The last verification report of a record's seal (replaced on re-verification).
    virtual void putSealReport(const std::string& recordId, const std::string& indication,
                               const std::string& reportJson, const std::string& verifiedAt) = 0;
    virtual std::optional<std::string> sealReport(const std::string& recordId) = 0;

    // Trust lists. insertTrustList returns false when the sequence is stored already.
    virtual bool insertTrustList(const TrustListRow& list) = 0;
    virtual std::optional<TrustListRow> latestTrustList() = 0;
};

} // namespace fieldseal::server
