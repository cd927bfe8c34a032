#pragma once
// The review routes (supervisors and admins): queue, one inspection in full, the decision; and
// the conflicts of their district with their resolution.

namespace fieldseal::server {

class Router;
class ReviewService;
class ConflictService;

void addReviewRoutes(Router& router, ReviewService& review);
void addConflictRoutes(Router& router, ConflictService& conflicts);

} // namespace fieldseal::server
