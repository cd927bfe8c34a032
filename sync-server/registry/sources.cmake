# registry: the registry of organisations and CMA scope on the server (shared/registry in the
# server database): import, search, one organisation, the devices' district export.
target_sources(fieldseal_server_core PRIVATE
  registry/registry_routes.cpp registry/registry_routes.h
  registry/registry_service.cpp registry/registry_service.h)
target_link_libraries(fieldseal_server_core PUBLIC fieldseal_registry)
