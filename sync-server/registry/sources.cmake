# registry: the registry of organisations and CMA scope on the server (shared/registry in the
# server database): import, search, one organisation, the devices' district export
# (keyset pages of the per-district change sequence; its SQLite store lives in storage/).
target_sources(fieldseal_server_core PRIVATE
  registry/registry_routes.cpp registry/registry_routes.h
  registry/registry_service.cpp registry/registry_service.h
  registry/registry_change_store.h
  storage/sqlite_registry_change_store.cpp storage/sqlite_registry_change_store.h)
target_link_libraries(fieldseal_server_core PUBLIC fieldseal_registry)
