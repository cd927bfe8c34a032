# review: the supervisor's queue, inspection detail and decisions.
target_sources(fieldseal_server_core PRIVATE
  review/conflict_service.cpp review/conflict_service.h
  review/review_routes.cpp review/review_routes.h
  review/review_service.cpp review/review_service.h)
