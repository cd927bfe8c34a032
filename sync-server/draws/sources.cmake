# draws: double-random draws (issue 7) on the server: plans from the registry and the accounts,
# seed commitment, the run with sealed results and task records, public listings.
target_sources(fieldseal_server_core PRIVATE
  draws/draw_request.cpp draws/draw_request.h
  draws/draw_routes.cpp draws/draw_routes.h
  draws/draw_service.cpp draws/draw_service.h
  draws/draw_store.h
  draws/draw_tasks.cpp draws/draw_tasks.h
  draws/organisation_history.cpp draws/organisation_history.h
  draws/population_source.h
  draws/registry_population.cpp draws/registry_population.h
  draws/seed_vault.cpp draws/seed_vault.h
  storage/sqlite_draw_store.cpp storage/sqlite_draw_store.h)
target_link_libraries(fieldseal_server_core PUBLIC fieldseal_draw fieldseal_registry)
