#pragma once
// The seal part of `fieldseal-server init`: the authority and the server's TLS certificate.
//
// Layout under the data directory:
//   DATA/authority/   the seal authority (seal/authority.h: root, device CA, seal signer,
//                     trust-list signer, devices/, trust-list.json, authority.json), mode 0700
//   DATA/tls/         ca.pem (clients pin it), ca.key, server.pem, server.key (server_tls.h)
// The trust list the authority published (sequence 1 for a new authority) is stored in the
// database's trust_lists table when SealService::open first runs on the data directory.

#include "model/result.h"
#include "seal/algorithm.h"
#include "seal/authority.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal::server {

// Creates DATA/authority (a new authority of `alg`, or a copy of `importAuthority`, a folder
// made by `fieldseal authority init`, whose own algorithm then applies) and DATA/tls. Refuses a
// data directory that already has either; on failure leaves neither behind.
Status initServerSeals(const std::filesystem::path& dataDir, seal::Algorithm alg,
                       std::optional<std::filesystem::path> importAuthority,
                       const std::vector<std::string>& extraTlsNames, const seal::AuthorityNames& names = {});

} // namespace fieldseal::server
