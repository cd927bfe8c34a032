# seals: sources of fieldseal_server_core (paths relative to sync-server/).
# Also the SQLite seal store (storage/).
target_sources(fieldseal_server_core PRIVATE
  seals/counter_seal.cpp
  seals/seal_routes.cpp seals/seal_routes.h
  seals/seal_service.cpp seals/seal_service.h
  seals/seal_setup.cpp seals/seal_setup.h
  seals/seal_store.h
  seals/server_tls.cpp seals/server_tls.h
  storage/sqlite_seal_store.cpp storage/sqlite_seal_store.h)
