// The seal verbs of `fieldseal`: `authority` (seal::Authority: a file-based CA that publishes trust
// lists), `seal sign|verify|tbs` and `qr encode|decode`. Thin wrappers over fieldseal_seal; files
// in, JSON out.
#include "command_table.h"
#include "seal/authority.h"
#include "seal/canonical_json.h"
#include "seal/certificates.h"
#include "seal/encoding.h"
#include "seal/keys.h"
#include "seal/qr_codec.h"
#include "seal/sealer.h"
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

void writeFile(const fs::path& path, const std::string& content) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f || !(f << content)) fail("cannot write " + path.string());
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
// authority: seal::Authority (root -> intermediate -> seal signers, trust-list signer, devices),
// state in DIR/authority.json

// A key with its certificate, as `seal sign` reads them.
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

Authority openAuthority(const Options& o) {
    auto authority = Authority::open(o.need("dir"));
    if (!authority) fail(authority.error().message);
    return std::move(authority).value();
}

int authorityInit(CliContext& ctx, const Options& o) {
    const fs::path dir = o.need("dir");
    const std::string algName = o.get("alg").value_or("sm2");
    if (algName != "sm2" && algName != "p256") usage("--alg must be sm2 or p256");
    AuthorityNames names;
    names.organization = o.get("name").value_or("FieldSeal Authority");
    names.sealName = o.get("seal-name").value_or("");
    auto created = Authority::create(dir, algName == "sm2" ? Algorithm::Sm2Sm3 : Algorithm::Es256, names,
                                     intOption(o, "next-update-days", kDefaultNextUpdateDays));
    if (!created) fail(created.error().message);
    const Authority& a = *created;
    ctx.out << nlohmann::json{{"dir", dir.string()},
                              {"alg", algName},
                              {"root", a.certPath("root").string()},
                              {"signer_key", a.keyPath("signer").string()},
                              {"signer_cert", a.certPath("signer").string()},
                              {"signer_serial", serialHex(a.sealer().certificate())},
                              {"chain", a.chainPath().string()},
                              {"trust_list", a.trustListPath().string()}}
                   .dump(2)
            << '\n';
    return kExitOk;
}

int authorityIssueSigner(CliContext& ctx, const Options& o) {
    Authority a = openAuthority(o);
    const auto issued = orFail(
        a.issueSigner(o.need("name"), o.has("device"), std::chrono::days(intOption(o, "days", 365 * 3))),
        "signer");
    ctx.out << nlohmann::json{{"serial", issued.serial},
                              {"key", issued.keyPath.string()},
                              {"cert", issued.certPath.string()},
                              {"note", "run `fieldseal authority trust-list` to publish it"}}
                   .dump(2)
            << '\n';
    return kExitOk;
}

int authorityRevoke(CliContext& ctx, const Options& o) {
    if (o.positional.size() != 1) usage("authority revoke needs one SERIAL (hex)");
    const auto serial = Authority::normalizeSerial(o.positional[0]);
    if (!serial) usage("SERIAL must be hex");
    const Time at = timeOption(o, "at", now());
    Authority a = openAuthority(o);
    const auto published = a.revoke(*serial, at, intOption(o, "next-update-days", kDefaultNextUpdateDays));
    if (!published) fail(published.error().message);
    ctx.out << nlohmann::json{{"revoked", *serial},
                              {"at", formatRfc3339(at)},
                              {"trust_list", a.trustListPath().string()},
                              {"sequence", published->sequence}}
                   .dump(2)
            << '\n';
    return kExitOk;
}

int authorityTrustList(CliContext& ctx, const Options& o) {
    std::optional<nlohmann::json> units;
    if (const auto file = o.get("fast-channel")) {
        units = nlohmann::json::parse(readFile(*file, ctx.in), nullptr, false);
        if (!units->is_array()) usage("--fast-channel must name a JSON array file");
    }
    Authority a = openAuthority(o);
    const auto published =
        orFail(a.publishTrustList(std::move(units), intOption(o, "next-update-days", kDefaultNextUpdateDays)),
               "trust list");
    ctx.out << nlohmann::json{{"trust_list", a.trustListPath().string()}, {"sequence", published.sequence}}
                   .dump(2)
            << '\n';
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
