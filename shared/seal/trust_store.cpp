#include "trust_store.h"

#include "certificates.h"
#include "crl.h"
#include "encoding.h"
#include "envelope.h"
#include "envelope_text.h"
#include "qr_codec.h"
#include "trust_list.h"
#include "trust_snapshot.h"

namespace fieldseal::seal {

using namespace detail;

namespace {

Error storeError(ErrorCode code, std::string message) {
    return Error{ErrorDomain::Seal, code, std::move(message)};
}

Result<std::vector<SharedX509>> parseCerts(const std::vector<std::string>& ders, const char* what) {
    std::vector<SharedX509> out;
    for (const auto& der : ders) {
        auto cert = certificateFromDer(der);
        if (!cert)
            return storeError(ErrorCode::InvalidInput,
                              std::string("trust list ") + what + ": " + cert.error().message);
        out.emplace_back(cert->release(), X509Free{});
    }
    return out;
}

bool selfSigned(X509* cert) {
    return X509_check_issued(cert, cert) == X509_V_OK;
}

X509StorePtr storeOf(const std::vector<SharedX509>& trusted) {
    X509StorePtr store(X509_STORE_new());
    if (!store) return store;
    for (const auto& c : trusted)
        X509_STORE_add_cert(store.get(), c.get()); // up-refs
    ERR_clear_error();                             // duplicates are reported as errors and are harmless
    return store;
}

VerificationReport formatFailure(std::string detail) {
    VerificationReport r;
    conclude(r, Indication::Failed, SubIndication::FormatFailure, std::move(detail));
    return r;
}

} // namespace

TrustStore::TrustStore(std::vector<X509Ptr> provisionedRoots) {
    for (auto& root : provisionedRoots)
        m_roots.emplace_back(root.release(), X509Free{});
}

TrustStore::~TrustStore() = default;

std::shared_ptr<const TrustSnapshot> TrustStore::current() const {
    std::lock_guard lock(m_mutex);
    return m_current;
}

Status TrustStore::install(const nlohmann::json& envelope, Time at, InstallMode mode) {
    auto view = viewEnvelope(envelope);
    if (!view) return storeError(ErrorCode::InvalidInput, "trust list: " + view.error().message);
    auto content = parseTrustListPayload(*view->payload);
    if (!content) return content.error();
    auto anchors = parseCerts(content->anchorsDer, "anchor");
    if (!anchors) return anchors.error();
    auto signers = parseCerts(content->signersDer, "signer");
    if (!signers) return signers.error();

    auto next = std::make_shared<TrustSnapshot>();
    next->sequence = content->sequence;
    next->issuedAt = content->issuedAt;
    next->nextUpdate = content->nextUpdate;
    next->fastChannelUnits = content->fastChannelUnits;
    next->envelope = envelope;
    for (const auto& der : content->crlsDer) {
        auto crl = crlFromDer(der);
        if (!crl) return storeError(ErrorCode::InvalidInput, "trust list crl: " + crl.error().message);
        bool issued = false;
        for (const auto& a : *anchors)
            issued = issued || crlIssuedBy(crl->get(), a.get());
        if (!issued)
            return storeError(ErrorCode::InvalidInput,
                              "trust list holds a CRL not signed by any of its anchors");
        next->crls.emplace_back(crl->release(), CrlFree{});
    }

    // The list vouches for itself only through a provisioned root: check it with a snapshot
    // whose trusted set is those roots and whose own anchors only help to build the path.
    std::vector<SharedX509> bootstrapRoots = m_roots;
    if (mode == InstallMode::TrustOnFirstUse)
        for (const auto& a : *anchors)
            if (selfSigned(a.get())) bootstrapRoots.push_back(a);
    if (bootstrapRoots.empty())
        return storeError(ErrorCode::Tampered, "trust list: no provisioned root to check it against");
    TrustSnapshot bootstrap;
    bootstrap.sequence = content->sequence;
    bootstrap.nextUpdate = content->nextUpdate;
    bootstrap.store = storeOf(bootstrapRoots);
    bootstrap.anchors = bootstrapRoots;
    bootstrap.untrusted = *anchors;
    bootstrap.crls = next->crls;
    const auto report = verifyWithSnapshot(bootstrap, envelope, at, VerifyOptions{true});
    if (report.indication == Indication::Failed)
        return storeError(ErrorCode::Tampered, std::string("trust list rejected: ") +
                                                   toString(report.subIndication) + ": " + report.detail);

    next->store = storeOf(*anchors);
    next->anchors = *anchors;
    next->untrusted = *signers;
    for (const auto& s : *signers)
        next->signersByKid.emplace(certificateKid(s.get()), s);
    if (!next->store) return storeError(ErrorCode::InvalidInput, "cannot build the certificate store");

    std::lock_guard lock(m_mutex);
    if (m_current && m_current->sequence >= next->sequence)
        return storeError(ErrorCode::IllegalTransition,
                          "trust list sequence " + std::to_string(next->sequence) +
                              " is not newer than the installed " + std::to_string(m_current->sequence));
    m_current = std::move(next);
    return ok();
}

VerificationReport TrustStore::verify(const nlohmann::json& envelope, Time at) const {
    const auto snapshot = current();
    if (!snapshot) {
        auto view = viewEnvelope(envelope);
        if (!view) return formatFailure(view.error().message);
        VerificationReport r;
        conclude(r, Indication::Indeterminate, SubIndication::NoCertificateChainFound,
                 "no trust list installed");
        return r;
    }
    return verifyWithSnapshot(*snapshot, envelope, at, VerifyOptions{});
}

VerificationReport TrustStore::verifyText(std::string_view text, Time at) const {
    size_t start = 0;
    while (start < text.size() &&
           (text[start] == ' ' || text[start] == '\n' || text[start] == '\r' || text[start] == '\t'))
        ++start;
    text.remove_prefix(start);
    // The fast path reads the envelope and its signed bytes straight from the text; whatever it
    // does not accept (every error included) takes the document path below.
    if (!text.starts_with(kQrPrefix))
        if (const auto snapshot = current())
            if (auto envelope = readEnvelopeText(text))
                return verifyWithSnapshot(*snapshot, std::move(*envelope), at, VerifyOptions{});
    auto doc = text.starts_with(kQrPrefix) ? decodeQr(text) : parseJsonText(text);
    if (!doc) return formatFailure(doc.error().message);
    return verify(*doc, at);
}

std::optional<std::uint64_t> TrustStore::sequence() const {
    const auto s = current();
    return s ? std::optional<std::uint64_t>(s->sequence) : std::nullopt;
}

std::optional<Time> TrustStore::nextUpdate() const {
    const auto s = current();
    return s ? std::optional<Time>(s->nextUpdate) : std::nullopt;
}

nlohmann::json TrustStore::fastChannelUnits() const {
    const auto s = current();
    return s ? s->fastChannelUnits : nlohmann::json::array();
}

nlohmann::json TrustStore::currentTrustList() const {
    const auto s = current();
    return s ? s->envelope : nlohmann::json();
}

std::size_t TrustStore::chainValidations() const {
    const auto s = current();
    return s ? s->validations.load() : 0;
}

} // namespace fieldseal::seal
