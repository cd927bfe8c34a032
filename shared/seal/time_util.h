#pragma once
// Seconds-precision UTC time points and their RFC 3339 text form ("2026-11-25T19:52:36Z").

#include "model/rfc3339.h"

namespace fieldseal::seal {

using Time = UtcSeconds;
using fieldseal::formatRfc3339;
using fieldseal::parseRfc3339;

Time now();

} // namespace fieldseal::seal
