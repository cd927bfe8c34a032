#pragma once
// Owning handles for the OpenSSL objects that cross the seal module's public API. OpenSSL's
// headers stay inside shared/seal/*.cpp: this header only forward-declares the C structs.

#include <memory>

struct evp_pkey_st;
struct x509_st;
struct X509_crl_st;
struct evp_md_ctx_st;

namespace fieldseal::seal {

struct PkeyFree {
    void operator()(evp_pkey_st* p) const noexcept;
};
struct X509Free {
    void operator()(x509_st* p) const noexcept;
};
struct CrlFree {
    void operator()(X509_crl_st* p) const noexcept;
};

using PkeyPtr = std::unique_ptr<evp_pkey_st, PkeyFree>;
using X509Ptr = std::unique_ptr<x509_st, X509Free>;
using CrlPtr = std::unique_ptr<X509_crl_st, CrlFree>;

// Shared forms for objects that several owners read (trust store snapshots, caches).
using SharedPkey = std::shared_ptr<evp_pkey_st>;
using SharedX509 = std::shared_ptr<x509_st>;

} // namespace fieldseal::seal
