#pragma once
// The demo registry of `fieldseal-server init --demo`: for every district of the demo accounts,
// some fifty organisations — manufacturers, certification bodies, inspection and testing agencies
// with their CMA scope lines, exhibitors, sellers, importers — plus the organisations of
// demo.json, so that searches and double-random draws have a realistic population. Generated
// deterministically (same registry on every init) with valid USCC check characters, written as
// the two CSV files an administrator would import, and imported through RegistryService (the
// same checks and audit entries as a real import).

#include "model/result.h"

#include <string>
#include <vector>

namespace fieldseal::server {

class RegistryService;

struct DemoRegistryCsv {
    std::string organisations; // uscc,name,kind,district,address,contact
    std::string scope;         // uscc,field,category,product,parameter,standard
};

// The demo registry for `districts` (codes), as CSV text.
DemoRegistryCsv demoRegistryCsv(const std::vector<std::string>& districts);

// The districts of the demo accounts (demo.json), without duplicates.
std::vector<std::string> demoDistricts();

// Imports the demo registry of demoDistricts(); an error if any row is refused (a bug in the
// generator) or the import fails. Returns the number of organisations stored.
Result<std::size_t> loadDemoRegistry(RegistryService& registry);

} // namespace fieldseal::server
