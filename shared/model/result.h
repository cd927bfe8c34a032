#pragma once
// Result<T>: the value of an expected outcome, or the typed Error explaining why there is none.
// Expected failures (bad input, tampering, conflicts, a refused clock) are values; exceptions are
// kept for broken invariants (programmer errors) and are caught at process/thread boundaries.
// Result<T, E>: the same with a module's own error type (the client's NetworkError of one HTTP
// exchange and SyncError of an operation carry more than Error).

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace fieldseal {

// Where an error comes from; lets callers (and the server's HTTP mapping) react by category.
enum class ErrorDomain { Validation, Store, Sync, Clock, Seal, Network, Usage };

// What went wrong, in a form both machines (code) and people (message) can use.
enum class ErrorCode {
    InvalidInput,      // malformed or out-of-range input
    UnknownType,       // record type not in the schema
    UnknownField,      // field not in the record type
    MissingField,      // required field absent
    NotFound,          // record or op does not exist
    Tampered,          // a different body under an existing immutable id
    IllegalTransition, // status machine refused the change
    Immutable,         // edit of an immutable record
    ClockAhead,        // remote clock too far in the future
    StoreFailure,      // the storage backend failed (I/O, corruption)
    SchemaTooNew,      // database written by a newer program
    Conflict,          // clashes with the current state (a name or id already taken)
    Forbidden,         // the caller may not do this (role, district, ownership)
    MalformedInput,    // bytes that do not parse at all (e.g. a request body that is not JSON)
};

struct Error {
    ErrorDomain domain = ErrorDomain::Validation;
    ErrorCode code = ErrorCode::InvalidInput;
    std::string message;
};

const char* toString(ErrorDomain domain);
const char* toString(ErrorCode code);

inline Error validationError(ErrorCode code, std::string message) {
    return Error{ErrorDomain::Validation, code, std::move(message)};
}

template <class T, class E = Error> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(E error)
        : m_v(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_v);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_v));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const E& error() const {
        assert(!ok());
        return std::get<1>(m_v);
    }

private:
    std::variant<T, E> m_v;
};

// Result<void>: success or an Error.
struct Ok {};
using Status = Result<Ok>;
inline Status ok() {
    return Ok{};
}

} // namespace fieldseal
