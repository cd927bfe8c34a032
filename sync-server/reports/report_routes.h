#pragma once
// GET /v1/inspections/{id}/report.pdf   the inspection report (application/pdf)
// GET /v1/inspections/{id}/report.seal  the authority's sealed envelope over it (application/json)
// Both: admins, the district's supervisor, the inspection's inspectors; 409 unless approved.

namespace fieldseal::server {

class Router;
class ReportService;

void addReportRoutes(Router& router, ReportService& reports);

} // namespace fieldseal::server
