#pragma once
// SealService: the server's seals. It owns the authority (DATA/authority) and a TrustStore with
// the authority's current trust list installed (provisioned root = the authority's root), and
// does with them what devices and the sync service need: device enrollment and revocation,
// trust-list publication and serving, seal verification, the verification reports of arriving
// certificate records, and the counter-seal of CCC exemptions issued offline.
//
// Locking: the authority and the store are only touched with ServerDatabase::lock() held. Public
// entry points take the lock themselves; functions named ...Locked expect the caller (the sync
// service, inside its push) to hold it and never begin a transaction of their own. verify() and
// verifyText() need no lock (the TrustStore is thread-safe) unless the list is due for renewal.
//
// Trust lists: every publication (revocation, admin request, renewal) is stored in trust_lists,
// installed, and audited. A list is renewed once half its lifetime has passed, on the next use,
// so devices always fetch one with days to spare. On open, lists the authority published while
// the server was down (`fieldseal authority ... --dir DATA/authority`) are taken over.

#include "model/pass_key.h"
#include "api/caller.h"
#include "model/ids.h"
#include "model/result.h"
#include "seal/authority.h"
#include "seal/report.h"
#include "seal/trust_store.h"
#include "seals/seal_store.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::server {

class AuditLog;
class ServerDatabase;

struct SealServiceOptions {
    int trustListDays = seal::kDefaultNextUpdateDays;                // next_update of each list
    std::chrono::days deviceValidity = seal::kDefaultDeviceValidity; // of device certificates
    int exemptionValidityDays = 180; // valid_to - valid_from of a sealed exemption
    std::function<seal::Time()> now; // seal::now() when empty
};

struct EnrollRequest {
    std::string csrPem;
    std::string deviceId; // empty: the server makes one (a UUIDv7)
    std::string label;    // e.g. "进博会 4.1 馆 窗口 2"
};

struct EnrolledDevice {
    DeviceRecord device;
    std::vector<std::string> chainPem; // the device CA, then the root
    nlohmann::json trustList;          // the current trust-list envelope
    bool created = true;               // false: a retried enrollment (same id, user and key) answered again
};

struct RevokedDevice {
    DeviceRecord device;
    std::uint64_t trustListSequence = 0; // the first list whose CRL carries the revocation
};

// What counterSealLocked decided about one CCC exemption.
struct CounterSealOutcome {
    bool sealed = false;

    // When refused. Codes: not_issued, no_device_seal, seal_invalid, device_not_enrolled,
    // device_revoked, device_not_exhibition_staff, district_mismatch, payload_mismatch,
    // not_on_fast_channel_list, invalid_certificate (a bug: the server's own certificate failed).
    std::string refusalCode;
    std::string refusalReason; // one English sentence naming what failed

    // The device seal's verification report (null when the exemption carries no envelope).
    nlohmann::json deviceReport;

    // When sealed: the new immutable `certificate` record (id and body without "type") and the
    // object to set as the exemption's `counter_seal` (the sync service sets the status "sealed").
    std::string certificateId;
    nlohmann::json certificate;
    nlohmann::json counterSeal;
};

class SealService {
public:
    // Opens DATA/authority (made by initServerSeals), installs its newest trust list, stores in
    // trust_lists any list the table lacks, and marks devices revoked that the authority revoked.
    // `audit` may be null (no audit entries are written then).
    static Result<std::unique_ptr<SealService>> open(const std::filesystem::path& dataDir, ServerDatabase& db,
                                                     std::unique_ptr<SealStore> store, AuditLog* audit,
                                                     SealServiceOptions options = {});
    // Only open() makes one.
    SealService(PassKey<SealService>, ServerDatabase& db, std::unique_ptr<SealStore> store, AuditLog* audit,
                seal::Authority authority, SealServiceOptions options);
    ~SealService();

    // POST /v1/devices/enroll: a device certificate for the key of `request.csrPem`, with the
    // caller's user name, role and district (never the request's subject). Errors: InvalidInput
    // (bad request or key type; 422), Conflict (the device id belongs to another user or key; 409).
    Result<EnrolledDevice> enroll(const Caller& caller, const EnrollRequest& request);

    // Admin: every device; supervisor: their district's; anyone else: their own.
    Result<std::vector<DeviceRecord>> listDevices(const Caller& caller);

    // Admin only. Revokes the device certificate at `at` (now when empty; never in the future:
    // give the time of compromise, seals signed since then fail), publishes the next trust list
    // and marks the device revoked; `reason` goes to the audit log. Every access and refresh
    // token issued to the device is revoked with it (its sessions end at once). NotFound,
    // IllegalTransition (already revoked), Forbidden.
    Result<RevokedDevice> revokeDevice(const Caller& caller, const std::string& deviceId,
                                       std::optional<seal::Time> at = std::nullopt,
                                       const std::string& reason = {});

    // Admin only: publishes the next trust list, replacing the fast-channel unit list when given.
    Result<seal::PublishedTrustList> publishTrustList(const Caller& caller,
                                                      std::optional<nlohmann::json> fastChannelUnits);

    // The current trust-list envelope (renewed first when due).
    nlohmann::json currentTrustList();
    std::uint64_t trustListSequence() const;

    // Verification against the current list at the current time.
    seal::VerificationReport verify(const nlohmann::json& envelope);
    seal::VerificationReport verifyText(std::string_view jsonOrQr);

    // --- For the sync service, with db.lock() held (inside its push; no transaction begun) ---
    // Both may renew a due trust list on the way, and throw StoreFailure when the store fails.

    // Verifies the `envelope` of a certificate record that arrived from a device and stores the
    // report in seal_reports. Returns the report JSON (report.h's form, plus "record_mismatch":
    // [fields] when the sealed payload's kind/number/holder/holder_uscc/valid_from/valid_to
    // disagree with the record's), or null when the record carries no envelope (nothing stored).
    nlohmann::json verifyCertificateRecordLocked(const std::string& recordId,
                                                 const nlohmann::json& certificateBody);

    // Checks a CCC exemption issued offline (materialised record: exhibition, applicant_uscc,
    // applicant_name, exhibits, purpose, fast_channel, issued_by, exemption_status, envelope,
    // district) and, if all is well, seals the official certificate with the authority's seal:
    // - exemption_status is "issued";
    // - the envelope verifies PASSED against the current list (device certificate chains to the
    //   authority, not revoked at its signing time, signature good);
    // - the signer is an enrolled device, not revoked now, of exhibition staff (or an admin), of
    //   the exemption's district when the device has one;
    // - the sealed payload is seal::exemptionPayload(exemptionId, record) (seal/exemption_payload.h);
    // - when fast_channel is true, the applicant is on the list's fast-channel units (by USCC, or
    //   by name without one).
    // The device seal's report is stored under the exemption id, the certificate's under its id.
    // Certificate id and number are derived from the exemption id (the same exemption always
    // gives the same ones). Audited as "seal.counter_seal" when sealed.
    CounterSealOutcome counterSealLocked(const std::string& exemptionId, const nlohmann::json& exemption);

    // The authority and the store (hold db.lock()).
    const seal::Authority& authorityLocked() const { return m_authority; }
    SealStore& storeLocked() { return *m_store; }
    const seal::TrustStore& trustStore() const { return m_trust; }

    // Deterministic ids of the certificate that counter-seals exemption `exemptionId`.
    static std::string certificateIdFor(const std::string& exemptionId);     // UUID form (version 8)
    static std::string certificateNumberFor(const std::string& exemptionId); // "CCCE-" + 16 hex

private:
    seal::Time now() const;
    bool renewalDue() const;
    // Stores, installs and audits a list the authority just published (or published earlier).
    void adoptLocked(const nlohmann::json& envelope, const std::string& actor);
    void renewIfDueLocked();
    void renewIfDue(); // takes the lock only when a renewal is due
    void auditLocked(std::string_view actor, std::string_view action, std::string_view recordId,
                     nlohmann::json detail);
    void storeReportLocked(const std::string& recordId, const seal::VerificationReport& report,
                           nlohmann::json json);
    CounterSealOutcome refuse(CounterSealOutcome outcome, std::string code, std::string reason);

    ServerDatabase& m_db;
    std::unique_ptr<SealStore> m_store;
    AuditLog* m_audit;
    seal::Authority m_authority;
    SealServiceOptions m_options;
    seal::TrustStore m_trust;
    IdGenerator m_ids;
};

} // namespace fieldseal::server
