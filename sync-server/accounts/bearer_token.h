#pragma once
// Opaque bearer tokens (access and refresh): 32 random bytes in unpadded Base64url, 43 characters.
// The server keeps only tokenHash(token), so a copy of the database lets nobody sign in.

#include <string>
#include <string_view>

namespace fieldseal::server {

// A fresh token from OpenSSL's CSPRNG (throws std::runtime_error if it fails).
std::string newBearerToken();

// Lower-case hex SHA-256 of the token: the key it is stored and looked up under.
std::string tokenHash(std::string_view token);

// Whether `text` has the form of a token this server issues (cheap rejection before a lookup).
bool looksLikeBearerToken(std::string_view text);

// The token of an "Authorization: Bearer <token>" header value; empty when it is not one.
std::string_view bearerFromAuthorization(std::string_view headerValue);

} // namespace fieldseal::server
