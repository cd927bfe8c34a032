// The seal verbs of `fieldseal`: `authority` (a small file-based CA that publishes trust lists),
// `seal sign|verify|tbs` and `qr encode|decode`. Thin wrappers over fieldseal_seal; files in, JSON out.
#include "command_table.h"
#include "seal/canonical_json.h"
#include "seal/certificates.h"
#include "seal/crl.h"
#include "seal/encoding.h"
#include "seal/keys.h"
#include "seal/qr_codec.h"
#include "seal/sealer.h"
#include "seal/trust_list.h"
#include "seal/trust_store.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace fieldseal::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace fieldseal::seal;

constexpr int kExitFailed = 3;        // seal verify: FAILED
constexpr int kExitIndeterminate = 4; // seal verify: INDETERMINATE

// Thrown inside a verb for a usage or I/O problem; turned into a message and an exit code.
struct VerbError {
    int exitCode;
    std::string message;
};

[[noreturn]] void usage(const std::string& message) {
    throw VerbError{kExitUsage, message};
}
[[noreturn]] void fail(const std::string& message) {
    throw VerbError{kExitError, message};
}

template <class T> T orFail(Result<T> r, const std::string& what) {
    if (!r) fail(what + ": " + r.error().message);
    return std::move(r).value();
}

// --name value options (some repeatable), --flag switches and positional arguments.
struct Options {
    std::map<std::string, std::vector<std::string>> values;
    std::set<std::string> flags;
    std::vector<std::string> positional;

    std::optional<std::string> get(const std::string& name) const {
        const auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second.back();
    }
    std::string need(const std::string& name) const {
        auto v = get(name);
        if (!v) usage("missing --" + name);
        return *v;
    }
    std::vector<std::string> all(const std::string& name) const {
        const auto it = values.find(name);
        return it == values.end() ? std::vector<std::string>{} : it->second;
    }
    bool has(const std::string& flag) const { return flags.count(flag) != 0; }
};

Options parseOptions(const std::vector<std::string>& args, size_t start, const std::set<std::string>& valued,
                     const std::set<std::string>& switches) {
    Options o;
    for (size_t i = start; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.starts_with("--")) {
            const std::string name = a.substr(2);
            if (switches.count(name)) {
                o.flags.insert(name);
            } else if (valued.count(name)) {
                if (i + 1 >= args.size()) usage("--" + name + " needs a value");
                o.values[name].push_back(args[++i]);
            } else {
                usage("unknown option " + a);
            }
        } else {
            o.positional.push_back(a);
        }
    }
    return o;
}

std::string readFile(const std::string& path, std::istream& in) {
    if (path == "-") return std::string(std::istreambuf_iterator<char>(in), {});
    std::ifstream f(path, std::ios::binary);
    if (!f) fail("cannot read " + path);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

void writeFile(const fs::path& path, const std::string& content, bool secret = false) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f || !(f << content)) fail("cannot write " + path.string());
    f.close();
    // Private keys stay readable by their owner only.
    if (secret)
        fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
}

Time timeOption(const Options& o, const std::string& name, Time fallback) {
    const auto v = o.get(name);
    if (!v) return fallback;
    const auto t = parseRfc3339(*v);
    if (!t) usage("--" + name + " must be an RFC 3339 time such as 2026-11-25T08:00:00Z");
    return *t;
}

int intOption(const Options& o, const std::string& name, int fallback) {
    const auto v = o.get(name);
    if (!v) return fallback;
    try {
        const int n = std::stoi(*v);
        if (n > 0) return n;
    } catch (const std::exception&) {
    }
    usage("--" + name + " must be a positive number");
}

// ---------------------------------------------------------------------------------------------
// authority: root -> intermediate -> (seal signers, trust-list signer), state in DIR/authority.json

struct AuthorityFiles {
    fs::path dir;
    fs::path state() const { return dir / "authority.json"; }
    fs::path key(const std::string& name) const { return dir / (name + ".key"); }
    fs::path cert(const std::string& name) const { return dir / (name + ".pem"); }
    fs::path trustList() const { return dir / "trust-list.json"; }
};

// A key with its certificate, as kept in the authority folder.
struct KeyCert {
    PkeyPtr key;
    X509Ptr cert;
};

KeyCert loadKeyCert(const fs::path& keyPath, const fs::path& certPath, std::istream& in) {
    KeyCert kc;
    kc.key = orFail(privateKeyFromPem(readFile(keyPath.string(), in)), keyPath.string());
    kc.cert = orFail(certificateFromPem(readFile(certPath.string(), in)), certPath.string());
    return kc;
}

void saveKeyCert(const AuthorityFiles& f, const std::string& name, const KeyCert& kc) {
    writeFile(f.key(name), privateKeyPem(kc.key.get()), true);
    writeFile(f.cert(name), certificatePem(kc.cert.get()));
}

KeyCert issue(Algorithm alg, CertProfile profile, const std::string& cn, const std::string& org,
              const KeyCert* issuer, Time from, Time until) {
    KeyCert kc;
    kc.key = orFail(generateKey(alg), "key generation");
    CertRequest req;
    req.profile = profile;
    req.commonName = cn;
    req.organization = org;
    req.notBefore = from;
    req.notAfter = until;
    kc.cert = orFail(issueCertificate(req, kc.key.get(), issuer ? issuer->cert.get() : nullptr,
                                      issuer ? issuer->key.get() : kc.key.get()),
                     "certificate for " + cn);
    return kc;
}

nlohmann::json loadState(const AuthorityFiles& f, std::istream& in) {
    if (!fs::exists(f.state()))
        fail(f.dir.string() + " is not an authority folder (run: fieldseal authority init)");
    auto state = nlohmann::json::parse(readFile(f.state().string(), in), nullptr, false);
    if (!state.is_object()) fail(f.state().string() + " is damaged");
    return state;
}

Algorithm stateAlgorithm(const nlohmann::json& state) {
    return state.value("alg", std::string()) == "sm2" ? Algorithm::Sm2Sm3 : Algorithm::Es256;
}

// Publishes the next trust list from the folder's state: anchors, all signers ever issued (old
// seals keep verifying), CRLs of both CAs, fast-channel units.
fs::path publishTrustList(const AuthorityFiles& f, nlohmann::json& state, int days, std::istream& in) {
    const Time t = now();
    const KeyCert root = loadKeyCert(f.key("root"), f.cert("root"), in);
    const KeyCert inter = loadKeyCert(f.key("intermediate"), f.cert("intermediate"), in);
    const std::string interSerial = serialHex(inter.cert.get());
    std::vector<RevokedEntry> byRoot, byInter;
    for (const auto& r : state["revoked"]) {
        RevokedEntry e{r.at("serial").get<std::string>(), *parseRfc3339(r.at("at").get<std::string>())};
        (e.serialHex == interSerial ? byRoot : byInter).push_back(e);
    }
    const std::uint64_t crlNumber = state.value("crl_number", 0) + 1;
    state["crl_number"] = crlNumber;
    const Time next = t + std::chrono::hours(24) * days;
    TrustListContent c;
    c.sequence = state.value("sequence", 0) + 1;
    c.issuedAt = t;
    c.nextUpdate = next;
    c.anchorsDer = {certificateDer(root.cert.get()), certificateDer(inter.cert.get())};
    for (const auto& s : state["signers"]) {
        const auto cert = orFail(certificateFromPem(readFile((f.dir / s.get<std::string>()).string(), in)),
                                 s.get<std::string>());
        c.signersDer.push_back(certificateDer(cert.get()));
    }
    c.crlsDer = {
        crlDer(
            orFail(issueCrl(root.cert.get(), root.key.get(), byRoot, t, next, crlNumber), "root CRL").get()),
        crlDer(
            orFail(issueCrl(inter.cert.get(), inter.key.get(), byInter, t, next, crlNumber), "CRL").get())};
    c.fastChannelUnits = state.value("fast_channel_units", nlohmann::json::array());
    KeyCert tsl = loadKeyCert(f.key("trust-list-signer"), f.cert("trust-list-signer"), in);
    std::vector<X509Ptr> chain;
    chain.push_back(orFail(certificateFromDer(certificateDer(inter.cert.get())), "intermediate"));
    const auto sealer = orFail(Sealer::create(std::move(tsl.key), std::move(tsl.cert), std::move(chain)),
                               "trust-list signer");
    const auto list = orFail(sealTrustList(c, sealer), "trust list");
    writeFile(f.trustList(), list.dump(2) + "\n");
    state["sequence"] = c.sequence;
    writeFile(f.state(), state.dump(2) + "\n");
    return f.trustList();
}

int authorityInit(CliContext& ctx, const Options& o) {
    AuthorityFiles f{o.need("dir")};
    const std::string algName = o.get("alg").value_or("sm2");
    if (algName != "sm2" && algName != "p256") usage("--alg must be sm2 or p256");
    const Algorithm alg = algName == "sm2" ? Algorithm::Sm2Sm3 : Algorithm::Es256;
    if (fs::exists(f.state())) fail(f.dir.string() + " already holds an authority");
    const std::string org = o.get("name").value_or("FieldSeal Authority");
    const Time t = now();
    const KeyCert root =
        issue(alg, CertProfile::Root, org + " Root CA", org, nullptr, t - 1h, t + 24h * 3650 * 2);
    const KeyCert inter =
        issue(alg, CertProfile::Intermediate, org + " Issuing CA", org, &root, t - 1h, t + 24h * 3650);
    const KeyCert signer = issue(alg, CertProfile::SealSigner, o.get("seal-name").value_or(org + " Seal"),
                                 org, &inter, t - 1h, t + 24h * 365 * 3);
    const KeyCert tsl = issue(alg, CertProfile::TrustListSigner, org + " Trust List Signer", org, &inter,
                              t - 1h, t + 24h * 365 * 3);
    saveKeyCert(f, "root", root);
    saveKeyCert(f, "intermediate", inter);
    saveKeyCert(f, "signer", signer);
    saveKeyCert(f, "trust-list-signer", tsl);
    writeFile(f.dir / "chain.pem", certificatePem(inter.cert.get()));
    nlohmann::json state = {{"alg", algName},
                            {"name", org},
                            {"sequence", 0},
                            {"crl_number", 0},
                            {"signers", {"signer.pem"}},
                            {"revoked", nlohmann::json::array()},
                            {"fast_channel_units", nlohmann::json::array()}};
    writeFile(f.state(), state.dump(2) + "\n");
    const auto list = publishTrustList(f, state, intOption(o, "next-update-days", 7), ctx.in);
    ctx.out << nlohmann::json{{"dir", f.dir.string()},
                              {"alg", algName},
                              {"root", f.cert("root").string()},
                              {"signer_key", f.key("signer").string()},
                              {"signer_cert", f.cert("signer").string()},
                              {"signer_serial", serialHex(signer.cert.get())},
                              {"chain", (f.dir / "chain.pem").string()},
                              {"trust_list", list.string()}}
                   .dump(2)
            << '\n';
    return kExitOk;
}

int authorityIssueSigner(CliContext& ctx, const Options& o) {
    AuthorityFiles f{o.need("dir")};
    auto state = loadState(f, ctx.in);
    const std::string cn = o.need("name");
    const KeyCert inter = loadKeyCert(f.key("intermediate"), f.cert("intermediate"), ctx.in);
    const Time t = now();
    const CertProfile profile = o.has("device") ? CertProfile::Device : CertProfile::SealSigner;
    const KeyCert kc = issue(stateAlgorithm(state), profile, cn, state.value("name", std::string()), &inter,
                             t - 1h, t + 24h * intOption(o, "days", 365 * 3));
    const std::string serial = serialHex(kc.cert.get());
    const std::string name = "signers/" + serial;
    saveKeyCert(f, name, kc);
    state["signers"].push_back(name + ".pem");
    writeFile(f.state(), state.dump(2) + "\n");
    ctx.out << nlohmann::json{{"serial", serial},
                              {"key", f.key(name).string()},
                              {"cert", f.cert(name).string()},
                              {"note", "run `fieldseal authority trust-list` to publish it"}}
                   .dump(2)
            << '\n';
    return kExitOk;
}

int authorityRevoke(CliContext& ctx, const Options& o) {
    AuthorityFiles f{o.need("dir")};
    if (o.positional.size() != 1) usage("authority revoke needs one SERIAL (hex)");
    std::string serial = o.positional[0];
    for (char& c : serial)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    serial.erase(0, std::min(serial.find_first_not_of('0'), serial.size() - 1));
    if (serial.empty() || !hexDecode(serial.size() % 2 ? "0" + serial : serial)) usage("SERIAL must be hex");
    auto state = loadState(f, ctx.in);
    const Time at = timeOption(o, "at", now());
    for (const auto& r : state["revoked"])
        if (r.at("serial") == serial) fail("serial " + serial + " is already revoked");
    state["revoked"].push_back({{"serial", serial}, {"at", formatRfc3339(at)}});
    writeFile(f.state(), state.dump(2) + "\n");
    const auto list = publishTrustList(f, state, intOption(o, "next-update-days", 7), ctx.in);
    ctx.out << nlohmann::json{{"revoked", serial},
                              {"at", formatRfc3339(at)},
                              {"trust_list", list.string()},
                              {"sequence", state["sequence"]}}
                   .dump(2)
            << '\n';
    return kExitOk;
}

int authorityTrustList(CliContext& ctx, const Options& o) {
    AuthorityFiles f{o.need("dir")};
    auto state = loadState(f, ctx.in);
    if (const auto units = o.get("fast-channel")) {
        auto list = nlohmann::json::parse(readFile(*units, ctx.in), nullptr, false);
        if (!list.is_array()) usage("--fast-channel must name a JSON array file");
        state["fast_channel_units"] = list;
    }
    const auto path = publishTrustList(f, state, intOption(o, "next-update-days", 7), ctx.in);
    ctx.out << nlohmann::json{{"trust_list", path.string()}, {"sequence", state["sequence"]}}.dump(2) << '\n';
    return kExitOk;
}

// ---------------------------------------------------------------------------------------------
// seal sign | verify

int sealSign(CliContext& ctx, const Options& o) {
    KeyCert kc = loadKeyCert(o.need("key"), o.need("cert"), ctx.in);
    std::vector<X509Ptr> chain;
    for (const auto& path : o.all("chain"))
        for (auto& c : orFail(certificatesFromPem(readFile(path, ctx.in)), path))
            chain.push_back(std::move(c));
    const auto sealer =
        orFail(Sealer::create(std::move(kc.key), std::move(kc.cert), std::move(chain)), "sealer");
    SealIdentity id{o.need("seal-id"), o.need("seal-name"), {}};
    if (const auto image = o.get("seal-image"))
        id.imageSha256 = sha256Hex(readFile(*image, ctx.in));
    else
        id.imageSha256 = o.get("seal-image-sha256").value_or(sha256Hex(id.name));
    const auto payload = orFail(parseJsonText(readFile(o.need("in"), ctx.in)), "payload");
    const auto env =
        orFail(sealer.seal(payload, id, timeOption(o, "at", now()), !o.has("no-chain")), "sealing");
    const std::string text = env.dump(2) + "\n";
    if (const auto out = o.get("out"))
        writeFile(*out, text);
    else
        ctx.out << text;
    return kExitOk;
}

int sealVerify(CliContext& ctx, const Options& o) {
    const std::string trustPath = o.need("trust");
    const bool fromQr = o.get("qr").has_value();
    if (fromQr == o.get("in").has_value()) usage("give exactly one of --in FILE and --qr TEXT");
    const Time at = timeOption(o, "at", now());

    std::vector<X509Ptr> roots;
    if (const auto root = o.get("root"))
        roots = orFail(certificatesFromPem(readFile(*root, ctx.in)), *root);
    else
        ctx.err
            << "fieldseal: warning: no --root given; the trust list is checked against its own root only\n";
    TrustStore store(std::move(roots));
    const auto listDoc = parseJsonText(readFile(trustPath, ctx.in));
    const Status installed = listDoc ? store.install(*listDoc, at,
                                                     o.get("root") ? InstallMode::RequireProvisionedRoot
                                                                   : InstallMode::TrustOnFirstUse)
                                     : Status(listDoc.error());

    const std::string text = fromQr ? *o.get("qr") : readFile(*o.get("in"), ctx.in);
    VerificationReport report;
    if (!installed) {
        conclude(report, Indication::Indeterminate, SubIndication::NoCertificateChainFound,
                 "trust list " + trustPath + " unusable: " + installed.error().message);
    } else {
        report = store.verifyText(text, at);
    }
    auto out = report.toJson();
    // The certificate's content, so that whoever checks it sees what the verdict is about.
    const auto doc = std::string_view(text).find("FS1:") == 0 ? decodeQr(text) : parseJsonText(text);
    if (doc && doc->is_object() && doc->contains("payload")) out["payload"] = (*doc)["payload"];
    ctx.out << out.dump(2) << '\n';
    switch (report.indication) {
    case Indication::Passed:
        return kExitOk;
    case Indication::Failed:
        return kExitFailed;
    case Indication::Indeterminate:
        return kExitIndeterminate;
    }
    return kExitIndeterminate;
}

// The signed bytes of an envelope (RFC 8785, without signature and chain), for signing or
// checking with other tools such as `openssl dgst`. The envelope need not carry a signature yet.
int sealTbs(CliContext& ctx, const Options& o) {
    auto env = orFail(parseJsonText(readFile(o.need("in"), ctx.in)), "envelope");
    if (!env.is_object()) fail("the envelope is not a JSON object");
    env.erase("signature");
    env.erase("chain");
    std::string bytes;
    try {
        bytes = canonicalJson(env);
    } catch (const std::invalid_argument& e) {
        fail(std::string("no canonical form: ") + e.what());
    }
    if (const auto out = o.get("out"))
        writeFile(*out, bytes);
    else
        ctx.out << bytes;
    return kExitOk;
}

// ---------------------------------------------------------------------------------------------
// qr encode | decode

int qrEncode(CliContext& ctx, const Options& o) {
    const auto env = orFail(parseJsonText(readFile(o.need("in"), ctx.in)), "envelope");
    const auto text = orFail(encodeQr(env), "QR encoding");
    if (const auto out = o.get("out"))
        writeFile(*out, text + "\n");
    else
        ctx.out << text << '\n';
    return kExitOk;
}

int qrDecode(CliContext& ctx, const Options& o) {
    const bool fromQr = o.get("qr").has_value();
    if (fromQr == o.get("in").has_value()) usage("give exactly one of --in FILE and --qr TEXT");
    const std::string text = fromQr ? *o.get("qr") : readFile(*o.get("in"), ctx.in);
    const auto env = orFail(decodeQr(text), "QR text");
    const std::string json = env.dump(2) + "\n";
    if (const auto out = o.get("out"))
        writeFile(*out, json);
    else
        ctx.out << json;
    return kExitOk;
}

// ---------------------------------------------------------------------------------------------

using SubVerb = int (*)(CliContext&, const Options&);
struct SubVerbSpec {
    SubVerb run;
    std::set<std::string> valued;
    std::set<std::string> switches;
};

int dispatch(CliContext& ctx, const std::vector<std::string>& args, const std::string& verb,
             const std::map<std::string, SubVerbSpec>& subs) {
    try {
        if (args.empty() || !subs.count(args[0])) {
            std::string names;
            for (const auto& [name, spec] : subs)
                names += (names.empty() ? "" : "|") + name;
            usage(verb + " needs a sub-verb: " + names);
        }
        const auto& spec = subs.at(args[0]);
        const Options o = parseOptions(args, 1, spec.valued, spec.switches);
        if (!o.positional.empty() && !(verb == "authority" && args[0] == "revoke"))
            usage("unexpected argument " + o.positional[0]);
        return spec.run(ctx, o);
    } catch (const VerbError& e) {
        ctx.err << "fieldseal " << verb << ": " << e.message << '\n';
        return e.exitCode;
    } catch (const fs::filesystem_error& e) {
        ctx.err << "fieldseal " << verb << ": " << e.what() << '\n';
        return kExitError;
    }
}

} // namespace

void registerSealCommands(CommandTable& table) {
    table.add(
        {"authority",
         "init --dir D --alg sm2|p256 [--name ORG] | issue-signer --dir D --name CN [--device] | "
         "revoke --dir D SERIAL [--at TIME] | trust-list --dir D [--fast-channel FILE.json] "
         "[--next-update-days N]",
         [](CliContext& ctx, const std::vector<std::string>& args) {
             return dispatch(
                 ctx, args, "authority",
                 {{"init", {authorityInit, {"dir", "alg", "name", "seal-name", "next-update-days"}, {}}},
                  {"issue-signer", {authorityIssueSigner, {"dir", "name", "days"}, {"device"}}},
                  {"revoke", {authorityRevoke, {"dir", "at", "next-update-days"}, {}}},
                  {"trust-list", {authorityTrustList, {"dir", "fast-channel", "next-update-days"}, {}}}});
         }});
    table.add(
        {"seal",
         "sign --key K --cert C [--chain C2 ...] --seal-id ID --seal-name NAME [--seal-image FILE] --in "
         "payload.json "
         "[--at TIME] [--no-chain] [--out FILE] | verify --trust TRUSTLIST [--root ROOT.pem] [--at TIME] "
         "--in FILE|--qr TEXT "
         "(exit 0 PASSED, 3 FAILED, 4 INDETERMINATE) | tbs --in ENVELOPE [--out FILE] (the signed bytes)",
         [](CliContext& ctx, const std::vector<std::string>& args) {
             return dispatch(ctx, args, "seal",
                             {{"sign",
                               {sealSign,
                                {"key", "cert", "chain", "seal-id", "seal-name", "seal-image",
                                 "seal-image-sha256", "in", "at", "out"},
                                {"no-chain"}}},
                              {"verify", {sealVerify, {"trust", "root", "at", "in", "qr"}, {}}},
                              {"tbs", {sealTbs, {"in", "out"}, {}}}});
         }});
    table.add({"qr", "encode --in ENVELOPE.json [--out FILE] | decode --qr TEXT|--in FILE [--out FILE]",
               [](CliContext& ctx, const std::vector<std::string>& args) {
                   return dispatch(ctx, args, "qr",
                                   {{"encode", {qrEncode, {"in", "out"}, {}}},
                                    {"decode", {qrDecode, {"in", "qr", "out"}, {}}}});
               }});
}

} // namespace fieldseal::cli
