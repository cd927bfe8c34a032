#include "authority.h"

#include "certificates.h"
#include "csr.h"
#include "encoding.h"
#include "keys.h"
#include "model/unique_fd.h"
#include "ossl_private.h"
#include "trust_list.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fieldseal::seal {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr const char* kStateFile = "authority.json";
constexpr const char* kSealId = "fieldseal-authority-seal";

Error inputError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}
Error ioError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::StoreFailure, std::move(message)};
}

Result<std::string> readText(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return ioError("cannot read " + path.string());
    std::ostringstream s;
    s << f.rdbuf();
    if (f.bad()) return ioError("cannot read " + path.string());
    return s.str();
}

// Replaces `path` with `content` atomically (temporary file, fsync, rename), so that a crash
// leaves the old or the new file, never a torn one. Secrets are created 0600 from the start.
Status writeAtomic(const fs::path& path, std::string_view content, bool secret = false) {
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    if (ec) return ioError("cannot create " + path.parent_path().string() + ": " + ec.message());
    const fs::path tmp = path.string() + ".tmp";
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, secret ? 0600 : 0644));
    if (fd.get() < 0) return ioError("cannot write " + tmp.string() + ": " + std::strerror(errno));
    if (secret) ::fchmod(fd.get(), 0600); // an older temporary file may have had other bits
    size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return ioError("cannot write " + tmp.string() + ": " + std::strerror(errno));
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0 || ::close(fd.release()) != 0)
        return ioError("cannot write " + tmp.string() + ": " + std::strerror(errno));
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        return ioError("cannot replace " + path.string() + ": " + std::strerror(errno));
    return ok();
}

struct KeyCert {
    PkeyPtr key;
    X509Ptr cert;
};

X509Ptr copyCert(const x509_st* cert) {
    auto copy = certificateFromDer(certificateDer(cert));
    return copy ? std::move(copy).value() : X509Ptr();
}

Result<KeyCert> loadKeyCert(const fs::path& dir, const std::string& name) {
    auto keyText = readText(dir / (name + ".key"));
    if (!keyText) return keyText.error();
    auto certText = readText(dir / (name + ".pem"));
    if (!certText) return certText.error();
    auto key = privateKeyFromPem(*keyText);
    if (!key) return inputError((dir / (name + ".key")).string() + ": " + key.error().message);
    auto cert = certificateFromPem(*certText);
    if (!cert) return inputError((dir / (name + ".pem")).string() + ": " + cert.error().message);
    return KeyCert{std::move(key).value(), std::move(cert).value()};
}

Status saveKeyCert(const fs::path& dir, const std::string& name, const KeyCert& kc) {
    if (auto s = writeAtomic(dir / (name + ".key"), privateKeyPem(kc.key.get()), true); !s) return s;
    return writeAtomic(dir / (name + ".pem"), certificatePem(kc.cert.get()));
}

Result<KeyCert> issueWithNewKey(Algorithm alg, CertProfile profile, const std::string& cn,
                                const std::string& org, const KeyCert* issuer, Time from, Time until) {
    auto key = generateKey(alg);
    if (!key) return key.error();
    CertRequest req;
    req.profile = profile;
    req.commonName = cn;
    req.organization = org;
    req.notBefore = from;
    req.notAfter = until;
    auto cert = issueCertificate(req, key->get(), issuer ? issuer->cert.get() : nullptr,
                                 issuer ? issuer->key.get() : key->get());
    if (!cert)
        return Error{cert.error().domain, cert.error().code,
                     "certificate for " + cn + ": " + cert.error().message};
    return KeyCert{std::move(key).value(), std::move(cert).value()};
}

std::string commonNameOf(x509_st* cert) {
    const X509_NAME* name = X509_get_subject_name(cert);
    const int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (i < 0) return {};
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    if (len < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
    OPENSSL_free(utf8);
    return out;
}

Status checkNextUpdateDays(int days) {
    if (days < 1 || days > 366) return inputError("next update must be 1 to 366 days ahead");
    return ok();
}

Status checkFastChannelUnits(const nlohmann::json& units) {
    if (!units.is_array()) return inputError("the fast-channel unit list must be a JSON array");
    for (const auto& u : units) {
        const bool text = u.is_string() && !u.get_ref<const std::string&>().empty();
        bool object = u.is_object() && !u.empty();
        if (object)
            for (const auto& [k, v] : u.items())
                object = object && v.is_string();
        if (!text && !object)
            return inputError(
                "fast-channel units are USCC or name strings, or {\"uscc\", \"name\"} objects: " + u.dump());
    }
    return ok();
}

} // namespace

struct Authority::State {
    fs::path dir;
    Algorithm alg = Algorithm::Sm2Sm3;
    nlohmann::json state; // authority.json
    KeyCert root, inter;
    std::optional<Sealer> sealer;
    std::optional<Sealer> tslSealer;
    std::string organization;
    std::string sealName;
    nlohmann::json trustList;
    std::uint64_t listSequence = 0;
    Time listIssuedAt;
    Time listNextUpdate;
};

Authority::Authority(std::unique_ptr<State> state)
    : m_s(std::move(state)) {}
Authority::Authority(Authority&&) noexcept = default;
Authority& Authority::operator=(Authority&&) noexcept = default;
Authority::~Authority() = default;

std::optional<std::string> Authority::normalizeSerial(std::string_view serial) {
    std::string s(serial);
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s.empty() || s.size() > 40 || !hexDecode(s.size() % 2 ? "0" + s : s)) return std::nullopt;
    s.erase(0, std::min(s.find_first_not_of('0'), s.size() - 1));
    return s;
}

Result<Authority> Authority::create(const fs::path& dir, Algorithm alg, const AuthorityNames& names,
                                    int nextUpdateDays) {
    if (auto s = checkNextUpdateDays(nextUpdateDays); !s) return s.error();
    if (fs::exists(dir / kStateFile)) return inputError(dir.string() + " already holds an authority");
    const std::string org =
        names.organization.empty() ? std::string("FieldSeal Authority") : names.organization;
    const Time t = now();
    auto root =
        issueWithNewKey(alg, CertProfile::Root, org + " Root CA", org, nullptr, t - 1h, t + 24h * 3650 * 2);
    if (!root) return root.error();
    auto inter = issueWithNewKey(alg, CertProfile::Intermediate, org + " Issuing CA", org, &*root, t - 1h,
                                 t + 24h * 3650);
    if (!inter) return inter.error();
    auto signer =
        issueWithNewKey(alg, CertProfile::SealSigner, names.sealName.empty() ? org + " Seal" : names.sealName,
                        org, &*inter, t - 1h, t + 24h * 365 * 3);
    if (!signer) return signer.error();
    auto tsl = issueWithNewKey(alg, CertProfile::TrustListSigner, org + " Trust List Signer", org, &*inter,
                               t - 1h, t + 24h * 365 * 3);
    if (!tsl) return tsl.error();

    for (const auto& [name, kc] : {std::pair<const char*, const KeyCert*>{"root", &*root},
                                   {"intermediate", &*inter},
                                   {"signer", &*signer},
                                   {"trust-list-signer", &*tsl}})
        if (auto s = saveKeyCert(dir, name, *kc); !s) return s.error();
    if (auto s = writeAtomic(dir / "chain.pem", certificatePem(inter->cert.get())); !s) return s.error();
    const nlohmann::json state = {{"alg", alg == Algorithm::Sm2Sm3 ? "sm2" : "p256"},
                                  {"name", org},
                                  {"sequence", 0},
                                  {"crl_number", 0},
                                  {"signers", {"signer.pem"}},
                                  {"devices", nlohmann::json::array()},
                                  {"revoked", nlohmann::json::array()},
                                  {"fast_channel_units", nlohmann::json::array()}};
    if (auto s = writeAtomic(dir / kStateFile, state.dump(2) + "\n"); !s) return s.error();

    auto opened = open(dir);
    if (!opened) return opened.error();
    auto published = opened->publish(opened->m_s->state, nextUpdateDays);
    if (!published) return published.error();
    return std::move(opened).value();
}

Result<Authority> Authority::open(const fs::path& dir) {
    if (!fs::exists(dir / kStateFile))
        return inputError(dir.string() + " is not an authority folder (run: fieldseal authority init)");
    auto text = readText(dir / kStateFile);
    if (!text) return text.error();
    auto s = std::make_unique<State>();
    s->dir = dir;
    s->state = nlohmann::json::parse(*text, nullptr, false);
    if (!s->state.is_object() || !s->state.value("signers", nlohmann::json()).is_array() ||
        !s->state.value("revoked", nlohmann::json()).is_array())
        return inputError((dir / kStateFile).string() + " is damaged");
    const std::string algName = s->state.value("alg", std::string());
    if (algName != "sm2" && algName != "p256")
        return inputError((dir / kStateFile).string() + ": alg must be sm2 or p256");
    s->alg = algName == "sm2" ? Algorithm::Sm2Sm3 : Algorithm::Es256;
    s->organization = s->state.value("name", std::string("FieldSeal Authority"));
    if (!s->state.contains("devices"))
        s->state["devices"] = nlohmann::json::array(); // folders made before devices
    if (!s->state.contains("fast_channel_units")) s->state["fast_channel_units"] = nlohmann::json::array();

    auto root = loadKeyCert(dir, "root");
    if (!root) return root.error();
    auto inter = loadKeyCert(dir, "intermediate");
    if (!inter) return inter.error();
    auto signer = loadKeyCert(dir, "signer");
    if (!signer) return signer.error();
    auto tsl = loadKeyCert(dir, "trust-list-signer");
    if (!tsl) return tsl.error();
    s->sealName = commonNameOf(signer->cert.get());
    std::vector<X509Ptr> chain;
    chain.push_back(copyCert(inter->cert.get()));
    auto sealer = Sealer::create(std::move(signer->key), std::move(signer->cert), std::move(chain));
    if (!sealer) return sealer.error();
    s->sealer = std::move(sealer).value();
    chain.clear();
    chain.push_back(copyCert(inter->cert.get()));
    auto tslSealer = Sealer::create(std::move(tsl->key), std::move(tsl->cert), std::move(chain));
    if (!tslSealer) return tslSealer.error();
    s->tslSealer = std::move(tslSealer).value();
    s->root = std::move(root).value();
    s->inter = std::move(inter).value();

    if (fs::exists(dir / "trust-list.json")) {
        auto listText = readText(dir / "trust-list.json");
        if (!listText) return listText.error();
        auto list = parseJsonText(*listText);
        auto view = list ? viewEnvelope(*list) : Result<EnvelopeView>(list.error());
        auto content = view ? parseTrustListPayload(*view->payload) : Result<TrustListContent>(view.error());
        if (!content) return inputError((dir / "trust-list.json").string() + ": " + content.error().message);
        s->listSequence = content->sequence;
        s->listIssuedAt = content->issuedAt;
        s->listNextUpdate = content->nextUpdate;
        s->trustList = std::move(list).value();
    }
    return Authority(std::move(s));
}

Result<PublishedTrustList> Authority::publish(nlohmann::json next, int nextUpdateDays) {
    if (auto s = checkNextUpdateDays(nextUpdateDays); !s) return s.error();
    State& s = *m_s;
    const Time t = now();
    const Time nextUpdate = t + 24h * nextUpdateDays;
    const std::string interSerial = serialHex(s.inter.cert.get());
    std::vector<RevokedEntry> byRoot, byInter;
    for (const auto& r : next["revoked"]) {
        const auto at = r.is_object() && r.value("at", nlohmann::json()).is_string()
                            ? parseRfc3339(r["at"].get<std::string>())
                            : std::nullopt;
        if (!at || !r.value("serial", nlohmann::json()).is_string())
            return inputError((s.dir / kStateFile).string() + ": damaged revocation entry " + r.dump());
        RevokedEntry e{r["serial"].get<std::string>(), *at};
        (e.serialHex == interSerial ? byRoot : byInter).push_back(std::move(e));
    }
    const std::uint64_t crlNumber = next.value("crl_number", std::uint64_t{0}) + 1;
    TrustListContent c;
    c.sequence = next.value("sequence", std::uint64_t{0}) + 1;
    c.issuedAt = t;
    c.nextUpdate = nextUpdate;
    c.anchorsDer = {certificateDer(s.root.cert.get()), certificateDer(s.inter.cert.get())};
    for (const char* list : {"signers", "devices"}) {
        for (const auto& file : next[list]) {
            if (!file.is_string())
                return inputError((s.dir / kStateFile).string() + ": damaged " + list + " list");
            auto text = readText(s.dir / file.get<std::string>());
            if (!text) return text.error();
            auto cert = certificateFromPem(*text);
            if (!cert) return inputError(file.get<std::string>() + ": " + cert.error().message);
            c.signersDer.push_back(certificateDer(cert->get()));
        }
    }
    auto rootCrl = issueCrl(s.root.cert.get(), s.root.key.get(), byRoot, t, nextUpdate, crlNumber);
    if (!rootCrl) return rootCrl.error();
    auto interCrl = issueCrl(s.inter.cert.get(), s.inter.key.get(), byInter, t, nextUpdate, crlNumber);
    if (!interCrl) return interCrl.error();
    c.crlsDer = {crlDer(rootCrl->get()), crlDer(interCrl->get())};
    c.fastChannelUnits = next.value("fast_channel_units", nlohmann::json::array());
    auto list = sealTrustList(c, *s.tslSealer);
    if (!list) return list.error();

    next["crl_number"] = crlNumber;
    next["sequence"] = c.sequence;
    // State first: if the list file is not written, the next publication still carries
    // everything recorded (a skipped sequence number is harmless, a reused one is not).
    if (auto st = writeAtomic(s.dir / kStateFile, next.dump(2) + "\n"); !st) return st.error();
    s.state = std::move(next);
    if (auto st = writeAtomic(trustListPath(), list->dump(2) + "\n"); !st) return st.error();
    s.trustList = *list;
    s.listSequence = c.sequence;
    s.listIssuedAt = c.issuedAt;
    s.listNextUpdate = c.nextUpdate;
    return PublishedTrustList{c.sequence, std::move(list).value()};
}

Result<IssuedCertificate> Authority::recordIssued(X509Ptr cert, const PkeyPtr* key, const std::string& folder,
                                                  const char* stateList) {
    IssuedCertificate out;
    out.serial = serialHex(cert.get());
    out.pem = certificatePem(cert.get());
    out.notAfter = certificateNotAfter(cert.get());
    const std::string name = folder + "/" + out.serial;
    out.certPath = certPath(name);
    if (key) {
        out.keyPath = keyPath(name);
        if (auto s = writeAtomic(out.keyPath, privateKeyPem(key->get()), true); !s) return s.error();
    }
    if (auto s = writeAtomic(out.certPath, out.pem); !s) return s.error();
    nlohmann::json next = m_s->state;
    next[stateList].push_back(name + ".pem");
    if (auto s = writeAtomic(m_s->dir / kStateFile, next.dump(2) + "\n"); !s) return s.error();
    m_s->state = std::move(next);
    out.certificate = std::move(cert);
    return out;
}

Result<IssuedCertificate> Authority::issueSigner(const std::string& commonName, bool device,
                                                 std::chrono::days validity) {
    if (validity.count() < 1) return inputError("validity must be at least one day");
    const Time t = now();
    const Time until = std::min(t + validity, certificateNotAfter(m_s->inter.cert.get()));
    auto kc = issueWithNewKey(m_s->alg, device ? CertProfile::Device : CertProfile::SealSigner, commonName,
                              organization(), &m_s->inter, t - 1h, until);
    if (!kc) return kc.error();
    return recordIssued(std::move(kc->cert), &kc->key, "signers", "signers");
}

Result<IssuedCertificate> Authority::issueDeviceCertificate(std::string_view csrPem,
                                                            const DeviceIdentity& identity,
                                                            std::chrono::days validity) {
    if (identity.userName.empty()) return inputError("a device certificate needs the user's name");
    if (validity.count() < 1) return inputError("validity must be at least one day");
    auto csr = checkCsrPem(csrPem);
    if (!csr) return csr.error();
    const Time t = now();
    CertRequest req;
    req.profile = CertProfile::Device;
    req.commonName = identity.userName;
    req.organization = organization();
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"L", &identity.district},
                                       {"title", &identity.role},
                                       {"serialNumber", &identity.deviceId}})
        if (!value->empty()) req.extraSubject.emplace_back(field, *value);
    req.notBefore = t - 1h;
    req.notAfter = std::min(t + validity, certificateNotAfter(m_s->inter.cert.get()));
    if (req.notAfter <= t) return inputError("the device CA expires too soon to issue certificates");
    auto cert = issueCertificate(req, csr->publicKey.get(), m_s->inter.cert.get(), m_s->inter.key.get());
    if (!cert) return cert.error();
    return recordIssued(std::move(cert).value(), nullptr, "devices", "devices");
}

Result<PublishedTrustList> Authority::revoke(std::string_view serial, Time at, int nextUpdateDays) {
    const auto normal = normalizeSerial(serial);
    if (!normal) return inputError("SERIAL must be hex: " + std::string(serial));
    for (const auto& r : m_s->state["revoked"])
        if (r.value("serial", std::string()) == *normal)
            return Error{ErrorDomain::Seal, ErrorCode::IllegalTransition,
                         "serial " + *normal + " is already revoked"};
    std::set<std::string> issued = {serialHex(m_s->inter.cert.get())};
    std::vector<std::string> files = {"trust-list-signer.pem"};
    for (const char* list : {"signers", "devices"})
        for (const auto& f : m_s->state[list])
            if (f.is_string()) files.push_back(f.get<std::string>());
    for (const auto& f : files) {
        auto text = readText(m_s->dir / f);
        if (!text) return text.error();
        auto cert = certificateFromPem(*text);
        if (cert) issued.insert(serialHex(cert->get()));
    }
    if (!issued.count(*normal))
        return Error{ErrorDomain::Seal, ErrorCode::NotFound,
                     "serial " + *normal +
                         " is not a certificate this authority issued (the root cannot be revoked)"};
    nlohmann::json next = m_s->state;
    next["revoked"].push_back({{"serial", *normal}, {"at", formatRfc3339(at)}});
    return publish(std::move(next), nextUpdateDays);
}

Result<PublishedTrustList> Authority::publishTrustList(std::optional<nlohmann::json> fastChannelUnits,
                                                       int nextUpdateDays) {
    nlohmann::json next = m_s->state;
    if (fastChannelUnits) {
        if (auto s = checkFastChannelUnits(*fastChannelUnits); !s) return s.error();
        next["fast_channel_units"] = std::move(*fastChannelUnits);
    }
    return publish(std::move(next), nextUpdateDays);
}

Algorithm Authority::algorithm() const {
    return m_s->alg;
}
const fs::path& Authority::directory() const {
    return m_s->dir;
}
const std::string& Authority::organization() const {
    return m_s->organization;
}
const Sealer& Authority::sealer() const {
    return *m_s->sealer;
}
SealIdentity Authority::sealIdentity() const {
    return SealIdentity{kSealId, m_s->sealName, sha256Hex(m_s->sealName)};
}
std::string Authority::rootCertificatePem() const {
    return certificatePem(m_s->root.cert.get());
}
std::string Authority::issuingCaCertificatePem() const {
    return certificatePem(m_s->inter.cert.get());
}
std::vector<X509Ptr> Authority::provisionedRoots() const {
    std::vector<X509Ptr> roots;
    roots.push_back(copyCert(m_s->root.cert.get()));
    return roots;
}
const nlohmann::json& Authority::currentTrustList() const {
    return m_s->trustList;
}
std::uint64_t Authority::trustListSequence() const {
    return m_s->listSequence;
}
Time Authority::trustListIssuedAt() const {
    return m_s->listIssuedAt;
}
Time Authority::trustListNextUpdate() const {
    return m_s->listNextUpdate;
}
nlohmann::json Authority::fastChannelUnits() const {
    return m_s->state.value("fast_channel_units", nlohmann::json::array());
}
std::vector<RevokedEntry> Authority::revocations() const {
    std::vector<RevokedEntry> out;
    for (const auto& r : m_s->state["revoked"]) {
        const auto at = parseRfc3339(r.value("at", std::string()));
        if (at) out.push_back({r.value("serial", std::string()), *at});
    }
    return out;
}

fs::path Authority::keyPath(const std::string& name) const {
    return m_s->dir / (name + ".key");
}
fs::path Authority::certPath(const std::string& name) const {
    return m_s->dir / (name + ".pem");
}
fs::path Authority::chainPath() const {
    return m_s->dir / "chain.pem";
}
fs::path Authority::trustListPath() const {
    return m_s->dir / "trust-list.json";
}

} // namespace fieldseal::seal
