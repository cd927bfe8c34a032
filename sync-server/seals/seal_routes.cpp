#include "seal_routes.h"

#include "api/errors.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "seal/envelope.h"
#include "seal/qr_codec.h"
#include "seal_service.h"

#include <stdexcept>

namespace fieldseal::server {
namespace {

using nlohmann::json;

constexpr std::size_t kEnrollBodyLimit = 64 * 1024; // a CSR is under 1 KiB
constexpr std::size_t kSmallBodyLimit = 16 * 1024;  // revoke
constexpr std::size_t kPublishBodyLimit = 4u << 20; // the fast-channel list may be long

const Caller& callerOf(const RequestContext& ctx) {
    if (!ctx.caller) throw std::logic_error("seal route reached without an authenticated caller");
    return *ctx.caller;
}

json deviceJson(const DeviceRecord& d) {
    return {{"device_id", d.id},
            {"user_id", d.userId},
            {"username", d.username},
            {"role", d.role},
            {"district", d.district},
            {"label", d.label},
            {"serial", d.serial},
            {"alg", d.alg},
            {"enrolled_at", d.enrolledAt},
            {"not_after", d.notAfter},
            {"revoked_at", d.revokedAt ? json(*d.revokedAt) : json(nullptr)}};
}

// An optional JSON object body: an empty body is {}.
Result<json> optionalObject(const HttpRequest& request) {
    if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object();
    return parseJsonObject(request);
}

Route enrollRoute(SealService& seals) {
    return Route{"POST",
                 "/v1/devices/enroll",
                 [&seals](RequestContext& ctx) {
                     auto body = parseJsonObject(ctx.request);
                     if (!body) return errorResponse(body.error());
                     if (auto s = requireMembers(*body, {{"csr", JsonType::String},
                                                         {"device_id", JsonType::String, false},
                                                         {"label", JsonType::String, false}});
                         !s)
                         return errorResponse(s.error());
                     EnrollRequest request{(*body)["csr"].get<std::string>(), body->value("device_id", ""),
                                           body->value("label", "")};
                     auto enrolled = seals.enroll(callerOf(ctx), request);
                     if (!enrolled) return errorResponse(enrolled.error());
                     const auto& d = enrolled->device;
                     return HttpResponse::json(enrolled->created ? 201 : 200,
                                               {{"device_id", d.id},
                                                {"certificate", d.certificate},
                                                {"chain", enrolled->chainPem},
                                                {"serial", d.serial},
                                                {"alg", d.alg},
                                                {"not_after", d.notAfter},
                                                {"trust_list", enrolled->trustList}});
                 },
                 true,
                 {},
                 kEnrollBodyLimit};
}

Route listRoute(SealService& seals) {
    return Route{"GET",
                 "/v1/devices",
                 [&seals](RequestContext& ctx) {
                     auto devices = seals.listDevices(callerOf(ctx));
                     if (!devices) return errorResponse(devices.error());
                     json list = json::array();
                     for (const auto& d : *devices)
                         list.push_back(deviceJson(d));
                     return HttpResponse::json(200, {{"devices", std::move(list)}});
                 },
                 true,
                 {Role::Admin, Role::Supervisor}};
}

Route revokeRoute(SealService& seals) {
    return Route{"POST",
                 "/v1/devices/{id}/revoke",
                 [&seals](RequestContext& ctx) {
                     auto body = optionalObject(ctx.request);
                     if (!body) return errorResponse(body.error());
                     if (auto s = requireMembers(
                             *body, {{"at", JsonType::String, false}, {"reason", JsonType::String, false}});
                         !s)
                         return errorResponse(s.error());
                     std::optional<seal::Time> at;
                     if (body->contains("at")) {
                         at = seal::parseRfc3339((*body)["at"].get<std::string>());
                         if (!at)
                             return errorResponse(
                                 invalidInput("at: an RFC 3339 time such as 2026-11-25T08:00:00Z"));
                     }
                     const auto it = ctx.request.pathParams.find("id");
                     if (it == ctx.request.pathParams.end())
                         throw std::logic_error("route pattern lacks {id}");
                     auto revoked =
                         seals.revokeDevice(callerOf(ctx), it->second, at, body->value("reason", ""));
                     if (!revoked) return errorResponse(revoked.error());
                     json out = deviceJson(revoked->device);
                     out["trust_list_sequence"] = revoked->trustListSequence;
                     return HttpResponse::json(200, out);
                 },
                 true,
                 {Role::Admin},
                 kSmallBodyLimit};
}

Route trustListRoute(SealService& seals) {
    return Route{"GET",
                 "/v1/trust-list",
                 [&seals](RequestContext& ctx) {
                     // The sequence number of the device's trust list.
                     const auto after = wholeNumberParam(ctx.request.query, "after");
                     if (!after) return errorResponse(after.error());
                     json list = seals.currentTrustList();
                     const std::uint64_t sequence = seals.trustListSequence();
                     const std::string etag = "\"trust-list-" + std::to_string(sequence) + "\"";
                     if ((*after && sequence <= **after) || ctx.request.header("If-None-Match") == etag)
                         return HttpResponse::empty(304).withHeader("ETag", etag);
                     return HttpResponse::json(200, list)
                         .withHeader("ETag", etag)
                         .withHeader("Cache-Control", "no-cache");
                 },
                 true,
                 {},
                 kSmallBodyLimit};
}

Route publishRoute(SealService& seals) {
    return Route{"POST",
                 "/v1/trust-list/publish",
                 [&seals](RequestContext& ctx) {
                     auto body = optionalObject(ctx.request);
                     if (!body) return errorResponse(body.error());
                     if (auto s = requireMembers(*body, {{"fast_channel_units", JsonType::Array, false}}); !s)
                         return errorResponse(s.error());
                     std::optional<json> units;
                     if (body->contains("fast_channel_units")) units = (*body)["fast_channel_units"];
                     auto published = seals.publishTrustList(callerOf(ctx), std::move(units));
                     if (!published) return errorResponse(published.error());
                     return HttpResponse::json(
                         200, {{"sequence", published->sequence}, {"trust_list", published->envelope}});
                 },
                 true,
                 {Role::Admin},
                 kPublishBodyLimit};
}

// 200 with the report for any verdict about a well-formed envelope; 422 (with the report) when
// the envelope or QR text is malformed; 400 when the body is not a JSON object.
Route verifyRoute(SealService& seals) {
    return Route{"POST",
                 "/v1/seal/verify",
                 [&seals](RequestContext& ctx) {
                     auto body = parseJsonObject(ctx.request, static_cast<std::size_t>(seal::kMaxJsonDepth));
                     if (!body) return errorResponse(body.error());
                     seal::VerificationReport report;
                     if (body->contains("qr")) {
                         if (auto s = requireMembers(*body, {{"qr", JsonType::String}}); !s)
                             return errorResponse(s.error());
                         const auto& qr = (*body)["qr"].get_ref<const std::string&>();
                         if (!qr.starts_with(seal::kQrPrefix))
                             return HttpResponse::error(422, "malformed_envelope",
                                                        "qr: the text must start with FS1:");
                         report = seals.verifyText(qr);
                     } else {
                         report = seals.verify(*body);
                     }
                     if (report.subIndication == seal::SubIndication::FormatFailure)
                         return HttpResponse::json(
                             422, {{"error", {{"code", "malformed_envelope"}, {"message", report.detail}}},
                                   {"report", report.toJson()}});
                     return HttpResponse::json(200, report.toJson());
                 },
                 true,
                 {},
                 seal::kMaxEnvelopeBytes};
}

} // namespace

std::vector<Route> sealRoutes(SealService& seals) {
    return {enrollRoute(seals),    listRoute(seals),    revokeRoute(seals),
            trustListRoute(seals), publishRoute(seals), verifyRoute(seals)};
}

void addSealRoutes(Router& router, SealService& seals) {
    for (auto& route : sealRoutes(seals))
        router.add(std::move(route));
}

} // namespace fieldseal::server
