# sync: sources of fieldseal_server_core (paths relative to sync-server/).
target_sources(fieldseal_server_core PRIVATE
  sync/accepted_ops_audit.cpp sync/accepted_ops_audit.h
  sync/access_rules.cpp sync/access_rules.h
  sync/op_json_text.cpp sync/op_json_text.h
  sync/plain_request_scanner.cpp sync/plain_request_scanner.h
  sync/record_facts.cpp sync/record_facts.h
  sync/scope_store.h
  sync/sync_request_reader.cpp sync/sync_request_reader.h
  sync/sync_routes.cpp sync/sync_routes.h
  sync/sync_service.cpp sync/sync_service.h)
