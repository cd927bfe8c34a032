#include "client/http_client.h"

#include <algorithm>
#include <curl/curl.h>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

namespace fieldseal {

namespace {

// libcurl's upload buffer for file bodies (7.88 takes at most 2 MiB).
constexpr long kFileUploadBuffer = 1L << 20;

// libcurl's global state is set up once per process and never torn down (other libraries in the
// process may use libcurl too; cleaning up at exit buys nothing).
void ensureCurlGlobal() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("curl_global_init failed");
    });
}

struct EasyDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct MultiDeleter {
    void operator()(CURLM* h) const { curl_multi_cleanup(h); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

NetworkErrorKind kindOf(CURLcode rc) {
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        return NetworkErrorKind::ConnectFailed;
    case CURLE_OPERATION_TIMEDOUT:
        return NetworkErrorKind::Timeout;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SEND_FAIL_REWIND:
        return NetworkErrorKind::ConnectionReset;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_SHUTDOWN_FAILED:
        return NetworkErrorKind::TlsHandshakeFailed;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
        return NetworkErrorKind::TlsVerificationFailed;
    case CURLE_ABORTED_BY_CALLBACK:
        return NetworkErrorKind::Cancelled;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_RANGE_ERROR:
        return NetworkErrorKind::Protocol;
    case CURLE_READ_ERROR:
    case CURLE_WRITE_ERROR:
        return NetworkErrorKind::LocalIo;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_NOT_BUILT_IN:
        return NetworkErrorKind::InvalidRequest;
    default:
        return NetworkErrorKind::Other;
    }
}

// The request body: a string in memory or a range of a file, read as libcurl asks.
class BodySource {
public:
    BodySource(const std::string& memory)
        : m_memory(&memory)
        , m_length(memory.size()) {}
    BodySource(const FileRange& range)
        : m_file(range.path, std::ios::binary)
        , m_offset(range.offset)
        , m_length(range.length) {}

    std::uint64_t length() const { return m_length; }
    bool isFile() const { return m_memory == nullptr; }
    bool fileReady() const { return m_file.is_open(); }

    // Returns bytes copied, or nothing on a read failure.
    std::optional<std::size_t> read(char* buf, std::size_t max) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(max, m_length - m_pos));
        if (n == 0) return 0;
        if (m_memory) {
            std::copy_n(m_memory->data() + m_pos, n, buf);
        } else {
            if (!m_positioned) {
                m_file.clear();
                m_file.seekg(static_cast<std::streamoff>(m_offset + m_pos));
                m_positioned = true;
            }
            m_file.read(buf, static_cast<std::streamsize>(n));
            if (static_cast<std::size_t>(m_file.gcount()) != n) return std::nullopt;
        }
        m_pos += n;
        m_handedOver += n;
        return n;
    }
    // Every byte given to libcurl, resends included: what a failed request cost at most.
    std::uint64_t handedOver() const { return m_handedOver; }
    bool seek(std::uint64_t pos) {
        if (pos > m_length) return false;
        m_pos = pos;
        m_positioned = false;
        return true;
    }

private:
    const std::string* m_memory = nullptr;
    std::ifstream m_file;
    std::uint64_t m_offset = 0;
    std::uint64_t m_length = 0;
    std::uint64_t m_pos = 0;
    std::uint64_t m_handedOver = 0;
    bool m_positioned = false;
};

// State of one request while libcurl runs it; the callbacks' user data.
struct Transfer {
    const HttpRequest& request;
    const CancelToken& cancel;
    std::uint64_t maxBodyBytes = 0;
    HttpResponse response;
    std::optional<BodySource> body;
    std::ofstream download;
    CURL* easy = nullptr;      // for the response status when appendToFile decides where a body goes
    bool bodyInMemory = false; // appendToFile and neither 200 nor 206: the body is not the file's
    TransferProgress reported;
    std::string localIoError;
    std::string protocolError;
    std::exception_ptr callbackException;

    void report(TransferProgress now) {
        now.uploaded = std::max(now.uploaded, reported.uploaded);
        now.uploadTotal = std::max(now.uploadTotal, reported.uploadTotal);
        now.downloaded = std::max(now.downloaded, reported.downloaded);
        now.downloadTotal = std::max(now.downloadTotal, reported.downloadTotal);
        if (now.uploaded == reported.uploaded && now.uploadTotal == reported.uploadTotal &&
            now.downloaded == reported.downloaded && now.downloadTotal == reported.downloadTotal)
            return;
        reported = now;
        if (request.onProgress) request.onProgress(now);
    }
};

// The callbacks must not let an exception unwind through libcurl: they park it and abort.
template <class Fn> auto guarded(Transfer& t, auto failValue, Fn&& fn) -> decltype(failValue) {
    try {
        return fn();
    } catch (...) {
        t.callbackException = std::current_exception();
        return failValue;
    }
}

std::size_t onWrite(char* ptr, std::size_t size, std::size_t nmemb, void* userdata) {
    auto& t = *static_cast<Transfer*>(userdata);
    const std::size_t n = size * nmemb;
    return guarded(t, std::size_t{0}, [&]() -> std::size_t {
        if (t.request.appendToFile && t.request.downloadTo && !t.download.is_open() && !t.bodyInMemory) {
            long status = 0;
            curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
            if (status == 200 || status == 206) {
                t.download.open(*t.request.downloadTo,
                                std::ios::binary | (status == 206 ? std::ios::app : std::ios::trunc));
                if (!t.download) {
                    t.localIoError = "cannot write " + *t.request.downloadTo;
                    return 0;
                }
            } else {
                t.bodyInMemory = true;
            }
        }
        if (t.request.downloadTo && !t.bodyInMemory) {
            t.download.write(ptr, static_cast<std::streamsize>(n));
            if (!t.download) {
                t.localIoError = "cannot write " + *t.request.downloadTo;
                return 0;
            }
            return n;
        }
        if (t.response.body.size() + n > t.maxBodyBytes) {
            t.protocolError = "response body larger than " + std::to_string(t.maxBodyBytes) + " bytes";
            return 0;
        }
        t.response.body.append(ptr, n);
        return n;
    });
}

std::size_t onHeader(char* buffer, std::size_t size, std::size_t nitems, void* userdata) {
    auto& t = *static_cast<Transfer*>(userdata);
    const std::size_t n = size * nitems;
    return guarded(t, std::size_t{0}, [&]() -> std::size_t {
        std::string_view line(buffer, n);
        if (line.starts_with("HTTP/")) {
            t.response.headers.clear(); // a new response begins (after a 1xx, say)
            return n;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return n; // the blank line ending the headers
        t.response.headers.add(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
        return n;
    });
}

std::size_t onRead(char* buffer, std::size_t size, std::size_t nitems, void* userdata) {
    auto& t = *static_cast<Transfer*>(userdata);
    return guarded(t, std::size_t{CURL_READFUNC_ABORT}, [&]() -> std::size_t {
        const auto n = t.body->read(buffer, size * nitems);
        if (!n) {
            t.localIoError = "cannot read " + t.request.bodyFile->path;
            return CURL_READFUNC_ABORT;
        }
        return *n;
    });
}

int onSeek(void* userdata, curl_off_t offset, int origin) {
    auto& t = *static_cast<Transfer*>(userdata);
    // libcurl rewinds to resend a request whose reused connection died. A string body may be
    // resent; a file range may not: its caller re-plans after a failure (the blob uploader asks
    // the server's offset first), so each interruption costs at most one range.
    if (t.body->isFile()) return CURL_SEEKFUNC_CANTSEEK;
    if (origin != SEEK_SET || offset < 0) return CURL_SEEKFUNC_CANTSEEK;
    return t.body->seek(static_cast<std::uint64_t>(offset)) ? CURL_SEEKFUNC_OK : CURL_SEEKFUNC_FAIL;
}

int onProgress(void* userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    auto& t = *static_cast<Transfer*>(userdata);
    if (t.cancel.cancelled()) return 1;
    return guarded(t, 1, [&] {
        t.report(TransferProgress{static_cast<std::uint64_t>(ulnow), static_cast<std::uint64_t>(ultotal),
                                  static_cast<std::uint64_t>(dlnow), static_cast<std::uint64_t>(dltotal)});
        return 0;
    });
}

std::uint64_t infoOffset(CURL* easy, CURLINFO info) {
    curl_off_t v = 0;
    curl_easy_getinfo(easy, info, &v);
    return v > 0 ? static_cast<std::uint64_t>(v) : 0;
}

long infoLong(CURL* easy, CURLINFO info) {
    long v = 0;
    curl_easy_getinfo(easy, info, &v);
    return v;
}

} // namespace

struct HttpClient::Impl {
    std::unique_ptr<CURLM, MultiDeleter> multi;
    std::unique_ptr<CURL, EasyDeleter> easy;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    ~Impl() {
        // An easy handle leaves its multi handle before either is cleaned up.
        if (multi && easy) curl_multi_remove_handle(multi.get(), easy.get());
    }

    void setOptions(const Options& options, const HttpRequest& request, Transfer& transfer,
                    curl_slist* headers);
    HttpResult run(const Options& options, const HttpRequest& request);
};

HttpClient::HttpClient(Options options)
    : m_options(std::move(options))
    , m_impl(std::make_unique<Impl>()) {
    ensureCurlGlobal();
    m_impl->multi.reset(curl_multi_init());
    m_impl->easy.reset(curl_easy_init());
    if (!m_impl->multi || !m_impl->easy) throw std::runtime_error("libcurl: cannot create handles");
    // One connection at a time is all a sequential client needs; keep it (and only it) open.
    curl_multi_setopt(m_impl->multi.get(), CURLMOPT_MAXCONNECTS, 1L);
}

HttpClient::~HttpClient() = default;

HttpResult HttpClient::send(const HttpRequest& request) {
    return m_impl->run(m_options, request);
}

void HttpClient::Impl::setOptions(const Options& options, const HttpRequest& request, Transfer& transfer,
                                  curl_slist* headers) {
    CURL* e = easy.get();
    curl_easy_reset(e); // keeps live connections, TLS sessions and the DNS cache
    errorBuffer[0] = '\0';
    const std::string url = options.baseUrl + request.path;
    curl_easy_setopt(e, CURLOPT_URL, url.c_str()); // libcurl copies strings
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, options.userAgent.c_str());
    // Any coding libcurl decodes (zstd, gzip): sync pages shrink.
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");

    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    if (!options.caPem.empty()) {
        // CURL_BLOB_COPY: libcurl keeps its own copy, so the blob outlives this call.
        curl_blob blob{const_cast<char*>(options.caPem.data()), options.caPem.size(), CURL_BLOB_COPY};
        curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
    } else if (!options.caFile.empty()) {
        curl_easy_setopt(e, CURLOPT_CAINFO, options.caFile.c_str());
    }

    const bool fileTransfer = request.bodyFile.has_value() || request.downloadTo.has_value();
    const auto total =
        request.totalTimeout.value_or(fileTransfer ? std::chrono::milliseconds(0) : options.requestTimeout);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connectTimeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count()));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedBytesPerSecond);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                     std::max<long>(1, static_cast<long>(options.lowSpeedTime.count())));

    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &onWrite);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, &onProgress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);

    const std::string& method = request.method;
    const bool hasBody = transfer.body.has_value();
    if (method == "HEAD") {
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else if (hasBody) {
        // Every body goes through the read callback, so a file range and a string are sent alike
        // (with Content-Length) and libcurl can rewind either when it resends on a fresh connection.
        curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(transfer.body->length()));
        curl_easy_setopt(e, CURLOPT_READFUNCTION, &onRead);
        curl_easy_setopt(e, CURLOPT_READDATA, &transfer);
        curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, &onSeek);
        curl_easy_setopt(e, CURLOPT_SEEKDATA, &transfer);
        // Large reads from a file (evidence chunks of megabytes) instead of libcurl's 64 KiB:
        // fewer callbacks and TLS records of the largest size.
        if (transfer.body->isFile()) curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, kFileUploadBuffer);
        if (method != "PUT") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.c_str());
    } else if (method == "GET") {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
}

HttpResult HttpClient::Impl::run(const Options& options, const HttpRequest& request) {
    const CancelToken& cancel = options.cancel;
    if (cancel.cancelled()) return NetworkError{NetworkErrorKind::Cancelled, "cancelled before the request"};

    Transfer transfer{request, cancel, options.maxBodyBytes, {}, {}, {}, easy.get(), false, {}, {}, {}, {}};
    const bool bodyMethod = request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
    if (request.bodyFile) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(request.bodyFile->path, ec);
        if (ec || size < request.bodyFile->offset ||
            size - request.bodyFile->offset < request.bodyFile->length)
            return NetworkError{NetworkErrorKind::LocalIo,
                                "upload range beyond the end of " + request.bodyFile->path};
        transfer.body.emplace(*request.bodyFile);
        if (!transfer.body->fileReady())
            return NetworkError{NetworkErrorKind::LocalIo, "cannot open " + request.bodyFile->path};
    } else if (!request.body.empty() || bodyMethod) {
        transfer.body.emplace(request.body);
    }
    if (request.downloadTo && !request.appendToFile) { // appendToFile: opened by the first body byte
        transfer.download.open(*request.downloadTo, std::ios::binary | std::ios::trunc);
        if (!transfer.download)
            return NetworkError{NetworkErrorKind::LocalIo, "cannot create " + *request.downloadTo};
    }

    SlistPtr headers;
    const auto addHeader = [&](const std::string& line) {
        curl_slist* next = curl_slist_append(headers.get(), line.c_str());
        if (!next) throw std::bad_alloc();
        (void)headers.release();
        headers.reset(next);
    };
    for (const auto& [name, value] : request.headers.fields())
        addHeader(value.empty() ? name + ";" : name + ": " + value);
    // No "Expect: 100-continue" round trip: our server answers a body it refuses after reading it.
    if (!request.headers.contains("Expect")) addHeader("Expect:");

    setOptions(options, request, transfer, headers.get());

    CURLM* m = multi.get();
    CURL* e = easy.get();
    if (curl_multi_add_handle(m, e) != CURLM_OK)
        return NetworkError{NetworkErrorKind::Other, "curl_multi_add_handle failed"};
    // Wakes the poll below when the token is raised from another thread.
    const auto wake = cancel.onCancel([m] { curl_multi_wakeup(m); });

    bool done = false;
    bool cancelled = false;
    CURLcode rc = CURLE_OK;
    std::string multiError;
    for (;;) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(m, &running);
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(m, &queued)) {
            if (msg->msg == CURLMSG_DONE && msg->easy_handle == e) {
                rc = msg->data.result;
                done = true;
            }
        }
        if (done) break;
        if (mc != CURLM_OK) {
            multiError = curl_multi_strerror(mc);
            break;
        }
        if (cancel.cancelled()) {
            cancelled = true;
            break;
        }
        mc = curl_multi_poll(m, nullptr, 0, 1000, nullptr);
        if (mc != CURLM_OK) {
            multiError = curl_multi_strerror(mc);
            break;
        }
    }

    // libcurl's count restarts when it resends on a fresh connection; what we handed it does not.
    const std::uint64_t sent =
        std::max(infoOffset(e, CURLINFO_SIZE_UPLOAD_T), transfer.body ? transfer.body->handedOver() : 0);
    const std::uint64_t received = infoOffset(e, CURLINFO_SIZE_DOWNLOAD_T);
    curl_multi_remove_handle(m, e); // closes the connection if the transfer did not finish

    if (transfer.callbackException) std::rethrow_exception(transfer.callbackException);

    const auto fail = [&](NetworkErrorKind kind, std::string message, int code) {
        return NetworkError{kind, std::move(message), code, sent, received};
    };
    if (cancelled || (rc == CURLE_ABORTED_BY_CALLBACK && cancel.cancelled()))
        return fail(NetworkErrorKind::Cancelled, "cancelled", static_cast<int>(rc));
    if (!multiError.empty()) return fail(NetworkErrorKind::Other, multiError, 0);
    if (!transfer.localIoError.empty()) return fail(NetworkErrorKind::LocalIo, transfer.localIoError, rc);
    if (!transfer.protocolError.empty()) return fail(NetworkErrorKind::Protocol, transfer.protocolError, rc);
    if (rc != CURLE_OK)
        return fail(kindOf(rc), errorBuffer[0] ? std::string(errorBuffer) : curl_easy_strerror(rc),
                    static_cast<int>(rc));

    // appendToFile and an empty 200 (an empty representation): the file is emptied all the same.
    if (request.appendToFile && request.downloadTo && !transfer.download.is_open() &&
        !transfer.bodyInMemory && infoLong(e, CURLINFO_RESPONSE_CODE) == 200)
        transfer.download.open(*request.downloadTo, std::ios::binary | std::ios::trunc);
    if (request.downloadTo && (transfer.download.is_open() || !request.appendToFile)) {
        transfer.download.close();
        if (!transfer.download)
            return fail(NetworkErrorKind::LocalIo, "cannot write " + *request.downloadTo, 0);
    }
    transfer.report(TransferProgress{
        sent, transfer.body ? transfer.body->length() : 0, received,
        std::max<std::uint64_t>(received, infoOffset(e, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T))});
    HttpResponse response = std::move(transfer.response);
    response.status = infoLong(e, CURLINFO_RESPONSE_CODE);
    response.bodyBytesSent = sent;
    response.bodyBytesReceived = received;
    response.headerBytesSent = static_cast<std::uint64_t>(infoLong(e, CURLINFO_REQUEST_SIZE));
    response.headerBytesReceived = static_cast<std::uint64_t>(infoLong(e, CURLINFO_HEADER_SIZE));
    response.newConnections = infoLong(e, CURLINFO_NUM_CONNECTS);
    return response;
}

} // namespace fieldseal
