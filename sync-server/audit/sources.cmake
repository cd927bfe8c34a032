# audit: sources of fieldseal_server_core (paths relative to sync-server/).
# Also the SQLite audit store (storage/).
target_sources(fieldseal_server_core PRIVATE
  audit/audit_log.cpp audit/audit_log.h
  audit/audit_store.h
  audit/audit_verify_command.cpp audit/audit_verify_command.h
  storage/sqlite_audit_store.cpp storage/sqlite_audit_store.h)
