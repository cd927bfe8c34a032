#pragma once
// The seal service on a real data directory (DATA/authority, DATA/tls made by initServerSeals)
// and a real server database, with a clock the test can move forward, plus what a tablet does:
// generate a key, make a CSR, enroll, seal with the device key, keep a TrustStore.

#include "audit/audit_log.h"
#include "model/uscc.h"
#include "seal/certificates.h"
#include "seal/csr.h"
#include "seal/encoding.h"
#include "seal/exemption_payload.h"
#include "seal/keys.h"
#include "seal/sealer.h"
#include "seal/trust_store.h"
#include "seals/seal_service.h"
#include "seals/seal_setup.h"
#include "storage/server_database.h"
#include "storage/sqlite_audit_store.h"
#include "storage/sqlite_seal_store.h"
#include "store/sqlite_db.h"

#include <QTemporaryDir>
#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace fieldseal::server::test {

using namespace std::chrono_literals;

template <class T> T must(Result<T> r) {
    if (!r) throw std::runtime_error("unexpected error: " + r.error().message);
    return std::move(r).value();
}

inline Caller caller(const std::string& username, Role role, const std::string& district) {
    return Caller{"user-" + username, username, role, district, ""};
}

// A USCC with a valid check character.
inline std::string uscc(const std::string& first17) {
    return first17 + usccCheckCharacter(first17);
}

struct SealEnv {
    QTemporaryDir dir;
    std::filesystem::path data;
    std::chrono::seconds shift{0}; // how far the service's clock runs ahead of the real one
    std::unique_ptr<ServerDatabase> db;
    std::unique_ptr<SqliteAuditStore> auditStore;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<SealService> seals;

    explicit SealEnv(seal::Algorithm alg = seal::Algorithm::Sm2Sm3) {
        if (!dir.isValid()) throw std::runtime_error("no temporary directory");
        data = std::filesystem::path(dir.path().toStdString()) / "data";
        if (auto s = initServerSeals(data, alg, std::nullopt, {"fieldseal.example.org"}); !s)
            throw std::runtime_error("init: " + s.error().message);
        open();
    }

    void open() {
        seals.reset();
        audit.reset();
        auditStore.reset();
        db.reset();
        db = must(ServerDatabase::open(data / "server.db", true));
        auditStore = std::make_unique<SqliteAuditStore>(db->db());
        audit = std::make_unique<AuditLog>(*db, *auditStore);
        SealServiceOptions options;
        options.now = [this] { return seal::now() + shift; };
        seals = must(
            SealService::open(data, *db, std::make_unique<SqliteSealStore>(db->db()), audit.get(), options));
    }

    std::string scalar(const std::string& sql) {
        auto lock = db->lock();
        auto q = db->db().query(sql);
        return q.step() ? q.text(0) : std::string();
    }

    // A trust store as a tablet keeps it: provisioned with the authority root, current list installed.
    std::unique_ptr<seal::TrustStore> deviceTrustStore() {
        auto lock = db->lock();
        auto store = std::make_unique<seal::TrustStore>(seals->authorityLocked().provisionedRoots());
        const auto s = store->install(seals->trustStore().currentTrustList(), seal::now() + shift);
        if (!s) throw std::runtime_error("install: " + s.error().message);
        return store;
    }
};

// A tablet: its key, its enrollment, its seal.
struct Tablet {
    seal::PkeyPtr key;
    EnrolledDevice enrolled;

    Tablet(SealEnv& env, const Caller& who, seal::Algorithm alg, const std::string& deviceId = {}) {
        key = must(seal::generateKey(alg));
        enrolled =
            must(env.seals->enroll(who, {must(seal::createCsrPem(key.get(), "tablet")), deviceId, "窗口 1"}));
    }

    seal::Sealer sealer() const {
        auto keyCopy = must(seal::privateKeyFromPem(seal::privateKeyPem(key.get())));
        return must(seal::Sealer::create(std::move(keyCopy),
                                         must(seal::certificateFromPem(enrolled.device.certificate)),
                                         must(seal::certificatesFromPem(enrolled.chainPem.front()))));
    }

    nlohmann::json seal(const nlohmann::json& payload, seal::Time at = seal::now() - 1min) const {
        return must(sealer().seal(
            payload, {"device:" + enrolled.device.id, "进博会 CCC 免办窗口", seal::sha256Hex("window seal")},
            at));
    }
};

// A CCC exemption as the sync service materialises it, sealed by `tablet` (fast channel claimed).
inline nlohmann::json sealedExemption(const Tablet& tablet, const std::string& id,
                                      const std::string& applicantUscc, seal::Time at = seal::now() - 1min) {
    nlohmann::json record = {
        {"id", id},
        {"type", "ccc_exemption"},
        {"exhibition", "第九届中国国际进口博览会"},
        {"applicant_name", "上海示例进出口有限公司"},
        {"exhibits", {{{"name", "咖啡机"}, {"model", "GX-2"}, {"hs_code", "8516.71"}, {"quantity", 2}}}},
        {"purpose", "展览展示"},
        {"fast_channel", true},
        {"issued_by", "alice"},
        {"exemption_status", "issued"},
        {"district", "310118"}};
    if (!applicantUscc.empty()) record["applicant_uscc"] = applicantUscc;
    record["envelope"] = tablet.seal(seal::exemptionPayload(id, record), at);
    return record;
}

} // namespace fieldseal::server::test
