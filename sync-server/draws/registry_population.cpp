#include "registry_population.h"

#include "registry/registry_search.h"
#include "registry/registry_store.h"

namespace fieldseal::server {

Result<std::vector<draw::PlanOrganisation>> RegistryPopulation::organisationsLocked(
    const std::set<std::string>& districts, const std::string& kind) {
    registry::SearchQuery q;
    q.districts.assign(districts.begin(), districts.end());
    q.kinds = {kind};
    q.limit = 1000;
    std::vector<draw::PlanOrganisation> out;
    for (;;) {
        auto page = registry::searchRegistry(m_store, q);
        if (!page) return page.error();
        for (const auto& o : page->hits)
            out.push_back({o.uscc, o.name, o.district, o.kind});
        if (!page->more) break;
        q.offset += q.limit;
    }
    return out;
}

} // namespace fieldseal::server
