#include "seal_service.h"

#include "api/errors.h"
#include "audit/audit_log.h"
#include "seal/certificates.h"
#include "seal/csr.h"
#include "seal/envelope.h"
#include "seal/keys.h"
#include "seal/trust_list.h"
#include "storage/server_database.h"

#include <algorithm>

namespace fieldseal::server {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* kServerActor = "fieldseal-server";
constexpr std::size_t kMaxDeviceId = 64;
constexpr std::size_t kMaxLabel = 200;

bool validDeviceId(const std::string& id) {
    return !id.empty() && id.size() <= kMaxDeviceId && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_' || c == '.';
    });
}

bool validLabel(const std::string& label) {
    return label.size() <= kMaxLabel && std::none_of(label.begin(), label.end(), [](char c) {
               return static_cast<unsigned char>(c) < 0x20;
           });
}

struct ListFacts {
    std::uint64_t sequence = 0;
    std::string issuedAt;
    std::string nextUpdate;
};

Result<ListFacts> factsOf(const json& envelope) {
    auto view = seal::viewEnvelope(envelope);
    if (!view) return view.error();
    auto content = seal::parseTrustListPayload(*view->payload);
    if (!content) return content.error();
    return ListFacts{content->sequence, seal::formatRfc3339(content->issuedAt),
                     seal::formatRfc3339(content->nextUpdate)};
}

} // namespace

SealService::SealService(PassKey<SealService>, ServerDatabase& db, std::unique_ptr<SealStore> store,
                         AuditLog* audit, seal::Authority authority, SealServiceOptions options)
    : m_db(db)
    , m_store(std::move(store))
    , m_audit(audit)
    , m_authority(std::move(authority))
    , m_options(std::move(options))
    , m_trust(m_authority.provisionedRoots()) {}

SealService::~SealService() = default;

Result<std::unique_ptr<SealService>> SealService::open(const fs::path& dataDir, ServerDatabase& db,
                                                       std::unique_ptr<SealStore> store, AuditLog* audit,
                                                       SealServiceOptions options) {
    if (options.trustListDays < 1 || options.trustListDays > 366)
        return invalidInput("trust lists must be valid for 1 to 366 days");
    if (options.deviceValidity.count() < 1 || options.exemptionValidityDays < 1)
        return invalidInput("device and exemption validity must be at least one day");
    auto authority = seal::Authority::open(dataDir / "authority");
    if (!authority) return authority.error();
    auto s = std::make_unique<SealService>(PassKey<SealService>{}, db, std::move(store), audit,
                                           std::move(authority).value(), std::move(options));

    auto lock = db.lock();
    try {
        const auto published = s->m_authority.currentTrustList();
        auto stored = s->m_store->latestTrustList();
        const std::uint64_t authoritySeq = s->m_authority.trustListSequence();
        if (stored && stored->sequence > authoritySeq)
            return Error{ErrorDomain::Seal, ErrorCode::IllegalTransition,
                         "DATA/authority has published trust list " + std::to_string(authoritySeq) +
                             " but the database holds " + std::to_string(stored->sequence) +
                             ": the authority folder is older than the database (restore it from the backup "
                             "taken with the database)"};
        if (published.is_null()) return invalidInput("DATA/authority has never published a trust list");
        auto tx = s->m_store->begin();
        s->adoptLocked(published, kServerActor);
        // Revocations recorded while the server was down, or whose database write was lost.
        for (const auto& r : s->m_authority.revocations()) {
            const auto device = s->m_store->findDeviceBySerial(r.serialHex);
            if (device && !device->revokedAt) {
                s->m_store->markDeviceRevoked(device->id, seal::formatRfc3339(r.revokedAt));
                s->m_store->deleteDeviceTokens(device->id);
            }
        }
        tx->commit();
        s->renewIfDueLocked();
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
    if (!s->m_trust.sequence()) return invalidInput("the authority's trust list does not install");
    return s;
}

seal::Time SealService::now() const {
    return m_options.now ? m_options.now() : seal::now();
}

bool SealService::renewalDue() const {
    const auto next = m_trust.nextUpdate();
    return !next || now() + std::chrono::hours(12) * m_options.trustListDays >= *next;
}

void SealService::adoptLocked(const json& envelope, const std::string& actor) {
    const auto facts = factsOf(envelope);
    if (!facts)
        throw std::logic_error("the authority published an unreadable trust list: " + facts.error().message);
    if (m_trust.sequence() && *m_trust.sequence() >= facts->sequence) return; // installed already
    if (m_store->insertTrustList({facts->sequence, envelope.dump(), facts->issuedAt, facts->nextUpdate}))
        auditLocked(actor, "trust_list.publish", "",
                    {{"sequence", facts->sequence}, {"next_update", facts->nextUpdate}});
    if (auto s = m_trust.install(envelope, now()); !s)
        throw std::logic_error("the authority's own trust list does not install: " + s.error().message);
}

void SealService::renewIfDueLocked() {
    if (!renewalDue()) return;
    auto published = m_authority.publishTrustList(std::nullopt, m_options.trustListDays);
    // A failure here (disk full, ...) leaves the current list, which verifiers will call stale
    // once due; the next use tries again.
    if (published) adoptLocked(published->envelope, kServerActor);
}

void SealService::auditLocked(std::string_view actor, std::string_view action, std::string_view recordId,
                              json detail) {
    if (m_audit) m_audit->appendLocked(actor, action, recordId, std::move(detail));
}

void SealService::storeReportLocked(const std::string& recordId, const seal::VerificationReport& report,
                                    json reportJson) {
    m_store->putSealReport(recordId, seal::toString(report.indication), reportJson.dump(),
                           seal::formatRfc3339(now()));
}

Result<EnrolledDevice> SealService::enroll(const Caller& caller, const EnrollRequest& request) {
    if (request.csrPem.empty()) return invalidInput("csr: a PEM certificate signing request is required");
    if (!request.deviceId.empty() && !validDeviceId(request.deviceId))
        return invalidInput("device_id: 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'");
    if (!validLabel(request.label)) return invalidInput("label: at most 200 bytes, no control characters");
    auto csr = seal::checkCsrPem(request.csrPem);
    if (!csr) return invalidInput("csr: " + csr.error().message);

    auto lock = m_db.lock();
    try {
        renewIfDueLocked();
        EnrolledDevice out;
        out.chainPem = {m_authority.issuingCaCertificatePem(), m_authority.rootCertificatePem()};
        std::string id = request.deviceId;
        if (!id.empty()) {
            if (auto existing = m_store->findDevice(id)) {
                // A retry whose response was lost: same device, same user, same key.
                auto cert = seal::certificateFromPem(existing->certificate);
                const bool sameKey = cert && seal::publicKeyPem(seal::certificatePublicKey(cert->get())) ==
                                                 seal::publicKeyPem(csr->publicKey.get());
                if (existing->userId != caller.userId || existing->revokedAt || !sameKey)
                    return Error{ErrorDomain::Validation, ErrorCode::Conflict,
                                 "device " + id + " is already enrolled" +
                                     (existing->revokedAt ? " and revoked" : " with another key or user")};
                out.device = std::move(*existing);
                out.created = false;
                out.trustList = m_trust.currentTrustList();
                return out;
            }
        } else {
            id = m_ids.next();
        }
        const seal::DeviceIdentity identity{caller.username, toString(caller.role), caller.district, id};
        auto issued = m_authority.issueDeviceCertificate(request.csrPem, identity, m_options.deviceValidity);
        if (!issued) {
            if (issued.error().code == ErrorCode::InvalidInput) return invalidInput(issued.error().message);
            return issued.error();
        }
        DeviceRecord d;
        d.id = id;
        d.userId = caller.userId;
        d.username = caller.username;
        d.role = toString(caller.role);
        d.district = caller.district;
        d.label = request.label;
        d.serial = issued->serial;
        d.certificate = issued->pem;
        d.alg = seal::toString(csr->alg);
        d.enrolledAt = seal::formatRfc3339(now());
        d.notAfter = seal::formatRfc3339(issued->notAfter);
        auto tx = m_store->begin();
        if (!m_store->insertDevice(d))
            return Error{ErrorDomain::Validation, ErrorCode::Conflict,
                         "device " + id + " is already enrolled"};
        auditLocked(caller.username, "device.enroll", id,
                    {{"serial", d.serial},
                     {"alg", d.alg},
                     {"role", d.role},
                     {"district", d.district},
                     {"not_after", d.notAfter}});
        tx->commit();
        out.device = std::move(d);
        out.trustList = m_trust.currentTrustList();
        return out;
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<std::vector<DeviceRecord>> SealService::listDevices(const Caller& caller) {
    auto lock = m_db.lock();
    try {
        if (caller.role == Role::Admin) return m_store->listDevices("");
        if (caller.role == Role::Supervisor && !caller.district.empty())
            return m_store->listDevices(caller.district);
        auto all = m_store->listDevices(caller.district);
        std::erase_if(all, [&](const DeviceRecord& d) { return d.userId != caller.userId; });
        return all;
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<RevokedDevice> SealService::revokeDevice(const Caller& caller, const std::string& deviceId,
                                                std::optional<seal::Time> at, const std::string& reason) {
    if (caller.role != Role::Admin) return forbidden("only administrators revoke devices");
    const seal::Time when = at.value_or(now());
    if (when > now() + 5min) return invalidInput("at: a revocation cannot take effect in the future");
    auto lock = m_db.lock();
    try {
        auto device = m_store->findDevice(deviceId);
        if (!device) return notFound("no device " + deviceId);
        if (device->revokedAt)
            return Error{ErrorDomain::Validation, ErrorCode::IllegalTransition,
                         "device " + deviceId + " was revoked at " + *device->revokedAt};
        auto published = m_authority.revoke(device->serial, when, m_options.trustListDays);
        if (!published) {
            // Revoked in the authority folder but not yet here (a lost write): catch up.
            for (const auto& r : m_authority.revocations())
                if (r.serialHex == device->serial) {
                    m_store->markDeviceRevoked(deviceId, seal::formatRfc3339(r.revokedAt));
                    m_store->deleteDeviceTokens(deviceId);
                }
            return published.error();
        }
        const std::string whenText = seal::formatRfc3339(when);
        auto tx = m_store->begin();
        m_store->markDeviceRevoked(deviceId, whenText);
        const int tokens = m_store->deleteDeviceTokens(deviceId);
        auditLocked(caller.username, "device.revoke", deviceId,
                    {{"serial", device->serial},
                     {"at", whenText},
                     {"reason", reason},
                     {"tokens_revoked", tokens},
                     {"trust_list_sequence", published->sequence}});
        adoptLocked(published->envelope, caller.username);
        tx->commit();
        device->revokedAt = whenText;
        return RevokedDevice{std::move(*device), published->sequence};
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<seal::PublishedTrustList> SealService::publishTrustList(const Caller& caller,
                                                               std::optional<json> fastChannelUnits) {
    if (caller.role != Role::Admin)
        return forbidden("only administrators publish trust lists");
    auto lock = m_db.lock();
    try {
        auto published = m_authority.publishTrustList(std::move(fastChannelUnits), m_options.trustListDays);
        if (!published) return published.error();
        auto tx = m_store->begin();
        adoptLocked(published->envelope, caller.username);
        tx->commit();
        return published;
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

void SealService::renewIfDue() {
    if (!renewalDue()) return;
    auto lock = m_db.lock();
    try {
        renewIfDueLocked();
    } catch (const StoreFailure&) {
        // Keep serving the current list; the next request tries again.
    }
}

json SealService::currentTrustList() {
    renewIfDue();
    return m_trust.currentTrustList();
}

std::uint64_t SealService::trustListSequence() const {
    return m_trust.sequence().value_or(0);
}

seal::VerificationReport SealService::verify(const json& envelope) {
    renewIfDue();
    return m_trust.verify(envelope, now());
}

seal::VerificationReport SealService::verifyText(std::string_view jsonOrQr) {
    renewIfDue();
    return m_trust.verifyText(jsonOrQr, now());
}

json SealService::verifyCertificateRecordLocked(const std::string& recordId, const json& certificateBody) {
    if (!certificateBody.is_object()) return nullptr;
    const auto envelope = certificateBody.find("envelope");
    if (envelope == certificateBody.end() || !envelope->is_object()) return nullptr;
    renewIfDueLocked();
    const auto report = m_trust.verify(*envelope, now());
    json out = report.toJson();
    // A good seal on other content than the record shows is worth saying.
    const auto payload = envelope->find("payload");
    if (payload != envelope->end() && payload->is_object()) {
        json mismatch = json::array();
        for (const char* field : {"kind", "number", "holder", "holder_uscc", "valid_from", "valid_to"})
            if (payload->contains(field) && certificateBody.contains(field) &&
                (*payload)[field] != certificateBody[field])
                mismatch.push_back(field);
        if (!mismatch.empty()) out["record_mismatch"] = std::move(mismatch);
    }
    storeReportLocked(recordId, report, out);
    return out;
}

} // namespace fieldseal::server
