// Interoperability with the openssl command-line tool, both algorithms, both directions: keys,
// certificates, CRLs and signatures made by openssl verify in FieldSeal, and FieldSeal's
// certificates, CRLs and seal signatures verify in openssl. Everything is generated at test time.
#include "seal/canonical_json.h"
#include "seal_test_pki.h"
#include "support/cli_process.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

using namespace fieldseal;
using namespace fieldseal::seal;
using namespace fieldseal::seal::test;

Q_DECLARE_METATYPE(fieldseal::seal::Algorithm)

namespace {

const char* kDistId = "distid:1234567812345678";

const char* kConfig = R"([req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_signer]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
[v3_tsl]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = 0.4.0.2231.3.0
[ca]
default_ca = CA_default
[CA_default]
database = index.txt
crlnumber = crlnumber
default_md = sha256
default_crl_days = 7
)";

fieldseal::test::CliRun runOpenssl(const QString& dir, const QStringList& args, int timeoutMs = 60000) {
    fieldseal::test::CliOptions options;
    options.workingDirectory = dir;
    options.timeoutMs = timeoutMs;
    return fieldseal::test::runProcess("openssl", args, options);
}

// Runs openssl in `dir`; throws with its stderr when it fails.
QByteArray openssl(const QString& dir, const QStringList& args) {
    const auto r = runOpenssl(dir, args);
    if (r.exitCode != 0)
        throw std::runtime_error("openssl " + args.join(' ').toStdString() + " failed: " + r.err + r.out);
    return QByteArray::fromStdString(r.out + r.err);
}

int opensslStatus(const QString& dir, const QStringList& args) {
    return runOpenssl(dir, args).exitCode;
}

void writeBytes(const QString& path, const std::string& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size()))
        throw std::runtime_error("cannot write " + path.toStdString());
}

std::string readBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) throw std::runtime_error("cannot read " + path.toStdString());
    return f.readAll().toStdString();
}

// An envelope without signature and chain: its canonical form is what gets signed.
nlohmann::json unsignedEnvelope(Algorithm alg, const std::string& kid, const SealIdentity& seal, Time at,
                                const nlohmann::json& payload) {
    return {{"format", kEnvelopeFormat},
            {"alg", toString(alg)},
            {"kid", kid},
            {"seal", {{"id", seal.id}, {"name", seal.name}, {"image_sha256", seal.imageSha256}}},
            {"signed_at", formatRfc3339(at)},
            {"payload", payload}};
}

// openssl signing tool for one algorithm, in one folder.
struct OpensslPki {
    QString dir;
    Algorithm alg;

    QStringList digest(bool withDistId = true) const {
        if (alg == Algorithm::Es256) return {"-sha256"};
        return withDistId ? QStringList{"-sm3", "-sigopt", kDistId} : QStringList{"-sm3"};
    }
    void genkey(const QString& name) const {
        if (alg == Algorithm::Es256)
            openssl(dir, {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                          name + ".key"});
        else
            openssl(dir, {"genpkey", "-algorithm", "SM2", "-out", name + ".key"});
    }
    void root() const {
        genkey("root");
        openssl(dir,
                QStringList{"req", "-x509", "-new", "-key", "root.key", "-subj", "/CN=OpenSSL Root", "-days",
                            "30", "-config", "openssl.cnf", "-extensions", "v3_ca", "-out", "root.pem"} +
                    digest());
    }
    void leaf(const QString& name, const QString& extensions) const {
        genkey(name);
        openssl(dir, QStringList{"req", "-new", "-key", name + ".key", "-subj", "/CN=OpenSSL " + name,
                                 "-config", "openssl.cnf", "-out", name + ".csr"} +
                         digest());
        QStringList x509{"x509",     "-req",       "-in",         name + ".csr",     "-CA",
                         "root.pem", "-CAkey",     "root.key",    "-CAcreateserial", "-days",
                         "30",       "-extfile",   "openssl.cnf", "-extensions",     extensions,
                         "-out",     name + ".pem"};
        x509 += digest();
        if (alg == Algorithm::Sm2Sm3) x509 += QStringList{"-vfyopt", kDistId};
        openssl(dir, x509);
    }
    std::string sign(const QString& keyName, const std::string& bytes, bool withDistId = true) const {
        writeBytes(dir + "/tbs.bin", bytes);
        openssl(dir, QStringList{"dgst"} + digest(withDistId) +
                         QStringList{"-sign", keyName + ".key", "-out", "sig.der", "tbs.bin"});
        return readBytes(dir + "/sig.der");
    }
    X509Ptr cert(const QString& name) const {
        return must(certificateFromPem(readBytes(dir + "/" + name + ".pem")));
    }
};

} // namespace

class TestSealInterop : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void opensslMadeVerifiesInFieldSeal_data();
    void opensslMadeVerifiesInFieldSeal();
    void fieldSealMadeVerifiesInOpenssl_data();
    void fieldSealMadeVerifiesInOpenssl();
};

void TestSealInterop::initTestCase() {
    if (runOpenssl(QString(), {"version"}, 10000).exitCode != 0) QSKIP("the openssl tool is not installed");
}

void TestSealInterop::opensslMadeVerifiesInFieldSeal_data() {
    QTest::addColumn<Algorithm>("alg");
    QTest::newRow("ES256") << Algorithm::Es256;
    QTest::newRow("SM2-SM3") << Algorithm::Sm2Sm3;
}

void TestSealInterop::opensslMadeVerifiesInFieldSeal() {
    QFETCH(Algorithm, alg);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    OpensslPki o{tmp.path(), alg};
    std::string config = kConfig;
    if (alg == Algorithm::Sm2Sm3) config.replace(config.find("default_md = sha256"), 19, "default_md = sm3");
    writeBytes(o.dir + "/openssl.cnf", config);
    writeBytes(o.dir + "/index.txt", "");
    writeBytes(o.dir + "/crlnumber", "01\n");
    o.root();
    o.leaf("signer", "v3_signer");
    o.leaf("tsl", "v3_tsl");
    o.leaf("revoked", "v3_signer");
    // The revocation must come strictly after the revoked certificate's notBefore (1 s clock).
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    openssl(o.dir, {"ca", "-config", "openssl.cnf", "-keyfile", "root.key", "-cert", "root.pem", "-revoke",
                    "revoked.pem"});
    QStringList gencrl{"ca",    "-config",  "openssl.cnf", "-keyfile", "root.key",
                       "-cert", "root.pem", "-gencrl",     "-out",     "crl.pem"};
    if (alg == Algorithm::Sm2Sm3) gencrl += QStringList{"-sigopt", kDistId};
    openssl(o.dir, gencrl);

    const auto root = o.cert("root");
    const auto signer = o.cert("signer");
    const auto tsl = o.cert("tsl");
    const auto revoked = o.cert("revoked");
    const auto crl = must(crlFromPem(readBytes(o.dir + "/crl.pem")));
    QVERIFY2(crlIssuedBy(crl.get(), root.get()), "openssl's CRL signature does not verify in FieldSeal");
    QVERIFY(revocationTime(crl.get(), revoked.get()));

    // The trust list, signed by openssl's trust-list signer over FieldSeal's canonical bytes.
    const Time t = seal::now();
    TrustListContent c;
    c.sequence = 1;
    c.issuedAt = t;
    c.nextUpdate = t + 24h;
    c.anchorsDer = {certificateDer(root.get())};
    c.signersDer = {certificateDer(signer.get()), certificateDer(revoked.get())};
    c.crlsDer = {crlDer(crl.get())};
    auto list =
        unsignedEnvelope(alg, certificateKid(tsl.get()), trustListSealIdentity(), t, trustListPayload(c));
    list["signature"] = base64Encode(o.sign("tsl", canonicalJson(list)));
    list["chain"] = {base64Encode(certificateDer(tsl.get()))};
    std::vector<X509Ptr> roots;
    roots.push_back(copyCert(root.get()));
    TrustStore store(std::move(roots));
    const auto installed = store.install(list, t);
    QVERIFY2(installed, installed ? "" : installed.error().message.c_str());

    // A seal signed by `openssl dgst` verifies.
    auto env = unsignedEnvelope(alg, certificateKid(signer.get()), TestPki::sampleSeal(), t,
                                TestPki::samplePayload());
    const std::string tbs = canonicalJson(env);
    env["signature"] = base64Encode(o.sign("signer", tbs));
    env["chain"] = {base64Encode(certificateDer(signer.get()))};
    auto r = store.verify(env, t);
    QVERIFY2(r.passed(), r.toJson().dump().c_str());

    // SM2 without the GM/T 0009 ID (openssl 3.0's empty default) is a different signature, on
    // seals and on certificates alike.
    if (alg == Algorithm::Sm2Sm3) {
        auto noId = env;
        noId["signature"] = base64Encode(o.sign("signer", tbs, false));
        r = store.verify(noId, t);
        QCOMPARE(r.subIndication, SubIndication::SigCryptoFailure);

        o.genkey("noid");
        openssl(o.dir, QStringList{"req", "-new", "-key", "noid.key", "-subj", "/CN=OpenSSL noid", "-config",
                                   "openssl.cnf", "-out", "noid.csr"} +
                           o.digest());
        openssl(o.dir, {"x509",        "-req",        "-in",
                        "noid.csr",    "-CA",         "root.pem",
                        "-CAkey",      "root.key",    "-CAcreateserial",
                        "-days",       "30",          "-extfile",
                        "openssl.cnf", "-extensions", "v3_signer",
                        "-sm3",        "-vfyopt",     kDistId,
                        "-out",        "noid.pem"});
        const auto noIdCert = o.cert("noid");
        auto e = unsignedEnvelope(alg, certificateKid(noIdCert.get()), TestPki::sampleSeal(), t,
                                  TestPki::samplePayload());
        e["signature"] = base64Encode(o.sign("noid", canonicalJson(e)));
        e["chain"] = {base64Encode(certificateDer(noIdCert.get()))};
        r = store.verify(e, t);
        QCOMPARE(r.subIndication, SubIndication::NoCertificateChainFound);
    }

    // The certificate revoked with `openssl ca`: earlier seals pass, later ones fail.
    const Time revokedAt = *revocationTime(crl.get(), revoked.get());
    for (const auto& [at, expectPass] :
         {std::pair{revokedAt - 1s, true}, std::pair{revokedAt + 60s, false}}) {
        auto e = unsignedEnvelope(alg, certificateKid(revoked.get()), TestPki::sampleSeal(), at,
                                  TestPki::samplePayload());
        e["signature"] = base64Encode(o.sign("revoked", canonicalJson(e)));
        r = store.verify(e, t);
        if (expectPass)
            QVERIFY2(r.passed(), r.toJson().dump().c_str());
        else
            QCOMPARE(r.subIndication, SubIndication::Revoked);
    }
}

void TestSealInterop::fieldSealMadeVerifiesInOpenssl_data() {
    opensslMadeVerifiesInFieldSeal_data();
}

void TestSealInterop::fieldSealMadeVerifiesInOpenssl() {
    QFETCH(Algorithm, alg);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.path();
    TestPki pki(alg);
    writeBytes(dir + "/root.pem", certificatePem(pki.root.cert.get()));
    writeBytes(dir + "/inter.pem", certificatePem(pki.inter.cert.get()));
    writeBytes(dir + "/signer.pem", certificatePem(pki.signer.cert.get()));
    writeBytes(dir + "/signer.key", privateKeyPem(pki.signer.key.get()));
    const QStringList vfy = alg == Algorithm::Sm2Sm3 ? QStringList{"-vfyopt", kDistId} : QStringList{};

    // FieldSeal's certificates chain in `openssl verify`, and the key file loads in openssl.
    // `openssl verify -vfyopt` attaches the SM2 ID to the target certificate only, so an SM2
    // chain is checked one link at a time.
    if (alg == Algorithm::Es256) {
        const auto out =
            openssl(dir, {"verify", "-CAfile", "root.pem", "-untrusted", "inter.pem", "signer.pem"});
        QVERIFY2(out.contains("signer.pem: OK"), out.constData());
    } else {
        auto out =
            openssl(dir, QStringList{"verify", "-CAfile", "root.pem"} + vfy + QStringList{"inter.pem"});
        QVERIFY2(out.contains("inter.pem: OK"), out.constData());
        out = openssl(dir, QStringList{"verify", "-partial_chain", "-CAfile", "inter.pem"} + vfy +
                               QStringList{"signer.pem"});
        QVERIFY2(out.contains("signer.pem: OK"), out.constData());
        // Without the ID openssl 3.0 rejects the certificate: the ID really is in the signature.
        QVERIFY(opensslStatus(dir, {"verify", "-CAfile", "root.pem", "inter.pem"}) != 0);
    }
    openssl(dir, {"pkey", "-in", "signer.key", "-check", "-noout"});
    const auto text = openssl(dir, {"x509", "-in", "signer.pem", "-noout", "-text"});
    QVERIFY(text.contains("Digital Signature, Non Repudiation"));
    QVERIFY(text.contains("CA:FALSE"));
    openssl(dir, {"x509", "-in", "signer.pem", "-pubkey", "-noout", "-out", "pub.pem"});

    // A FieldSeal seal checks with `openssl dgst -verify` over the canonical bytes.
    const auto env =
        must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    auto unsignedPart = env;
    unsignedPart.erase("signature");
    unsignedPart.erase("chain");
    writeBytes(dir + "/tbs.bin", canonicalJson(unsignedPart));
    writeBytes(dir + "/sig.der", *base64Decode(env["signature"].get<std::string>()));
    const QStringList dgst = alg == Algorithm::Sm2Sm3 ? QStringList{"dgst", "-sm3", "-sigopt", kDistId}
                                                      : QStringList{"dgst", "-sha256"};
    const auto ok =
        openssl(dir, dgst + QStringList{"-verify", "pub.pem", "-signature", "sig.der", "tbs.bin"});
    QVERIFY2(ok.contains("Verified OK"), ok.constData());
    // ...and openssl rejects it once one byte of the signed part changes.
    std::string changed = canonicalJson(unsignedPart);
    changed[changed.find("CCC")] = 'X';
    writeBytes(dir + "/tbs.bin", changed);
    QVERIFY(opensslStatus(dir,
                          dgst + QStringList{"-verify", "pub.pem", "-signature", "sig.der", "tbs.bin"}) != 0);
    // A FieldSeal signature over arbitrary bytes, as the README's commands produce and check.
    writeBytes(dir + "/tbs.bin", "any bytes");
    writeBytes(dir + "/sig.der", must(signBytes(pki.signer.key.get(), alg, "any bytes")));
    QVERIFY(opensslStatus(dir,
                          dgst + QStringList{"-verify", "pub.pem", "-signature", "sig.der", "tbs.bin"}) == 0);

    // FieldSeal's CRL parses in openssl; for ES256 openssl also checks its signature (openssl crl
    // has no option for the SM2 ID, so for SM2 only FieldSeal can check it).
    writeBytes(dir + "/crl.pem",
               crlPem(must(crlFromDer(pki.crl({serialHex(pki.signer.cert.get())}, pki.t0))).get()));
    const auto crlText = openssl(dir, {"crl", "-in", "crl.pem", "-noout", "-text"});
    QVERIFY(crlText.contains(QByteArray::fromStdString(serialHex(pki.signer.cert.get())).toUpper()));
    if (alg == Algorithm::Es256) {
        const auto v = openssl(dir, {"crl", "-in", "crl.pem", "-CAfile", "inter.pem", "-noout"});
        QVERIFY2(v.contains("verify OK"), v.constData());
    }
}

QTEST_APPLESS_MAIN(TestSealInterop)
#include "test_seal_interop.moc"
