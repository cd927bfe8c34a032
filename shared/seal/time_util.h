#pragma once
// Seconds-precision UTC time points and their RFC 3339 text form ("2026-11-25T19:52:36Z").

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace fieldseal::seal {

using Time = std::chrono::sys_seconds;

Time now();
std::string formatRfc3339(Time t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)"; the fraction is dropped.
std::optional<Time> parseRfc3339(std::string_view text);

} // namespace fieldseal::seal
