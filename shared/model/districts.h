#pragma once
// The districts data is scoped by, loaded from assets/districts.json (compiled in, so that the
// core needs no files at run time).

#include "result.h"

#include <string>
#include <vector>

namespace fieldseal {

struct District {
    std::string code; // administrative division code, e.g. "310115"
    std::string nameZh;
    std::string nameEn;
};

const std::vector<District>& districts();
const District* findDistrict(const std::string& code);
Status validateDistrict(const std::string& code);

} // namespace fieldseal
