# reports: the sealed inspection-report PDF (issue 7), drawn by shared/report.
file(GLOB FIELDSEAL_TEMPLATE_FILES ${CMAKE_SOURCE_DIR}/assets/templates/*.json)
list(SORT FIELDSEAL_TEMPLATE_FILES)
set(FIELDSEAL_TEMPLATES_JSON "")
foreach(template_file IN LISTS FIELDSEAL_TEMPLATE_FILES)
  file(READ ${template_file} template_text)
  if(NOT FIELDSEAL_TEMPLATES_JSON STREQUAL "")
    string(APPEND FIELDSEAL_TEMPLATES_JSON ",\n")
  endif()
  string(APPEND FIELDSEAL_TEMPLATES_JSON "${template_text}")
endforeach()
configure_file(reports/checklist_templates_json.h.in ${CMAKE_CURRENT_BINARY_DIR}/generated/checklist_templates_json.h @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${FIELDSEAL_TEMPLATE_FILES})
target_include_directories(fieldseal_server_core PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)
target_sources(fieldseal_server_core PRIVATE
  reports/checklist_templates.cpp reports/checklist_templates.h
  reports/report_archive.cpp reports/report_archive.h
  reports/report_input.cpp reports/report_input.h
  reports/report_record_store.h
  storage/sqlite_report_record_store.cpp storage/sqlite_report_record_store.h
  reports/report_routes.cpp reports/report_routes.h
  reports/report_service.cpp reports/report_service.h)
target_link_libraries(fieldseal_server_core PRIVATE fieldseal_report)
