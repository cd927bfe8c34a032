// fieldseal: the device/admin command-line tool. Parses global options and dispatches to a verb.
#include "command_table.h"

#include <exception>
#include <iostream>

using namespace fieldseal::cli;

int main(int argc, char** argv) {
    CommandTable table;
    registerStoreCommands(table);
    registerSealCommands(table);
    registerDeviceCommands(table);
    registerDrawCommands(table);
    registerRegistryCommands(table);
    registerStatsCommands(table);

    CliContext ctx{std::nullopt, std::cin, std::cout, std::cerr};
    std::vector<std::string> args(argv + 1, argv + argc);
    size_t i = 0;
    while (i < args.size() && args[i].starts_with("--")) {
        if (args[i] == "--db" && i + 1 < args.size()) {
            ctx.dbPath = args[i + 1];
            i += 2;
        } else if (args[i] == "--help") {
            table.printUsage(std::cout);
            return kExitOk;
        } else {
            std::cerr << "fieldseal: unknown option " << args[i] << '\n';
            return kExitUsage;
        }
    }
    if (i >= args.size()) {
        table.printUsage(std::cerr);
        return kExitUsage;
    }
    const Command* command = table.find(args[i]);
    if (!command) {
        std::cerr << "fieldseal: unknown verb '" << args[i] << "' (see fieldseal --help)\n";
        return kExitUsage;
    }
    std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
    try {
        return command->run(ctx, rest);
    } catch (const std::exception& e) {
        // Only broken invariants throw; report them instead of aborting without a word.
        std::cerr << "fieldseal: internal error: " << e.what() << '\n';
        return 70;
    }
}
