// Seal benchmark (not a test): envelope verification from JSON text (as a device receives it) with
// a warm trust store against raw EVP_DigestVerify (init + verify) of the same signature over the same
// bytes with the same key, and sealing against raw EVP_DigestSign, for ES256 and SM2, 1 KB payload. Both
// sides run interleaved in the same process; ratios are printed. Rates are per second of this thread's CPU
// time (see threadCpuSeconds).
#include "seal/canonical_json.h"
#include "seal_test_pki.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace fieldseal;
using namespace fieldseal::seal;
using namespace fieldseal::seal::test;

namespace {

// This thread's CPU time: on a shared, loaded machine wall time also counts the moments the
// scheduler gave the core to other processes, which land on either side of a ratio at random.
double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Operations per CPU second of `op`, run for about `ms` milliseconds of CPU time.
struct Meter {
    double seconds = 0;
    long count = 0;
    void run(const std::function<void()>& op, int ms) {
        const double start = threadCpuSeconds();
        const double end = start + ms / 1000.0;
        long n = 0;
        double now = 0;
        do {
            for (int i = 0; i < 8; ++i)
                op();
            n += 8;
            now = threadCpuSeconds();
        } while (now < end);
        seconds += now - start;
        count += n;
    }
    double rate() const { return count / seconds; }
};

// Raw OpenSSL with what FieldSeal uses: SHA-256, or SM3 with the GM/T 0009 ID (set after the init,
// as OpenSSL 3.0.19 refuses it as an init parameter). Returns the init's result.
int rawInit(EVP_MD_CTX* md, EVP_PKEY* key, Algorithm alg, bool sign) {
    const bool sm2 = alg == Algorithm::Sm2Sm3;
    EVP_PKEY_CTX* pctx = nullptr;
    const int ok = sign ? EVP_DigestSignInit_ex(md, &pctx, sm2 ? "SM3" : "SHA256", nullptr, nullptr, key, nullptr)
                        : EVP_DigestVerifyInit_ex(md, &pctx, sm2 ? "SM3" : "SHA256", nullptr, nullptr, key, nullptr);
    if (ok != 1 || !sm2) return ok;
    return EVP_PKEY_CTX_set1_id(pctx, "1234567812345678", 16);
}

bool rawVerify(EVP_PKEY* key, Algorithm alg, const std::string& data, const std::string& sig) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    const bool ok = rawInit(md, key, alg, false) == 1 &&
                    EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

// The stricter baseline, printed for information: the verify context set up once for the key and
// copied per signature (what the verifier itself does per cached signer).
bool rawVerifyPrepared(const EVP_MD_CTX* prepared, const std::string& data, const std::string& sig) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    const bool ok = EVP_MD_CTX_copy_ex(md, prepared) == 1 &&
                    EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

std::string rawSign(EVP_PKEY* key, Algorithm alg, const std::string& data) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    unsigned char sig[160];
    size_t len = sizeof sig;
    rawInit(md, key, alg, true);
    EVP_DigestSign(md, sig, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    EVP_MD_CTX_free(md);
    return std::string(reinterpret_cast<char*>(sig), len);
}

nlohmann::json payload1k() {
    auto p = TestPki::samplePayload();
    nlohmann::json items = nlohmann::json::array();
    for (int i = 0; items.dump().size() < 700; ++i)
        items.push_back(
            {{"name", "检测项目 " + std::to_string(i)}, {"standard", "GB 4943.1-2022"}, {"result", "合格"}});
    p["items"] = items;
    return p;
}

// `profile` names one operation to run alone for `roundMs` (for perf record); empty: the benchmark.
bool bench(Algorithm alg, int roundMs, std::string_view profile = {}) {
    TestPki pki(alg);
    auto store = pki.store();
    const auto sealer = pki.sealerFor(pki.signer);
    const auto payload = payload1k();
    // The seal identity is the sealer's input (made once: sampleSeal hashes an image each call).
    const SealIdentity identity = TestPki::sampleSeal();
    const auto env = must(sealer.seal(payload, identity, pki.t0));
    const std::string text = env.dump();
    auto unsignedPart = env;
    unsignedPart.erase("signature");
    unsignedPart.erase("chain");
    const std::string tbs = canonicalJson(unsignedPart);
    const std::string sig = *base64Decode(env["signature"].get<std::string>());
    EVP_PKEY* pub = X509_get0_pubkey(pki.signer.cert.get());
    EVP_MD_CTX* prepared = EVP_MD_CTX_new();
    rawInit(prepared, pub, alg, false);
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> preparedOwner(prepared, EVP_MD_CTX_free);
    if (!store->verify(env, pki.t0).passed() || !store->verifyText(text, pki.t0).passed() ||
        !rawVerify(pub, alg, tbs, sig) || !rawVerifyPrepared(prepared, tbs, sig)) {
        std::printf("setup failed for %s\n", toString(alg));
        return false;
    }

    if (!profile.empty()) {
        const std::map<std::string_view, std::function<void()>> ops{
            {"raw-verify", [&] { (void)rawVerify(pub, alg, tbs, sig); }},
            {"raw-verify-prepared", [&] { (void)rawVerifyPrepared(prepared, tbs, sig); }},
            {"verify", [&] { (void)store->verify(env, pki.t0); }},
            {"verify-text", [&] { (void)store->verifyText(text, pki.t0); }},
            {"raw-sign", [&] { (void)rawSign(pki.signer.key.get(), alg, tbs); }},
            {"seal", [&] { (void)sealer.seal(payload, identity, pki.t0); }},
        };
        const auto it = ops.find(profile);
        if (it == ops.end()) {
            std::printf("unknown operation %.*s\n", static_cast<int>(profile.size()), profile.data());
            return false;
        }
        Meter m;
        m.run(it->second, roundMs);
        std::printf("%s %.*s: %.0f /s\n", toString(alg), static_cast<int>(profile.size()), profile.data(),
                    m.rate());
        return true;
    }

    // Rounds alternate the measured operations so that load from other processes hits both
    // sides alike; the median of the per-round ratios is reported (robust to a noisy round).
    constexpr int kRounds = 7;
    Meter verifyEnv, verifyText, verifyRaw, verifyPrepared, sealEnv, signRaw;
    std::vector<double> verifyRatios, textRatios, preparedRatios, sealRatios;
    for (int round = 0; round < kRounds; ++round) {
        Meter vr, vp, ve, vt, sr, se;
        vr.run([&] { (void)rawVerify(pub, alg, tbs, sig); }, roundMs);
        vp.run([&] { (void)rawVerifyPrepared(prepared, tbs, sig); }, roundMs);
        ve.run([&] { (void)store->verify(env, pki.t0); }, roundMs);
        vt.run([&] { (void)store->verifyText(text, pki.t0); }, roundMs);
        sr.run([&] { (void)rawSign(pki.signer.key.get(), alg, tbs); }, roundMs);
        se.run([&] { (void)sealer.seal(payload, identity, pki.t0); }, roundMs);
        verifyRatios.push_back(ve.rate() / vr.rate());
        textRatios.push_back(vt.rate() / vr.rate());
        preparedRatios.push_back(vt.rate() / vp.rate());
        sealRatios.push_back(se.rate() / sr.rate());
        for (auto [total, one] :
             {std::pair{&verifyRaw, &vr}, std::pair{&verifyPrepared, &vp}, std::pair{&verifyEnv, &ve},
              std::pair{&verifyText, &vt}, std::pair{&signRaw, &sr}, std::pair{&sealEnv, &se}}) {
            total->seconds += one->seconds;
            total->count += one->count;
        }
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    auto range = [&](const std::vector<double>& v) {
        char buf[80];
        std::snprintf(buf, sizeof buf, "%.3f [%.3f..%.3f]", median(v), *std::min_element(v.begin(), v.end()),
                      *std::max_element(v.begin(), v.end()));
        return std::string(buf);
    };
    // The figure: from the JSON text, as a device receives an envelope.
    const double textRatio = median(textRatios);
    std::printf("%-8s payload %zu B, envelope %zu B, chain validations %zu (warm cache)\n", toString(alg),
                canonicalJson(payload).size(), text.size(), store->chainValidations());
    std::printf("  raw EVP_DigestVerify (init + verify)  %9.0f /s\n", verifyRaw.rate());
    std::printf("  envelope verify from JSON text        %9.0f /s   ratio %s  %s (target >= 0.85)\n",
                verifyText.rate(), range(textRatios).c_str(), textRatio >= 0.85 ? "OK" : "BELOW TARGET");
    std::printf("  envelope verify, parsed document      %9.0f /s   ratio %s\n", verifyEnv.rate(),
                range(verifyRatios).c_str());
    std::printf("  raw verify, context prepared once     %9.0f /s   JSON text over it: %s (information)\n",
                verifyPrepared.rate(), range(preparedRatios).c_str());
    std::printf("  raw EVP_DigestSign (init + sign)      %9.0f /s\n", signRaw.rate());
    std::printf("  sealing                               %9.0f /s   ratio %s\n", sealEnv.rate(),
                range(sealRatios).c_str());
    return textRatio >= 0.85;
}

} // namespace

// bench_seal [ms]                         the benchmark, rounds of `ms` CPU milliseconds
// bench_seal ms es256|sm2 OPERATION         one operation alone (raw-verify, verify, verify-text,
//                                          raw-sign, seal) for `ms`, to profile it
int main(int argc, char** argv) {
    const int roundMs = argc > 1 ? std::atoi(argv[1]) : 300;
    if (argc > 3)
        return bench(std::string_view(argv[2]) == "sm2" ? Algorithm::Sm2Sm3 : Algorithm::Es256, roundMs,
                     argv[3])
                   ? 0
                   : 1;
    std::printf("bench_seal: 7 interleaved rounds of %d ms (thread CPU time) per measurement, median ratio "
                "[min..max]\n",
                roundMs);
    const bool es = bench(Algorithm::Es256, roundMs);
    const bool sm = bench(Algorithm::Sm2Sm3, roundMs);
    return es && sm ? 0 : 1;
}
