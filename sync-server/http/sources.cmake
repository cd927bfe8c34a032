# http: sources of fieldseal_server_core (paths relative to sync-server/).
# https_server.cpp is the only Beast translation unit (~10 s to compile); nothing else includes Beast.
target_sources(fieldseal_server_core PRIVATE
  http/url.cpp http/url.h
  http/router.cpp
  http/metrics.cpp http/metrics.h
  http/https_server.cpp http/https_server.h)
