#include "result.h"

namespace fieldseal {

const char* toString(ErrorDomain domain) {
    switch (domain) {
    case ErrorDomain::Validation:
        return "validation";
    case ErrorDomain::Store:
        return "store";
    case ErrorDomain::Sync:
        return "sync";
    case ErrorDomain::Clock:
        return "clock";
    case ErrorDomain::Seal:
        return "seal";
    case ErrorDomain::Network:
        return "network";
    case ErrorDomain::Usage:
        return "usage";
    }
    return "unknown";
}

const char* toString(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidInput:
        return "invalid_input";
    case ErrorCode::UnknownType:
        return "unknown_type";
    case ErrorCode::UnknownField:
        return "unknown_field";
    case ErrorCode::MissingField:
        return "missing_field";
    case ErrorCode::NotFound:
        return "not_found";
    case ErrorCode::Tampered:
        return "tampered";
    case ErrorCode::IllegalTransition:
        return "illegal_transition";
    case ErrorCode::Immutable:
        return "immutable";
    case ErrorCode::ClockAhead:
        return "clock_ahead";
    case ErrorCode::StoreFailure:
        return "store_failure";
    case ErrorCode::SchemaTooNew:
        return "schema_too_new";
    case ErrorCode::Conflict:
        return "conflict";
    case ErrorCode::Forbidden:
        return "forbidden";
    case ErrorCode::MalformedInput:
        return "malformed_input";
    }
    return "unknown";
}

} // namespace fieldseal
