# api: sources of fieldseal_server_core (paths relative to sync-server/).
# The shared helpers of every route: the expected failures as Error values, the query string.
# (caller.cpp is listed in sync-server/CMakeLists.txt, json_body.cpp in accounts/sources.cmake.)
target_sources(fieldseal_server_core PRIVATE
  api/errors.cpp api/errors.h
  api/query_params.cpp api/query_params.h)
