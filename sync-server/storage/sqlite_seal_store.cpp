#include "sqlite_seal_store.h"

#include "store/sqlite_db.h"

namespace fieldseal::server {
namespace {

constexpr const char* kDeviceColumns =
    "id, user_id, username, role, district, label, serial, certificate, alg, "
    "enrolled_at, not_after, revoked_at";

DeviceRecord readDevice(const sqlite::Query& q) {
    DeviceRecord d;
    d.id = q.text(0);
    d.userId = q.text(1);
    d.username = q.text(2);
    d.role = q.text(3);
    d.district = q.text(4);
    d.label = q.text(5);
    d.serial = q.text(6);
    d.certificate = q.text(7);
    d.alg = q.text(8);
    d.enrolledAt = q.text(9);
    d.notAfter = q.text(10);
    if (!q.isNull(11)) d.revokedAt = q.text(11);
    return d;
}

} // namespace

std::unique_ptr<Transaction> SqliteSealStore::begin() {
    return std::make_unique<sqlite::SqliteTransaction>(m_db);
}

bool SqliteSealStore::insertDevice(const DeviceRecord& d) {
    auto q = m_db.query(
        "INSERT INTO devices(id, user_id, username, role, district, label, serial, certificate, "
        "alg, enrolled_at, not_after, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12) ON CONFLICT DO NOTHING");
    q.bind(1, d.id)
        .bind(2, d.userId)
        .bind(3, d.username)
        .bind(4, d.role)
        .bind(5, d.district)
        .bind(6, d.label)
        .bind(7, d.serial)
        .bind(8, d.certificate)
        .bind(9, d.alg)
        .bind(10, d.enrolledAt)
        .bind(11, d.notAfter);
    if (d.revokedAt)
        q.bind(12, *d.revokedAt);
    else
        q.bindNull(12);
    return q.exec() == 1;
}

std::optional<DeviceRecord> SqliteSealStore::findDevice(const std::string& id) {
    auto q = m_db.query(std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return readDevice(q);
}

std::optional<DeviceRecord> SqliteSealStore::findDeviceBySerial(const std::string& serial) {
    auto q = m_db.query(std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE serial = ?1");
    q.bind(1, serial);
    if (!q.step()) return std::nullopt;
    return readDevice(q);
}

std::vector<DeviceRecord> SqliteSealStore::listDevices(const std::string& district) {
    auto q =
        district.empty()
            ? m_db.query(std::string("SELECT ") + kDeviceColumns + " FROM devices ORDER BY enrolled_at, id")
            : m_db.query(std::string("SELECT ") + kDeviceColumns +
                         " FROM devices WHERE district = ?1 ORDER BY enrolled_at, id");
    if (!district.empty()) q.bind(1, district);
    std::vector<DeviceRecord> out;
    while (q.step())
        out.push_back(readDevice(q));
    return out;
}

bool SqliteSealStore::markDeviceRevoked(const std::string& id, const std::string& at) {
    return m_db.query("UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")
               .bind(1, id)
               .bind(2, at)
               .exec() == 1;
}

int SqliteSealStore::deleteDeviceTokens(const std::string& deviceId) {
    // tokens_by_device makes this an index range, not a scan of every session.
    if (deviceId.empty()) return 0;
    return m_db.query("DELETE FROM tokens WHERE device_id = ?1").bind(1, deviceId).exec();
}

void SqliteSealStore::putSealReport(const std::string& recordId, const std::string& indication,
                                    const std::string& reportJson, const std::string& verifiedAt) {
    m_db.query("INSERT INTO seal_reports(record_id, indication, report, verified_at) VALUES (?1, ?2, ?3, ?4) "
               "ON CONFLICT(record_id) DO UPDATE SET indication = excluded.indication, report = "
               "excluded.report, "
               "verified_at = excluded.verified_at")
        .bind(1, recordId)
        .bind(2, indication)
        .bind(3, reportJson)
        .bind(4, verifiedAt)
        .exec();
}

std::optional<std::string> SqliteSealStore::sealReport(const std::string& recordId) {
    auto q = m_db.query("SELECT report FROM seal_reports WHERE record_id = ?1");
    q.bind(1, recordId);
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

bool SqliteSealStore::insertTrustList(const TrustListRow& t) {
    return m_db.query("INSERT INTO trust_lists(sequence, envelope, issued_at, next_update) VALUES (?1, ?2, "
                      "?3, ?4) "
                      "ON CONFLICT(sequence) DO NOTHING")
               .bind(1, static_cast<std::int64_t>(t.sequence))
               .bind(2, t.envelope)
               .bind(3, t.issuedAt)
               .bind(4, t.nextUpdate)
               .exec() == 1;
}

std::optional<TrustListRow> SqliteSealStore::latestTrustList() {
    auto q = m_db.query(
        "SELECT sequence, envelope, issued_at, next_update FROM trust_lists ORDER BY sequence DESC LIMIT 1");
    if (!q.step()) return std::nullopt;
    return TrustListRow{static_cast<std::uint64_t>(q.int64(0)), q.text(1), q.text(2), q.text(3)};
}

} // namespace fieldseal::server
