#include "caller.h"

namespace fieldseal::server {

const char* toString(Role role) {
    switch (role) {
    case Role::Inspector: return "inspector";
    case Role::Supervisor: return "supervisor";
    case Role::ExhibitionStaff: return "exhibition_staff";
    case Role::Admin: return "admin";
    }
    return "inspector";
}

bool parseRole(const std::string& s, Role& out) {
    for (Role r : {Role::Inspector, Role::Supervisor, Role::ExhibitionStaff, Role::Admin}) {
        if (s == toString(r)) {
            out = r;
            return true;
        }
    }
    return false;
}

} // namespace fieldseal::server
