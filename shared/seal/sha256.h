#pragma once
// Sha256Stream: SHA-256 over input given in pieces — files and uploads too large to hold in
// memory (evidence videos on a tablet, blob chunks on the server). encoding.h's sha256Hex hashes
// one string at once. OpenSSL stays out of this header.

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace fieldseal::seal {

class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(Sha256Stream&&) noexcept;
    Sha256Stream& operator=(Sha256Stream&&) noexcept;

    void update(std::string_view bytes);
    // Lower-case hex of the digest of everything updated so far; the stream restarts empty.
    std::string finishHex();

private:
    struct Free {
        void operator()(evp_md_ctx_st* ctx) const;
    };
    std::unique_ptr<evp_md_ctx_st, Free> m_ctx;
};

// True for exactly 64 lower-case hex digits: how the client and server name a blob.
bool isSha256Hex(std::string_view s);

} // namespace fieldseal::seal
