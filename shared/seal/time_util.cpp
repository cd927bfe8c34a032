#include "time_util.h"

namespace fieldseal::seal {

Time now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

} // namespace fieldseal::seal
