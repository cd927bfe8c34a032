#include "curl_client.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace fieldseal::testsupport {
namespace {

struct CurlSlist {
    curl_slist* list = nullptr;
    ~CurlSlist() { curl_slist_free_all(list); }
    void add(const std::string& s) {
        curl_slist* next = curl_slist_append(list, s.c_str());
        if (!next) throw std::runtime_error("curl_slist_append failed");
        list = next;
    }
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && s[i] == ' ') ++i;
    return s.substr(i);
}

size_t onBody(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

size_t onHeader(char* data, size_t size, size_t n, void* user) {
    auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
    const std::string line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) {
        headers->clear(); // a new (possibly final after 100 Continue) response starts
    } else if (const auto colon = line.find(':'); colon != std::string::npos) {
        headers->emplace_back(line.substr(0, colon), trim(line.substr(colon + 1)));
    }
    return size * n;
}

struct GlobalInit {
    GlobalInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

} // namespace

std::optional<std::string> CurlReply::header(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (lower(k) == lower(name)) return v;
    return std::nullopt;
}

CurlClient::CurlClient(std::string caFile)
    : m_caFile(std::move(caFile)) {
    static GlobalInit init;
    m_handle.reset(curl_easy_init());
    if (!m_handle) throw std::runtime_error("curl_easy_init failed");
}

CurlReply CurlClient::request(const std::string& method, const std::string& url,
                              const std::vector<std::string>& headers, const std::string* body) {
    CURL* h = m_handle.get();
    curl_easy_reset(h); // keeps the connection cache, so keep-alive reuse is observable
    CurlReply reply;
    CurlSlist list;
    for (const auto& header : headers) list.add(header);
    char errbuf[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (!m_caFile.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, m_caFile.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &reply.headers);
    if (method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
        if (method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
        if (body) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->data());
        } else if (method == "POST") {
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(0));
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
        }
    }
    reply.code = curl_easy_perform(h);
    if (reply.code != CURLE_OK) reply.error = errbuf[0] ? errbuf : curl_easy_strerror(reply.code);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &reply.numConnects);
    return reply;
}

} // namespace fieldseal::testsupport
