# setup: `fieldseal-server init` (data directory, authority, administrator, demo data) and `serve`.
file(READ ${CMAKE_SOURCE_DIR}/assets/demo/demo.json FIELDSEAL_DEMO_JSON)
configure_file(setup/demo_data_json.h.in ${CMAKE_CURRENT_BINARY_DIR}/generated/demo_data_json.h @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/assets/demo/demo.json)
target_include_directories(fieldseal_server_core PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)
target_sources(fieldseal_server_core PRIVATE
  setup/demo_data.cpp setup/demo_data.h)
target_sources(fieldseal_server_core PRIVATE setup/demo_registry.cpp setup/demo_registry.h)
