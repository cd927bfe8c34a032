#include "server_commands.h"

#include "accounts/account_service.h"
#include "app/server_app.h"
#include "audit/audit_verify_command.h"
#include "http/https_server.h"
#include "model/ids.h"
#include "seals/seal_service.h"
#include "seals/seal_setup.h"
#include "setup/demo_data.h"
#include "setup/demo_registry.h"
#include "storage/server_database.h"
#include "sync/replica.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

namespace fieldseal::server {
namespace {

constexpr const char* kUsage =
    "usage: fieldseal-server init --data-dir D [--alg sm2|p256] [--authority DIR] [--tls-name NAME]... [--demo]\n"
    "       fieldseal-server serve --data-dir D [--listen HOST:PORT] [--plain-http] [--threads N] [--port-file F]\n"
    "       fieldseal-server audit verify --data-dir D\n"
    "       fieldseal-server --version\n"
    "init reads the administrator's password from FIELDSEAL_ADMIN_PASSWORD (else prints a generated one once)\n"
    "and, with --demo, the demo accounts' password from FIELDSEAL_DEMO_PASSWORD.\n";

struct Args {
    std::map<std::string, std::vector<std::string>> values;
    std::vector<std::string> flags;
    std::string problem;

    bool has(const std::string& flag) const {
        return std::find(flags.begin(), flags.end(), flag) != flags.end();
    }
    std::string get(const std::string& name, std::string fallback = {}) const {
        auto it = values.find(name);
        return it == values.end() ? fallback : it->second.back();
    }
};

Args parse(const std::vector<std::string>& args, std::size_t from, const std::vector<std::string>& valued,
           const std::vector<std::string>& flags) {
    Args a;
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string& s = args[i];
        if (!s.starts_with("--")) {
            a.problem = "unexpected argument '" + s + "'";
            return a;
        }
        const std::string name = s.substr(2);
        if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
            a.flags.push_back(name);
        } else if (std::find(valued.begin(), valued.end(), name) != valued.end()) {
            if (i + 1 >= args.size()) {
                a.problem = s + " needs a value";
                return a;
            }
            a.values[name].push_back(args[++i]);
        } else {
            a.problem = "unknown option " + s;
            return a;
        }
    }
    return a;
}

int usage(std::ostream& err, const std::string& problem) {
    err << "fieldseal-server: " << problem << "\n" << kUsage;
    return 2;
}

int fail(std::ostream& err, const std::string& what, const Error& e) {
    err << "fieldseal-server: " << what << ": " << e.message << "\n";
    return 1;
}

std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

int runInit(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    const Args a = parse(argv, 1, {"data-dir", "alg", "authority", "tls-name"}, {"demo"});
    if (!a.problem.empty()) return usage(err, a.problem);
    const std::filesystem::path dataDir = a.get("data-dir");
    if (dataDir.empty()) return usage(err, "init needs --data-dir");
    const std::string algName = a.get("alg", "sm2");
    if (algName != "sm2" && algName != "p256") return usage(err, "--alg must be sm2 or p256");
    if (std::filesystem::exists(ServerApp::databaseFile(dataDir))) {
        err << "fieldseal-server: " << dataDir.string() << " is already initialised (server.db exists)\n";
        return 1;
    }
    std::error_code ec;
    std::filesystem::create_directories(dataDir, ec);
    if (ec) {
        err << "fieldseal-server: cannot create " << dataDir.string() << ": " << ec.message() << "\n";
        return 1;
    }
    std::filesystem::permissions(dataDir, std::filesystem::perms::owner_all, ec);
    std::filesystem::create_directories(ServerApp::blobDir(dataDir), ec);

    std::optional<std::filesystem::path> import;
    if (!a.get("authority").empty()) import = a.get("authority");
    const auto tlsNames = a.values.count("tls-name") ? a.values.at("tls-name") : std::vector<std::string>{};
    if (auto s = initServerSeals(dataDir, algName == "sm2" ? seal::Algorithm::Sm2Sm3 : seal::Algorithm::Es256,
                                 import, tlsNames);
        !s)
        return fail(err, "cannot create the authority", s.error());
    {
        auto db = ServerDatabase::open(ServerApp::databaseFile(dataDir), true);
        if (!db) return fail(err, "cannot create the database", db.error());
        auto lock = (*db)->lock();
        if (auto s = Replica::initialise((*db)->store(), {"server", "fieldseal-server", ""}); !s)
            return fail(err, "cannot initialise the database", s.error());
    }
    ServerAppOptions options;
    options.reducedPasswordCost = a.has("demo");
    auto app = ServerApp::open(dataDir, options);
    if (!app) return fail(err, "cannot open the new data directory", app.error());

    const std::string adminPassword = envOr("FIELDSEAL_ADMIN_PASSWORD", "");
    const std::string shownAdminPassword = adminPassword.empty() ? generatedPassword() : adminPassword;
    if (auto u = (*app)->accounts().createUser("admin", "管理员 Administrator", "admin", "", shownAdminPassword, "init");
        !u)
        return fail(err, "cannot create the administrator", u.error());
    out << "Initialised " << dataDir.string() << " (authority " << algName << ")\n";
    out << "  administrator: admin";
    if (adminPassword.empty())
        out << "  password: " << shownAdminPassword << "  (shown once; change it after signing in)";
    out << "\n  clients pin the TLS CA in " << (dataDir / "tls" / "ca.pem").string() << "\n";

    if (a.has("demo")) {
        SealService& seals = (*app)->seals();
        AccountService& accounts = (*app)->accounts();
        const Caller admin{"", "admin", Role::Admin, "", ""};
        DemoLoaders loaders;
        loaders.createUser = [&](const nlohmann::json& u, const std::string& password) -> Status {
            auto r = accounts.createUser(u["username"], u.value("display_name", ""), u["role"], u["district"], password,
                                         "init --demo");
            if (!r) return r.error();
            return ok();
        };
        loaders.sealCertificate = [&](const nlohmann::json& payload) -> Result<nlohmann::json> {
            auto lock = (*app)->database().lock();
            const auto& authority = seals.authorityLocked();
            return authority.sealer().seal(payload, authority.sealIdentity(), seal::now());
        };
        loaders.publishFastChannel = [&](const nlohmann::json& units) -> Status {
            auto r = seals.publishTrustList(admin, units);
            if (!r) return r.error();
            return ok();
        };
        auto accountsMade = loadDemoData((*app)->sync(), loaders, envOr("FIELDSEAL_DEMO_PASSWORD", ""));
        if (!accountsMade) return fail(err, "cannot load the demo data", accountsMade.error());
        auto registryMade = loadDemoRegistry((*app)->registry());
        if (!registryMade) return fail(err, "cannot load the demo registry", registryMade.error());
        out << "Demo registry: " << *registryMade << " organisations\n";
        out << "Demo data loaded. Demo accounts:\n";
        for (const auto& acc : *accountsMade)
            out << "  " << acc.username << "  role " << acc.role << "  district "
                << (acc.district.empty() ? "(city-wide)" : acc.district) << "  password " << acc.password << "\n";
    }
    return 0;
}

int runServe(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    const Args a = parse(argv, 1, {"data-dir", "listen", "threads", "port-file"}, {"plain-http"});
    if (!a.problem.empty()) return usage(err, a.problem);
    const std::filesystem::path dataDir = a.get("data-dir");
    if (dataDir.empty()) return usage(err, "serve needs --data-dir");
    const std::string listen = a.get("listen", "127.0.0.1:8443");
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) return usage(err, "--listen must be HOST:PORT, e.g. 127.0.0.1:8443");
    HttpsServer::Options options;
    options.host = listen.substr(0, colon);
    try {
        const int port = std::stoi(listen.substr(colon + 1));
        if (port < 0 || port > 65535) throw std::out_of_range("port");
        options.port = static_cast<std::uint16_t>(port);
        if (!a.get("threads").empty()) options.threads = std::stoi(a.get("threads"));
    } catch (const std::exception&) {
        return usage(err, "--listen needs a port 0..65535 and --threads a number");
    }
    options.plainHttp = a.has("plain-http");
    options.certificateChainFile = dataDir / "tls" / "server.pem";
    options.privateKeyFile = dataDir / "tls" / "server.key";
    if (!std::filesystem::exists(ServerApp::databaseFile(dataDir))) {
        err << "fieldseal-server: " << dataDir.string()
            << " is not initialised; run: fieldseal-server init --data-dir " << dataDir.string() << "\n";
        return 1;
    }
    auto app = ServerApp::open(dataDir);
    if (!app) return fail(err, "cannot open " + dataDir.string(), app.error());
    HttpsServer server((*app)->router());
    if (auto s = server.start(options); !s) return fail(err, "cannot listen on " + listen, s.error());
    const std::string url = std::string(options.plainHttp ? "http" : "https") + "://" + options.host + ":" +
                            std::to_string(server.port());
    out << "fieldseal-server listening on " << url << std::endl;
    if (const auto portFile = a.get("port-file"); !portFile.empty()) {
        // Written whole then renamed, so a reader never sees half a number.
        const std::string tmp = portFile + ".tmp";
        std::ofstream(tmp) << server.port() << "\n";
        std::filesystem::rename(tmp, portFile);
    }
    runUntilSignal(server);
    out << "fieldseal-server stopped" << std::endl;
    return 0;
}

} // namespace

int runServerCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) return usage(err, "no command");
    if (args[0] == "--version") {
        out << "fieldseal-server 0.1.0\n";
        return 0;
    }
    if (args[0] == "--help" || args[0] == "help") {
        out << kUsage;
        return 0;
    }
    try {
        if (args[0] == "init") return runInit(args, out, err);
        if (args[0] == "serve") return runServe(args, out, err);
        if (args[0] == "audit" && args.size() > 1 && args[1] == "verify") {
            const Args a = parse(args, 2, {"data-dir"}, {});
            if (!a.problem.empty()) return usage(err, a.problem);
            if (a.get("data-dir").empty()) return usage(err, "audit verify needs --data-dir");
            return runAuditVerifyCommand(a.get("data-dir"), out, err);
        }
    } catch (const StoreFailure& e) {
        err << "fieldseal-server: storage failure: " << e.what() << "\n";
        return 1;
    }
    return usage(err, "unknown command '" + args[0] + "'");
}

} // namespace fieldseal::server
