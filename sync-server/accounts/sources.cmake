# accounts: sources of fieldseal_server_core (paths relative to sync-server/).
# Also the SQLite account store (storage/) and the JSON body helpers every route uses (api/).
target_sources(fieldseal_server_core PRIVATE
  accounts/account_routes.cpp accounts/account_routes.h
  accounts/account_service.cpp accounts/account_service.h
  accounts/account_store.h
  accounts/account_validation.cpp accounts/account_validation.h
  accounts/bearer_token.cpp accounts/bearer_token.h
  accounts/login_throttle.cpp accounts/login_throttle.h
  accounts/password_hash.cpp accounts/password_hash.h
  api/json_body.cpp api/json_body.h
  storage/sqlite_account_store.cpp storage/sqlite_account_store.h)
