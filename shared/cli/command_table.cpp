#include "command_table.h"

#include <ostream>

namespace fieldseal::cli {

void CommandTable::add(Command command) {
    m_commands.push_back(std::move(command));
}

const Command* CommandTable::find(const std::string& name) const {
    for (const auto& c : m_commands)
        if (c.name == name) return &c;
    return nullptr;
}

void CommandTable::printUsage(std::ostream& out) const {
    out << "usage: fieldseal [--db FILE] VERB [ARGS...]\n\nverbs:\n";
    for (const auto& c : m_commands)
        out << "  " << c.name << ' ' << c.usage << '\n';
}

} // namespace fieldseal::cli
