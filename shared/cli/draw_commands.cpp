// The draw verbs of `fieldseal` (double-random draws, shared/draw/README.md):
//   draw seed                               a fresh seed and its commitment
//   draw commit SEED                        the commitment to publish before the draw
//   draw run PLAN.json SEED [--out RESULT.json] [--csv LISTING.csv] [--html LISTING.html]
//                           [--seal KEY.pem CERT.pem [--chain CA.pem] [--at TIME]]
//   draw verify PLAN.json SEED [RESULT.json]
// `run` prints the result JSON (or, with --seal, the sealed envelope); `verify` re-runs the
// draw, prints the result, and when a published result (JSON or envelope) is given, exits 3
// unless it is the same.
#include "command_table.h"
#include "draw/draw.h"
#include "draw/draw_listing.h"
#include "draw/draw_seal.h"
#include "seal/certificates.h"
#include "seal/keys.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fieldseal::cli {
namespace {

constexpr int kExitMismatch = 3; // verify: the published result or the seed does not match

struct DrawVerbError {
    int exitCode;
    std::string message;
};

[[noreturn]] void drawFail(int code, const std::string& message) {
    throw DrawVerbError{code, message};
}

std::string readWholeFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) drawFail(kExitError, "cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

void writeWholeFile(const std::string& path, const std::string& content) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f || !(f << content)) drawFail(kExitError, "cannot write " + path);
}

draw::DrawPlan loadPlan(const std::string& path) {
    auto plan = draw::parseDrawPlanText(readWholeFile(path));
    if (!plan) drawFail(kExitError, path + ": " + plan.error().message);
    return std::move(plan).value();
}

draw::Seed loadSeed(const std::string& text) {
    auto seed = draw::parseSeed(text);
    if (!seed) drawFail(kExitUsage, seed.error().message);
    return std::move(seed).value();
}

// Runs the draw; a seed that does not match the plan's commitment is a mismatch (exit 3), any
// other refusal an error (exit 1).
draw::DrawResult runOrFail(const draw::DrawPlan& plan, const draw::Seed& seed) {
    auto result = draw::runDraw(plan, seed);
    if (!result)
        drawFail(result.error().code == ErrorCode::Tampered ? kExitMismatch : kExitError,
                 result.error().message);
    return std::move(result).value();
}

struct RunOptions {
    std::vector<std::string> positional;
    std::string out, csv, html, key, cert, chain, at;
};

RunOptions parseRunOptions(const std::vector<std::string>& args) {
    RunOptions o;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= args.size()) drawFail(kExitUsage, a + " needs a value");
            into = args[++i];
        };
        if (a == "--out")
            value(o.out);
        else if (a == "--csv")
            value(o.csv);
        else if (a == "--html")
            value(o.html);
        else if (a == "--chain")
            value(o.chain);
        else if (a == "--at")
            value(o.at);
        else if (a == "--seal") {
            if (i + 2 >= args.size()) drawFail(kExitUsage, "--seal needs KEY.pem CERT.pem");
            o.key = args[++i];
            o.cert = args[++i];
        } else if (a.starts_with("--"))
            drawFail(kExitUsage, "unknown option " + a);
        else
            o.positional.push_back(a);
    }
    return o;
}

nlohmann::json sealResult(const RunOptions& o, const nlohmann::json& result) {
    auto key = seal::privateKeyFromPem(readWholeFile(o.key));
    if (!key) drawFail(kExitError, o.key + ": " + key.error().message);
    auto cert = seal::certificateFromPem(readWholeFile(o.cert));
    if (!cert) drawFail(kExitError, o.cert + ": " + cert.error().message);
    std::vector<seal::X509Ptr> chain;
    if (!o.chain.empty()) {
        auto certs = seal::certificatesFromPem(readWholeFile(o.chain));
        if (!certs) drawFail(kExitError, o.chain + ": " + certs.error().message);
        chain = std::move(certs).value();
    }
    auto sealer = seal::Sealer::create(std::move(key).value(), std::move(cert).value(), std::move(chain));
    if (!sealer) drawFail(kExitError, "cannot seal: " + sealer.error().message);
    seal::Time at = seal::now();
    if (!o.at.empty()) {
        const auto t = parseRfc3339(o.at);
        if (!t) drawFail(kExitUsage, "--at must be an RFC 3339 time such as 2026-12-01T09:00:00Z");
        at = *t;
    }
    auto env = draw::sealDrawResult(*sealer, result, at);
    if (!env) drawFail(kExitError, "cannot seal: " + env.error().message);
    return std::move(env).value();
}

int drawSeed(CliContext& ctx, const std::vector<std::string>& args) {
    if (args.size() != 1) drawFail(kExitUsage, "usage: draw seed");
    const draw::Seed seed = draw::generateSeed();
    ctx.out << nlohmann::json{{"seed", seed.hex}, {"seed_sha256", draw::seedCommitment(seed)}}.dump(2)
            << '\n';
    return kExitOk;
}

int drawCommit(CliContext& ctx, const std::vector<std::string>& args) {
    if (args.size() != 2) drawFail(kExitUsage, "usage: draw commit SEED");
    ctx.out << draw::seedCommitment(loadSeed(args[1])) << '\n';
    return kExitOk;
}

int drawRun(CliContext& ctx, const std::vector<std::string>& args) {
    const RunOptions o = parseRunOptions(args);
    if (o.positional.size() != 2)
        drawFail(kExitUsage, "usage: draw run PLAN.json SEED [--out F] [--csv F] [--seal KEY CERT]");
    const draw::DrawPlan plan = loadPlan(o.positional[0]);
    const draw::DrawResult result = runOrFail(plan, loadSeed(o.positional[1]));
    nlohmann::json published = draw::drawResultToJson(plan, result);
    if (!o.key.empty()) published = sealResult(o, published);
    const std::string text = published.dump(2) + "\n";
    if (!o.csv.empty()) writeWholeFile(o.csv, draw::drawListingCsv(plan, result));
    if (!o.html.empty()) writeWholeFile(o.html, draw::drawListingHtml(plan, result));
    if (!o.out.empty())
        writeWholeFile(o.out, text);
    else
        ctx.out << text;
    ctx.err << "draw " << plan.planId << ": " << result.sampleSize << " of " << result.eligibleCount
            << " organisations drawn, " << plan.inspectorsPerTask << " inspectors each\n";
    return kExitOk;
}

int drawVerify(CliContext& ctx, const std::vector<std::string>& args) {
    if (args.size() != 3 && args.size() != 4)
        drawFail(kExitUsage, "usage: draw verify PLAN.json SEED [RESULT.json]");
    const draw::DrawPlan plan = loadPlan(args[1]);
    const draw::DrawResult result = runOrFail(plan, loadSeed(args[2]));
    const nlohmann::json recomputed = draw::drawResultToJson(plan, result);
    if (args.size() == 3) {
        ctx.out << recomputed.dump(2) << '\n';
        return kExitOk;
    }
    const nlohmann::json published = nlohmann::json::parse(readWholeFile(args[3]), nullptr, false);
    if (published.is_discarded()) drawFail(kExitError, args[3] + ": not valid JSON");
    if (auto same = draw::compareDrawResult(published, recomputed); !same)
        drawFail(kExitMismatch, same.error().message);
    ctx.out << "ok: " << args[3] << " is the draw of plan " << plan.planId << " with this seed ("
            << result.tasks.size() << " tasks)\n";
    return kExitOk;
}

int runDrawVerb(CliContext& ctx, const std::vector<std::string>& args) {
    try {
        const std::string sub = args.empty() ? "" : args[0];
        if (sub == "seed") return drawSeed(ctx, args);
        if (sub == "commit") return drawCommit(ctx, args);
        if (sub == "run") return drawRun(ctx, args);
        if (sub == "verify") return drawVerify(ctx, args);
        drawFail(kExitUsage, "usage: draw seed | commit SEED | run PLAN.json SEED [...] | verify PLAN.json "
                             "SEED [RESULT.json]");
    } catch (const DrawVerbError& e) {
        ctx.err << "fieldseal draw: " << e.message << '\n';
        return e.exitCode;
    }
}

} // namespace

void registerDrawCommands(CommandTable& table) {
    table.add({"draw",
               "seed | commit SEED | run PLAN.json SEED [--out F] [--csv F] [--html F] [--seal KEY CERT "
               "[--chain CA] "
               "[--at T]] | "
               "verify PLAN.json SEED [RESULT.json]",
               runDrawVerb});
}

} // namespace fieldseal::cli
