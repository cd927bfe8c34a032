#pragma once
// The registry routes (openapi.yaml, "Registry"):
//   POST /v1/registry/import?kind=organisations|scope   admin; text/csv body -> import report
//   GET  /v1/registry/search?q=&district=&kind=&field=&category=&product=&standard=&limit=&offset=&count=
//   GET  /v1/registry/organisations/{uscc}               one organisation with its CMA scope
//   GET  /v1/registry/export?district=D[&cursor=C][&limit=N][&known_revision=R]   a device's download

#include <cstddef>

namespace fieldseal::server {

class Router;
class RegistryService;

// Largest CSV file an import accepts (413 beyond, before the body is read).
inline constexpr std::size_t kRegistryImportBodyLimit = 16u << 20;

void addRegistryRoutes(Router& router, RegistryService& registry);

} // namespace fieldseal::server
