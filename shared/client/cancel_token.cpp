#include "client/cancel_token.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>

namespace fieldseal {

struct CancelToken::Registration::State {
    std::atomic<bool> flag{false};
    mutable std::mutex mutex;
    mutable std::condition_variable cv;
    std::map<std::uint64_t, std::function<void()>> callbacks;
    std::uint64_t nextId = 1;
};

CancelToken::CancelToken()
    : m_state(std::make_shared<Registration::State>()) {}

void CancelToken::cancel() {
    std::lock_guard lock(m_state->mutex);
    m_state->flag.store(true);
    for (auto& [id, fn] : m_state->callbacks)
        fn();
    m_state->cv.notify_all();
}

bool CancelToken::cancelled() const {
    return m_state->flag.load();
}

void CancelToken::reset() {
    std::lock_guard lock(m_state->mutex);
    m_state->flag.store(false);
}

bool CancelToken::waitFor(std::chrono::milliseconds d) const {
    std::unique_lock lock(m_state->mutex);
    return m_state->cv.wait_for(lock, d, [this] { return m_state->flag.load(); });
}

CancelToken::Registration CancelToken::onCancel(std::function<void()> fn) const {
    std::lock_guard lock(m_state->mutex);
    const auto id = m_state->nextId++;
    m_state->callbacks.emplace(id, std::move(fn));
    return Registration(m_state, id);
}

CancelToken::Registration::~Registration() {
    release();
}

CancelToken::Registration::Registration(Registration&& other) noexcept
    : m_state(std::move(other.m_state))
    , m_id(other.m_id) {
    other.m_id = 0;
}

CancelToken::Registration& CancelToken::Registration::operator=(Registration&& other) noexcept {
    if (this != &other) {
        release();
        m_state = std::move(other.m_state);
        m_id = other.m_id;
        other.m_id = 0;
    }
    return *this;
}

void CancelToken::Registration::release() {
    if (!m_state) return;
    std::lock_guard lock(m_state->mutex);
    m_state->callbacks.erase(m_id);
    m_state.reset();
}

} // namespace fieldseal
