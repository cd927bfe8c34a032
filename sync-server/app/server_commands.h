#pragma once
// The commands of `fieldseal-server`:
//   init  --data-dir D [--alg sm2|p256] [--authority DIR] [--tls-name NAME]... [--demo]
//   serve --data-dir D [--listen HOST:PORT] [--plain-http] [--threads N] [--port-file F]
//   audit verify --data-dir D
// Each returns the process exit code: 0 success, 1 failure, 2 usage.

#include <iosfwd>
#include <string>
#include <vector>

namespace fieldseal::server {

int runServerCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace fieldseal::server
