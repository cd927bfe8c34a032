#pragma once
// POST /v1/sync: the wire form of SyncService (documented in sync-server/openapi.yaml).

namespace fieldseal::server {

class Router;
class SyncService;

void addSyncRoutes(Router& router, SyncService& sync);

} // namespace fieldseal::server
