#pragma once
// Line breaking for the PDF fonts: Latin text breaks at spaces, Chinese text between any two
// ideographs (and before or after a Latin word), except that closing punctuation (，。、；：？！）」)
// never starts a line. A word longer than the line is cut where it must. '\n' starts a new line.

#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::report {

std::vector<std::string> wrapText(std::string_view utf8, double size, double maxWidth);

} // namespace fieldseal::report
