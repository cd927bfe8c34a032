#pragma once
// CommandTable: the verbs of the `fieldseal` command-line tool. Each module registers its verbs
// (store/sync verbs, seal verbs, client verbs) so main.cpp stays a dispatcher.

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal::cli {

// Exit codes shared by all verbs (seal verify adds 3 = FAILED, 4 = INDETERMINATE).
constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

// What a verb gets: global options and the process's streams (tests pass string streams).
struct CliContext {
    std::optional<std::string> dbPath; // --db FILE, when given
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
};

struct Command {
    std::string name;  // e.g. "put" or "seal" (a verb may have sub-verbs of its own)
    std::string usage; // one line: arguments after the verb
    std::function<int(CliContext&, const std::vector<std::string>& args)> run;
};

class CommandTable {
public:
    void add(Command command);
    const Command* find(const std::string& name) const;
    void printUsage(std::ostream& out) const;

private:
    std::vector<Command> m_commands;
};

// Registration functions, one per module that contributes verbs.
void registerStoreCommands(CommandTable& table);
void registerSealCommands(CommandTable& table); // authority, seal, qr (shared/cli/seal_commands.cpp)
// device login|logout, sync, attach, status, fetch-evidence (shared/cli/device_commands.cpp)
void registerDeviceCommands(CommandTable& table);
void registerDrawCommands(CommandTable& table); // draw seed|commit|run|verify (draw_commands.cpp)
void registerRegistryCommands(CommandTable& table); // registry import|search|show|population
void registerStatsCommands(CommandTable& table);    // stats inspections|overview (stats_commands.cpp)

} // namespace fieldseal::cli
