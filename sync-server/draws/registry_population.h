#pragma once
// The draw population read from a registry (shared/registry) in the server's database.

#include "draws/population_source.h"

namespace fieldseal::registry {
class RegistryStore;
}

namespace fieldseal::server {

class RegistryPopulation final : public PopulationSource {
public:
    explicit RegistryPopulation(registry::RegistryStore& store)
        : m_store(store) {}

    Result<std::vector<draw::PlanOrganisation>> organisationsLocked(const std::set<std::string>& districts,
                                                                    const std::string& kind) override;

private:
    registry::RegistryStore& m_store;
};

} // namespace fieldseal::server
