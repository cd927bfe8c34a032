#pragma once
// Expected<T, E>: a value or an error of a module's own error type (C++20 has no std::expected).
// The client's results use it with NetworkError (one HTTP exchange) and SyncError (an operation).

#include <cassert>
#include <utility>
#include <variant>

namespace fieldseal {

template <class T, class E> class [[nodiscard]] Expected {
public:
    Expected(T value)
        : m_v(std::in_place_index<0>, std::move(value)) {}
    Expected(E error)
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

} // namespace fieldseal
