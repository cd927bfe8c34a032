#pragma once
// ReportRecordStore on the server's SQLite file (table report_archive). Never locks.

#include "reports/report_record_store.h"

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class SqliteReportRecordStore final : public ReportRecordStore {
public:
    explicit SqliteReportRecordStore(sqlite::Database& db)
        : m_db(db) {}

    std::optional<ReportRecord> find(const std::string& inspectionId, const std::string& version) override;
    bool insert(const ReportRecord& record) override;
    bool markSealed(const std::string& inspectionId, const std::string& version, const std::string& kid,
                    const std::string& sealedAt) override;

private:
    sqlite::Database& m_db;
};

} // namespace fieldseal::server
