#pragma once
// The rules for what an account may hold: usernames, display names, new passwords, device ids.
// Errors are Validation errors (HTTP 422) whose messages say what is accepted.

#include "model/result.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace fieldseal::server {

inline constexpr std::size_t kMinPasswordChars = 10;
inline constexpr std::size_t kMaxPasswordChars = 256;

// [a-z0-9._-]{3,32}
Status validateUsername(std::string_view username);
// Up to 100 characters, no control characters (may be empty: the username is shown instead).
Status validateDisplayName(std::string_view displayName);
// At least 10 and at most 256 characters (Unicode code points of the UTF-8 text). Applied when a
// password is set (create, reset), never at login, so old passwords keep working.
Status validateNewPassword(std::string_view password);
// What a device may call itself in a login: up to 128 of [A-Za-z0-9._:-] (may be empty).
Status validateDeviceId(std::string_view deviceId);

// The form a login name is looked up (and throttled) under: ASCII lower case, so that a tablet
// keyboard that capitalises the first letter does not cost a failed attempt.
std::string normalizeLoginName(std::string_view username);

// Code points in a UTF-8 string (continuation bytes not counted).
std::size_t utf8Length(std::string_view text);

} // namespace fieldseal::server
