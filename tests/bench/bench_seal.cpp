// Seal benchmark (not a test): envelope verification with a warm trust store against raw
// EVP_DigestVerify of the same signature, and sealing against raw EVP_DigestSign, for ES256 and
// SM2, 1 KB payload. Both sides run interleaved in the same process; ratios are printed. Rates
// are per second of this thread's CPU time (see threadCpuSeconds).
#include "seal/canonical_json.h"
#include "seal_test_pki.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
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

// Same parameters FieldSeal uses: SHA-256, or SM3 with the GM/T 0009 ID.
struct RawParams {
    OSSL_PARAM p[2];
    const char* md;
    explicit RawParams(Algorithm alg) {
        static char id[] = "1234567812345678";
        md = alg == Algorithm::Sm2Sm3 ? "SM3" : "SHA256";
        p[0] = alg == Algorithm::Sm2Sm3 ? OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_DIST_ID, id, 16)
                                        : OSSL_PARAM_construct_end();
        p[1] = OSSL_PARAM_construct_end();
    }
};

bool rawVerify(EVP_PKEY* key, Algorithm alg, const std::string& data, const std::string& sig) {
    RawParams params(alg);
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit_ex(md, nullptr, params.md, nullptr, nullptr, key, params.p) == 1 &&
                    EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

std::string rawSign(EVP_PKEY* key, Algorithm alg, const std::string& data) {
    RawParams params(alg);
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    unsigned char sig[160];
    size_t len = sizeof sig;
    EVP_DigestSignInit_ex(md, nullptr, params.md, nullptr, nullptr, key, params.p);
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

bool bench(Algorithm alg, int roundMs) {
    TestPki pki(alg);
    auto store = pki.store();
    const auto sealer = pki.sealerFor(pki.signer);
    const auto payload = payload1k();
    const auto env = must(sealer.seal(payload, TestPki::sampleSeal(), pki.t0));
    const std::string text = env.dump();
    auto unsignedPart = env;
    unsignedPart.erase("signature");
    unsignedPart.erase("chain");
    const std::string tbs = canonicalJson(unsignedPart);
    const std::string sig = *base64Decode(env["signature"].get<std::string>());
    EVP_PKEY* pub = X509_get0_pubkey(pki.signer.cert.get());
    if (!store->verify(env, pki.t0).passed() || !rawVerify(pub, alg, tbs, sig)) {
        std::printf("setup failed for %s\n", toString(alg));
        return false;
    }

    // Rounds alternate the measured operations so that load from other processes hits both
    // sides alike; the median of the per-round ratios is reported (robust to a noisy round).
    constexpr int kRounds = 7;
    Meter verifyEnv, verifyText, verifyRaw, sealEnv, signRaw;
    std::vector<double> verifyRatios, textRatios, sealRatios;
    for (int round = 0; round < kRounds; ++round) {
        Meter vr, ve, vt, sr, se;
        vr.run([&] { (void)rawVerify(pub, alg, tbs, sig); }, roundMs);
        ve.run([&] { (void)store->verify(env, pki.t0); }, roundMs);
        vt.run([&] { (void)store->verifyText(text, pki.t0); }, roundMs);
        sr.run([&] { (void)rawSign(pki.signer.key.get(), alg, tbs); }, roundMs);
        se.run([&] { (void)sealer.seal(payload, TestPki::sampleSeal(), pki.t0); }, roundMs);
        verifyRatios.push_back(ve.rate() / vr.rate());
        textRatios.push_back(vt.rate() / vr.rate());
        sealRatios.push_back(se.rate() / sr.rate());
        for (auto [total, one] :
             {std::pair{&verifyRaw, &vr}, std::pair{&verifyEnv, &ve}, std::pair{&verifyText, &vt},
              std::pair{&signRaw, &sr}, std::pair{&sealEnv, &se}}) {
            total->seconds += one->seconds;
            total->count += one->count;
        }
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    const double verifyRatio = median(verifyRatios);
    std::printf("%-8s payload %zu B, envelope %zu B, chain validations %zu (warm cache)\n", toString(alg),
                canonicalJson(payload).size(), text.size(), store->chainValidations());
    std::printf("  raw EVP_DigestVerify        %9.0f /s\n", verifyRaw.rate());
    std::printf("  envelope verify (parsed)    %9.0f /s   ratio %.3f [%.3f..%.3f]  %s (target >= 0.85)\n",
                verifyEnv.rate(), verifyRatio, *std::min_element(verifyRatios.begin(), verifyRatios.end()),
                *std::max_element(verifyRatios.begin(), verifyRatios.end()),
                verifyRatio >= 0.85 ? "OK" : "BELOW TARGET");
    std::printf("  envelope verify (JSON text) %9.0f /s   ratio %.3f  (includes JSON parsing)\n",
                verifyText.rate(), median(textRatios));
    std::printf("  raw EVP_DigestSign          %9.0f /s\n", signRaw.rate());
    std::printf("  sealing                     %9.0f /s   ratio %.3f\n", sealEnv.rate(), median(sealRatios));
    return verifyRatio >= 0.85;
}

} // namespace

int main(int argc, char** argv) {
    const int roundMs = argc > 1 ? std::atoi(argv[1]) : 300;
    std::printf("bench_seal: 7 interleaved rounds of %d ms (thread CPU time) per measurement, median ratio "
                "[min..max]\n",
                roundMs);
    const bool es = bench(Algorithm::Es256, roundMs);
    const bool sm = bench(Algorithm::Sm2Sm3, roundMs);
    return es && sm ? 0 : 1;
}
