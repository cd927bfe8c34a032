// fieldseal-server: the HTTPS sync server. The commands are in app/server_commands.h.
#include "app/server_commands.h"

#include <iostream>

int main(int argc, char** argv) {
    return fieldseal::server::runServerCommand(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
