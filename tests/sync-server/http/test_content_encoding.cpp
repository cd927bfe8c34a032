// zstd and gzip response compression (http/content_encoding.h): which coding an Accept-Encoding
// value gets, that what is sent decompresses to the body, which responses are left alone, and
// that the router applies it to every route.
#include "http/content_encoding.h"
#include "http/metrics.h"
#include "http/router.h"

#include <QtTest>

#include <random>

using namespace fieldseal;
using namespace fieldseal::server;

namespace {

class NoTokens : public Authenticator {
public:
    std::optional<Caller> authenticate(std::string_view) override { return std::nullopt; }
};

std::string header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return {};
}

// A page of sync ops as the server sends it: repetitive JSON.
std::string syncPageJson(int ops) {
    std::string out = "{\"ops\":[";
    for (int i = 0; i < ops; ++i) {
        if (i) out += ',';
        out += R"({"base_version":0,"device":"tab-wang","field":"findings","hlc":)" + std::to_string(1000 + i) +
               R"(,"op_id":"op-)" + std::to_string(i) + R"(","record_id":"rec-)" + std::to_string(i / 10) +
               R"(","type":"inspection","user":"insp.wang","value":"现场检查记录 )" + std::to_string(i) + "\"}";
    }
    return out + "]}";
}

// Incompressible bytes: compressors store them as they are.
std::string randomBytes(std::size_t size, unsigned seed) {
    std::string out(size, '\0');
    std::mt19937 rng(seed);
    for (auto& c : out)
        c = static_cast<char>(rng());
    return out;
}

HttpRequest requestWith(std::string_view acceptEncoding) {
    HttpRequest r;
    r.method = "POST";
    r.target = r.path = "/v1/sync";
    if (!acceptEncoding.empty()) r.headers.emplace_back("Accept-Encoding", std::string(acceptEncoding));
    return r;
}

} // namespace

class TestContentEncoding : public QObject {
    Q_OBJECT

private slots:
    void acceptEncodingValues_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("coding");
        const auto row = [](const char* name, const char* value, const char* coding) {
            QTest::newRow(name) << QString(value) << QString(coding);
        };
        row("gzip", "gzip", "gzip");
        row("zstd", "zstd", "zstd");
        row("curl's list", "deflate, gzip, br, zstd", "zstd");
        row("gzip preferred by q", "gzip;q=1, zstd;q=0.5", "gzip");
        row("tie: zstd", "gzip;q=0.5, zstd;q=0.5", "zstd");
        row("zstd refused", "zstd;q=0, gzip", "gzip");
        row("case and spaces", "  GZip ;q=0.5 ", "gzip");
        row("x-gzip", "x-gzip", "gzip");
        row("any", "*", "zstd");
        row("any but zstd", "zstd;q=0, *", "gzip");
        row("gzip named, any lower", "gzip, *;q=0.1", "gzip");
        row("refused", "gzip;q=0", "identity");
        row("refused, any allowed", "gzip;q=0, zstd;q=0, *", "identity");
        row("any refused", "*;q=0", "identity");
        row("identity", "identity", "identity");
        row("others only", "br, deflate", "identity");
        row("malformed q", "gzip;q=abc, zstd;q=", "identity");
        row("empty", "", "identity");
    }
    void acceptEncodingValues() {
        QFETCH(QString, value);
        QFETCH(QString, coding);
        const ContentCoding got = preferredCoding(value.toStdString());
        QCOMPARE(QString(got == ContentCoding::Zstd   ? "zstd"
                         : got == ContentCoding::Gzip ? "gzip"
                                                      : "identity"),
                 coding);
    }

    void roundTrip() {
        const std::string page = syncPageJson(2000);
        const auto packed = gzipCompress(page, 1);
        QVERIFY(packed.has_value());
        QVERIFY(packed->size() * 4 < page.size()); // JSON of ops compresses well even at level 1
        QCOMPARE(static_cast<unsigned char>((*packed)[0]), static_cast<unsigned char>(0x1f)); // gzip magic
        QCOMPARE(static_cast<unsigned char>((*packed)[1]), static_cast<unsigned char>(0x8b));
        QCOMPARE(gzipDecompress(*packed).value_or(""), page);

        // Random bytes and the empty string survive too; damaged or cut input is refused.
        const std::string noise = randomBytes(100000, 3);
        QCOMPARE(gzipDecompress(*gzipCompress(noise, 1)).value_or("?"), noise);
        QCOMPARE(gzipDecompress(*gzipCompress("", 1)).value_or("?"), std::string());
        QVERIFY(!gzipDecompress(packed->substr(0, packed->size() / 2)).has_value());
        std::string damaged = *packed;
        damaged[damaged.size() - 6] ^= 0x55; // inside the CRC-32 trailer
        QVERIFY(!gzipDecompress(damaged).has_value());
        QVERIFY(!gzipDecompress("not gzip at all").has_value());
    }

    void zstdRoundTrip() {
        const std::string page = syncPageJson(2000);
        const auto packed = zstdCompress(page, 1);
        QVERIFY(packed.has_value());
        QVERIFY(packed->size() * 4 < page.size());
        QVERIFY(packed->size() < gzipCompress(page, 1)->size());            // why it comes first
        QCOMPARE(packed->substr(0, 4), std::string("\x28\xb5\x2f\xfd", 4)); // zstd frame magic
        QCOMPARE(zstdDecompress(*packed).value_or(""), page);
        // Larger than zstd's 64 KiB output steps, random bytes (stored raw) and the empty string.
        const std::string noise = randomBytes(300000, 5);
        QCOMPARE(zstdDecompress(*zstdCompress(noise, 1)).value_or("?"), noise);
        QCOMPARE(zstdDecompress(*zstdCompress("", 1)).value_or("?"), std::string());
        // Cut short, damaged, followed by more bytes, or not zstd at all: refused.
        QVERIFY(!zstdDecompress(packed->substr(0, packed->size() / 2)).has_value());
        QVERIFY(!zstdDecompress(packed->substr(0, packed->size() - 1)).has_value());
        std::string damaged = *packed;
        damaged[damaged.size() / 2] ^= 0x55;
        const auto fromDamaged = zstdDecompress(damaged);
        QVERIFY(!fromDamaged || *fromDamaged != page); // no checksum: a flipped bit may decode
        QVERIFY(!zstdDecompress(*packed + "x").has_value());
        QVERIFY(!zstdDecompress("not zstd at all").has_value());
        QVERIFY(!zstdDecompress("").has_value());
    }

    void compressesOnlyWhenAskedAndWorthIt() {
        const std::string page = syncPageJson(500);
        {
            HttpResponse r = HttpResponse::text(200, page, "application/json");
            applyContentEncoding(requestWith("gzip"), r);
            QCOMPARE(header(r, "Content-Encoding"), std::string("gzip"));
            QCOMPARE(header(r, "Vary"), std::string("Accept-Encoding"));
            QCOMPARE(gzipDecompress(r.body).value_or(""), page);
        }
        {
            HttpResponse r = HttpResponse::text(200, page, "application/json");
            applyContentEncoding(requestWith("deflate, gzip, br, zstd"), r); // what libcurl asks
            QCOMPARE(header(r, "Content-Encoding"), std::string("zstd"));
            QCOMPARE(header(r, "Vary"), std::string("Accept-Encoding"));
            QCOMPARE(zstdDecompress(r.body).value_or(""), page);
        }
        {
            HttpResponse r = HttpResponse::text(200, page, "application/json");
            applyContentEncoding(requestWith(""), r); // not asked: sent as it is, caches told why
            QCOMPARE(header(r, "Content-Encoding"), std::string());
            QCOMPARE(header(r, "Vary"), std::string("Accept-Encoding"));
            QCOMPARE(r.body, page);
        }
        {
            HttpResponse r = HttpResponse::text(200, "{\"ok\":true}", "application/json");
            applyContentEncoding(requestWith("gzip"), r); // too small to gain anything
            QCOMPARE(r.body, std::string("{\"ok\":true}"));
            QVERIFY(r.headers.empty());
        }
        {
            HttpResponse r = HttpResponse::text(200, page, "application/offset+octet-stream");
            applyContentEncoding(requestWith("gzip"), r); // not text
            QCOMPARE(r.body, page);
        }
        {
            HttpResponse r = HttpResponse::text(200, page, "application/json");
            r.withHeader("Content-Encoding", "br"); // the handler encoded it already
            applyContentEncoding(requestWith("gzip"), r);
            QCOMPARE(r.body, page);
        }
        {
            HttpResponse r = HttpResponse::empty(200);
            r.contentType = "application/json";
            r.file = "/nonexistent/evidence.json"; // streamed files are never touched
            r.body = page;
            applyContentEncoding(requestWith("gzip"), r);
            QCOMPARE(r.body, page);
            QVERIFY(r.headers.empty());
        }
    }

    void routerCompressesEveryRoute() {
        NoTokens tokens;
        Metrics metrics;
        Router router(tokens, metrics);
        router.setLogSink([](std::string_view) {});
        const std::string page = syncPageJson(300);
        router.add(Route{"GET", "/v1/page", [&](RequestContext&) { return HttpResponse::text(200, page, "application/json"); },
                         false});
        HttpRequest request;
        request.method = "GET";
        request.target = request.path = "/v1/page";
        request.headers.emplace_back("accept-encoding", "gzip, deflate");
        const auto r = router.handle(request);
        QCOMPARE(r.status, 200);
        QCOMPARE(header(r, "Content-Encoding"), std::string("gzip"));
        QCOMPARE(gzipDecompress(r.body).value_or(""), page);
        request.headers = {{"accept-encoding", "gzip, zstd"}};
        const auto z = router.handle(request);
        QCOMPARE(header(z, "Content-Encoding"), std::string("zstd"));
        QCOMPARE(zstdDecompress(z.body).value_or(""), page);
    }
};

QTEST_APPLESS_MAIN(TestContentEncoding)
#include "test_content_encoding.moc"
