#pragma once
// Who is calling: the account behind a valid bearer token. Every permission and scoping rule of
// the server is a function of the Caller.

#include <string>

namespace fieldseal::server {

enum class Role { Inspector, Supervisor, ExhibitionStaff, Admin };

const char* toString(Role role);           // "inspector", "supervisor", "exhibition_staff", "admin"
bool parseRole(const std::string& s, Role& out);

struct Caller {
    std::string userId;
    std::string username;
    Role role = Role::Inspector;
    std::string district; // the user's district code; empty for city-wide accounts (admin)
    std::string deviceId; // the enrolled device the token was issued to, if any
};

} // namespace fieldseal::server
