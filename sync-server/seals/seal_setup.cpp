#include "seal_setup.h"

#include "server_tls.h"

namespace fieldseal::server {

namespace fs = std::filesystem;

namespace {

Error setupError(ErrorCode code, std::string message) {
    return Error{ErrorDomain::Seal, code, std::move(message)};
}

// Removes the half-made folders of a failed init.
struct Scratch {
    std::vector<fs::path> paths;
    bool keep = false;
    ~Scratch() {
        if (keep) return;
        std::error_code ec;
        for (const auto& p : paths)
            fs::remove_all(p, ec);
    }
};

} // namespace

Status initServerSeals(const fs::path& dataDir, seal::Algorithm alg, std::optional<fs::path> importAuthority,
                       const std::vector<std::string>& extraTlsNames, const seal::AuthorityNames& names) {
    const fs::path authorityDir = dataDir / "authority";
    const fs::path tlsDir = dataDir / "tls";
    for (const auto& p : {authorityDir, tlsDir})
        if (fs::exists(p))
            return setupError(ErrorCode::Conflict, p.string() + " exists already: not overwriting it");
    std::error_code ec;
    fs::create_directories(dataDir, ec);
    if (ec)
        return setupError(ErrorCode::StoreFailure, "cannot create " + dataDir.string() + ": " + ec.message());

    // Both are made under temporary names and renamed at the end, so a failed init leaves nothing.
    Scratch scratch;
    const fs::path authorityTmp = dataDir / "authority.tmp";
    const fs::path tlsTmp = dataDir / "tls.tmp";
    fs::remove_all(authorityTmp, ec); // left over from an init that crashed
    fs::remove_all(tlsTmp, ec);
    scratch.paths = {authorityTmp, tlsTmp};

    if (importAuthority) {
        if (auto source = seal::Authority::open(*importAuthority); !source)
            return setupError(ErrorCode::InvalidInput,
                              "cannot import " + importAuthority->string() + ": " + source.error().message);
        fs::copy(*importAuthority, authorityTmp, fs::copy_options::recursive, ec);
        if (ec)
            return setupError(ErrorCode::StoreFailure,
                              "cannot copy " + importAuthority->string() + ": " + ec.message());
        auto copied = seal::Authority::open(authorityTmp);
        if (!copied) return copied.error();
        if (copied->currentTrustList().is_null()) {
            auto published = copied->publishTrustList();
            if (!published) return published.error();
        }
    } else {
        auto created = seal::Authority::create(authorityTmp, alg, names);
        if (!created) return created.error();
    }
    fs::permissions(authorityTmp, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (auto s = makeServerTls(tlsTmp, extraTlsNames); !s) return s;

    fs::rename(authorityTmp, authorityDir, ec);
    if (!ec) fs::rename(tlsTmp, tlsDir, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove_all(authorityDir, ignored);
        return setupError(ErrorCode::StoreFailure,
                          "cannot move the seal folders into place: " + ec.message());
    }
    scratch.keep = true;
    return ok();
}

} // namespace fieldseal::server
