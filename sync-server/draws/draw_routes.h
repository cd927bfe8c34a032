#pragma once
// The draw routes: administrators make, list, read and run draws; anyone reads what a draw
// publishes (openapi.yaml "Draws").
//   POST /v1/draws                            admin   201 the new draw (plan + commitment)
//   GET  /v1/draws                            admin
//   GET  /v1/draws/{id}                       admin
//   POST /v1/draws/{id}/run                   admin   the run (seed, result, sealed, task ids)
//   GET  /v1/public/draws/{id}                anyone
//   GET  /v1/public/draws/{id}/listing.html   anyone, after the run
//   GET  /v1/public/draws/{id}/listing.csv    anyone, after the run

namespace fieldseal::server {

class Router;
class DrawService;

void addDrawRoutes(Router& router, DrawService& draws);

} // namespace fieldseal::server
