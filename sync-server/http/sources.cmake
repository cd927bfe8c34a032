# http: sources of fieldseal_server_core (paths relative to sync-server/).
# https_server.cpp is the only Beast translation unit (~10 s to compile); nothing else includes Beast
# (tls_server_stream.h is its TLS stream, header-only because its operations are templates).
target_sources(fieldseal_server_core PRIVATE
  http/url.cpp http/url.h
  http/byte_range.cpp http/byte_range.h
  http/router.cpp
  http/content_encoding.cpp http/content_encoding.h
  http/metrics.cpp http/metrics.h
  http/tls_connection.cpp http/tls_connection.h http/tls_server_stream.h http/file_response_body.h
  http/https_server.cpp http/https_server.h)
# Response compression: zstd (libzstd) and gzip (zlib).
find_package(ZLIB REQUIRED)
find_package(zstd 1.4 CONFIG REQUIRED)
target_link_libraries(fieldseal_server_core PRIVATE ZLIB::ZLIB zstd::libzstd_shared)
