#include "store.h"

namespace fieldseal {

// Defaults for stores without indexes (e.g. a test double): correct, and linear in the store.

void Store::forEachRecordOfType(const std::string& type, const std::function<void(const RecordMeta&)>& fn) {
    forEachRecord([&](const RecordMeta& m) {
        if (m.type == type) fn(m);
    });
}

std::vector<RecordMeta> Store::recordsReferringTo(const std::string& targetId, const std::string& field,
                                                  const std::string& type) {
    std::vector<RecordMeta> out;
    forEachRecord([&](const RecordMeta& m) {
        if (!type.empty() && m.type != type) return;
        for (const auto& f : fields(m.id)) {
            if (f.field != kBodyField || !f.value.is_object()) continue;
            const auto it = f.value.find(field);
            if (it != f.value.end() && it->is_string() && it->get_ref<const std::string&>() == targetId)
                out.push_back(m);
        }
    });
    return out;
}

} // namespace fieldseal
