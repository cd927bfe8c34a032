// fieldseal-server: placeholder until issue 4 (HTTPS API, accounts, scoping, blobs, sealing).
#include "store/migrations.h"
#include "store/sqlite_store.h"

#include <iostream>

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--version") {
        std::cout << "fieldseal-server 0.1.0 (store schema " << fieldseal::sqlite::latestSchemaVersion()
                  << ")\n";
        return 0;
    }
    std::cerr << "fieldseal-server: the sync server is not built yet (see issue 4); "
                 "devices exchange ops by file with `fieldseal export-ops` / `import-ops`.\n";
    return 2;
}
