#pragma once
// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check
// character computed over the first 17.

#include "result.h"

#include <string>

namespace fieldseal {

// The check character for the first 17 characters of a code; 0 if they hold a character
// outside the code's 31-symbol alphabet.
char usccCheckCharacter(const std::string& first17);

// Ok, or an error saying which rule the code breaks (length, alphabet, check character).
Status validateUscc(const std::string& code);

} // namespace fieldseal
