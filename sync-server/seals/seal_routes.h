#pragma once
// The seal routes (DESIGN.md "Electronic seals"; openapi.yaml):
//   POST /v1/devices/enroll          any user: {"csr", "device_id"?, "label"?} -> 201 device certificate
//   GET  /v1/devices                 admin (all), supervisor (their district)
//   POST /v1/devices/{id}/revoke     admin: {"at"?, "reason"?} -> revoked, next trust list published
//   GET  /v1/trust-list[?after=N]    any user: the current trust-list envelope; 304 when sequence <= N
//   POST /v1/trust-list/publish      admin: {"fast_channel_units"?} -> the next trust list
//   POST /v1/seal/verify             any user: an envelope, or {"qr": "FS1:..."} -> the report

#include "http/router.h"

#include <vector>

namespace fieldseal::server {

class SealService;

std::vector<Route> sealRoutes(SealService& seals);
void addSealRoutes(Router& router, SealService& seals);

} // namespace fieldseal::server
