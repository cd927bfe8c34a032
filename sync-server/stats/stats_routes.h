#pragma once
// GET /v1/stats/inspections and GET /v1/stats/overview (supervisors and admins): JSON by default,
// CSV (text/csv; charset=utf-8, shared/stats' form) with format=csv. Query: stats_request.h.

namespace fieldseal::server {

class Router;
class StatsService;

void addStatsRoutes(Router& router, StatsService& stats);

} // namespace fieldseal::server
