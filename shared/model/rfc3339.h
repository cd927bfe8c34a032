#pragma once
// RFC 3339 times ("2026-11-25T19:52:36Z", "2026-11-05T09:30:00.5+08:00") to and from UTC seconds:
// one parser for the whole core (record validation, seals, trust lists).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace fieldseal {

using UtcSeconds = std::chrono::sys_seconds;

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)"; the fraction is dropped and a leap
// second (:60) is folded onto the next second, as RFC 3339 allows readers to do.
std::optional<UtcSeconds> parseRfc3339(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string formatRfc3339(UtcSeconds t);

} // namespace fieldseal
