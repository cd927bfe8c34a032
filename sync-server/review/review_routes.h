#pragma once
// The review routes (supervisors and admins): queue, one inspection in full, the decision.

namespace fieldseal::server {

class Router;
class ReviewService;

void addReviewRoutes(Router& router, ReviewService& review);

} // namespace fieldseal::server
