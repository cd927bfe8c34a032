#pragma once
// SealStore on the server's SQLite file (tables devices, seal_reports, trust_lists). Never locks:
// the seal service holds ServerDatabase::lock() around every call.

#include "seals/seal_store.h"

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class SqliteSealStore final : public SealStore {
public:
    explicit SqliteSealStore(sqlite::Database& db)
        : m_db(db) {}

    std::unique_ptr<Transaction> begin() override;

    bool insertDevice(const DeviceRecord& device) override;
    std::optional<DeviceRecord> findDevice(const std::string& id) override;
    std::optional<DeviceRecord> findDeviceBySerial(const std::string& serial) override;
    std::vector<DeviceRecord> listDevices(const std::string& district) override;
    bool markDeviceRevoked(const std::string& id, const std::string& at) override;
    int deleteDeviceTokens(const std::string& deviceId) override;

    void putSealReport(const std::string& recordId, const std::string& indication,
                       const std::string& reportJson, const std::string& verifiedAt) override;
    std::optional<std::string> sealReport(const std::string& recordId) override;

    bool insertTrustList(const TrustListRow& list) override;
    std::optional<TrustListRow> latestTrustList() override;

private:
    sqlite::Database& m_db;
};

} // namespace fieldseal::server
