# stats: the statistics API (issue 7) over shared/stats.
target_sources(fieldseal_server_core PRIVATE
  stats/stats_request.cpp stats/stats_request.h
  stats/stats_routes.cpp stats/stats_routes.h
  stats/stats_service.cpp stats/stats_service.h)
target_link_libraries(fieldseal_server_core PRIVATE fieldseal_stats)
