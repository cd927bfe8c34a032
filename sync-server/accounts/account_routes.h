#pragma once
// The account routes (contracts beside each route in account_routes.cpp):
//   POST /v1/auth/login                      public
//   POST /v1/auth/refresh                    public
//   POST /v1/auth/logout                     any signed-in user
//   GET  /v1/me                              any signed-in user
//   GET  /v1/admin/users                     admin
//   POST /v1/admin/users                     admin
//   POST /v1/admin/users/{id}/password       admin
//   POST /v1/admin/users/{id}/disable        admin
//   GET  /v1/admin/audit/verify              admin (checks the audit chain)

#include "http/router.h"

#include <vector>

namespace fieldseal::server {

class AccountService;
class AuditLog;

// The routes as values, so that tests can call each handler directly.
std::vector<Route> accountRoutes(AccountService& accounts, AuditLog& audit);

inline void addAccountRoutes(Router& router, AccountService& accounts, AuditLog& audit) {
    for (auto& route : accountRoutes(accounts, audit))
        router.add(std::move(route));
}

} // namespace fieldseal::server
