// libFuzzer target: arbitrary bytes as an envelope (JSON or FS1: QR text) verified against a
// trust store, and as a trust list offered for installation. Must never crash or leak, and the
// report from the text must be the report from the parsed document.
#include "seal/qr_codec.h"
#include "seal_test_pki.h"

#include <cstdint>
#include <string_view>

using namespace fieldseal::seal;
using namespace fieldseal::seal::test;

namespace {

// One PKI and trust store per process, so seeds built from it reach the deep code paths.
struct World {
    TestPki pki{Algorithm::Es256};
    std::unique_ptr<TrustStore> store = pki.store();
};

World& world() {
    static World w;
    return w;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    World& w = world();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto report = w.store->verifyText(text, w.pki.t0);
    (void)report.toJson().dump();
    if (auto doc = parseJsonText(text)) {
        // verifyText reads JSON text on a fast path of its own: it must conclude as the document does.
        if (w.store->verify(*doc, w.pki.t0).toJson() != report.toJson()) __builtin_trap();
        TrustStore fresh(w.pki.roots());
        (void)fresh.install(*doc, w.pki.t0);
    }
    return 0;
}

// Valid inputs made with this process's PKI (certificates are never committed to the corpus).
std::vector<std::string> fieldsealFuzzSeeds() {
    World& w = world();
    const auto env =
        must(w.pki.sealerFor(w.pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), w.pki.t0));
    auto noChain = env;
    noChain.erase("chain");
    return {env.dump(), noChain.dump(2), must(encodeQr(env)), w.pki.trustList(w.pki.content(2)).dump()};
}
