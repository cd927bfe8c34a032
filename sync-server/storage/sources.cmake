# storage: sources of fieldseal_server_core (paths relative to sync-server/).
target_sources(fieldseal_server_core PRIVATE
  storage/server_database.cpp storage/server_database.h
  storage/server_schema.cpp storage/server_schema.h
  storage/wal_checkpointer.cpp storage/wal_checkpointer.h)
target_sources(fieldseal_server_core PRIVATE storage/sqlite_scope_store.cpp storage/sqlite_scope_store.h)
