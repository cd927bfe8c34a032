#include "server_tls.h"

#include "seal/certificates.h"
#include "seal/keys.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fieldseal::server {
namespace {

namespace fs = std::filesystem;

template <auto Fn> struct Deleter {
    template <class T> void operator()(T* p) const noexcept { Fn(p); }
};
using X509Owned = std::unique_ptr<X509, Deleter<X509_free>>;
using NameOwned = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using ExtOwned = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

constexpr long kDay = 24 * 3600;

Error tlsError(std::string message) {
    unsigned long e = ERR_get_error();
    if (e) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        message += std::string(": ") + buf;
    }
    ERR_clear_error();
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}

// The SAN entry for a name: IP for addresses, DNS for host names (letters, digits, '-', '.',
// a leading "*." wildcard); nothing for anything else.
std::string sanEntry(const std::string& name) {
    unsigned char buf[16];
    if (inet_pton(AF_INET, name.c_str(), buf) == 1 || inet_pton(AF_INET6, name.c_str(), buf) == 1)
        return "IP:" + name;
    if (name.empty() || name.size() > 253) return {};
    const std::string_view host =
        std::string_view(name).starts_with("*.") ? std::string_view(name).substr(2) : std::string_view(name);
    for (char c : host)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '.'))
            return {};
    return host.empty() || host.front() == '.' || host.front() == '-' ? std::string() : "DNS:" + name;
}

bool addExt(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ExtOwned ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

Result<X509Owned> makeCert(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuerKey, long days,
                           const std::vector<std::pair<int, std::string>>& extensions) {
    X509Owned cert(X509_new());
    NameOwned name(X509_NAME_new());
    unsigned char serial[16];
    if (!cert || !name || RAND_bytes(serial, sizeof serial) != 1)
        return tlsError("cannot make a certificate");
    serial[0] &= 0x7f; // positive
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    const bool serialSet = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    if (!serialSet || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
        X509_NAME_add_entry_by_txt(name.get(), "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>("FieldSeal"), -1, -1, 0) != 1 ||
        X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) != 1 ||
        X509_set_subject_name(cert.get(), name.get()) != 1 ||
        X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name.get()) != 1 ||
        !X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * kDay) ||
        X509_set_pubkey(cert.get(), key) != 1)
        return tlsError("cannot make the certificate for " + cn);
    for (const auto& [nid, value] : extensions)
        if (!addExt(cert.get(), issuer ? issuer : cert.get(), nid, value))
            return tlsError("cannot add extension " + value + " to the certificate for " + cn);
    if (X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0)
        return tlsError("cannot sign the certificate for " + cn);
    return cert;
}

// Replaces `path` atomically; secrets are created 0600 from the start.
Status writeFile(const fs::path& path, const std::string& content, bool secret) {
    const fs::path tmp = path.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, secret ? 0600 : 0644);
    if (fd < 0) return Error{ErrorDomain::Seal, ErrorCode::StoreFailure, "cannot write " + tmp.string()};
    size_t done = 0;
    bool ok = true;
    while (ok && done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<size_t>(n);
    }
    ok = ::fsync(fd) == 0 && ok;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0)
        return Error{ErrorDomain::Seal, ErrorCode::StoreFailure,
                     "cannot write " + path.string() + ": " + std::strerror(errno)};
    return fieldseal::ok();
}

} // namespace

Status makeServerTls(const fs::path& dir, const std::vector<std::string>& extraNames) {
    std::string san = "DNS:localhost,IP:127.0.0.1,IP:::1";
    for (const auto& name : extraNames) {
        const std::string entry = sanEntry(name);
        if (entry.empty())
            return Error{ErrorDomain::Validation, ErrorCode::InvalidInput,
                         "'" + name + "' is neither a host name nor an IP address"};
        san += "," + entry;
    }
    auto caKey = seal::generateKey(seal::Algorithm::Es256);
    auto serverKey = seal::generateKey(seal::Algorithm::Es256);
    if (!caKey) return caKey.error();
    if (!serverKey) return serverKey.error();
    auto ca = makeCert(caKey->get(), "FieldSeal Server TLS CA", nullptr, caKey->get(), 3650,
                       {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                        {NID_key_usage, "critical,keyCertSign,cRLSign"},
                        {NID_subject_key_identifier, "hash"}});
    if (!ca) return ca.error();
    // 825 days: the longest server certificate lifetime common TLS clients accept.
    auto server = makeCert(serverKey->get(), "fieldseal-server", ca->get(), caKey->get(), 825,
                           {{NID_basic_constraints, "critical,CA:FALSE"},
                            {NID_key_usage, "critical,digitalSignature"},
                            {NID_ext_key_usage, "serverAuth"},
                            {NID_subject_alt_name, san},
                            {NID_subject_key_identifier, "hash"},
                            {NID_authority_key_identifier, "keyid:always"}});
    if (!server) return server.error();

    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        return Error{ErrorDomain::Seal, ErrorCode::StoreFailure,
                     "cannot create " + dir.string() + ": " + ec.message()};
    const std::pair<const char*, std::pair<std::string, bool>> files[] = {
        {"ca.key", {seal::privateKeyPem(caKey->get()), true}},
        {"server.key", {seal::privateKeyPem(serverKey->get()), true}},
        {"ca.pem", {seal::certificatePem(ca->get()), false}},
        {"server.pem", {seal::certificatePem(server->get()), false}},
    };
    for (const auto& [name, content] : files)
        if (auto s = writeFile(dir / name, content.first, content.second); !s) return s;
    return fieldseal::ok();
}

} // namespace fieldseal::server
