#pragma once
// CancelToken: a shared "stop now" flag that any thread may raise. Copies share one state, so a
// sync engine, its HttpClient and its retry loop can all watch the same token. Besides the flag,
// a token wakes whoever is waiting on it: a sleeping retry loop (waitFor) and, through
// onCancel() registrations, an HttpClient blocked in poll — so cancelling takes effect at once,
// not at the next periodic check.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace fieldseal {

class CancelToken {
public:
    CancelToken();

    void cancel();
    bool cancelled() const;
    // Lowers the flag again, for the next operation on the same token.
    void reset();

    // Sleeps up to `d`; returns true (early) when the token is or becomes cancelled.
    bool waitFor(std::chrono::milliseconds d) const;

    // While the returned object lives, `fn` runs (on the cancelling thread, under the token's
    // lock: keep it short and non-blocking) each time cancel() is called.
    class Registration {
    public:
        Registration() = default;
        ~Registration();
        Registration(Registration&& other) noexcept;
        Registration& operator=(Registration&& other) noexcept;
        Registration(const Registration&) = delete;
        Registration& operator=(const Registration&) = delete;

    private:
        friend class CancelToken;
        struct State;
        Registration(std::shared_ptr<State> state, std::uint64_t id)
            : m_state(std::move(state))
            , m_id(id) {}
        void release();
        std::shared_ptr<State> m_state;
        std::uint64_t m_id = 0;
    };
    [[nodiscard]] Registration onCancel(std::function<void()> fn) const;

private:
    std::shared_ptr<Registration::State> m_state;
};

} // namespace fieldseal
