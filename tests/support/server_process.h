#pragma once
// ServerProcess (tests only): the real `fieldseal-server` as a child process on an ephemeral
// loopback port — `init --demo` into a fresh data directory, then `serve` over HTTPS — so that
// integration tests talk to exactly what ships. Stopped (SIGTERM, then SIGKILL) and its
// temporary data directory removed when destroyed. Killed as well when the thread that started
// it ends (PR_SET_PDEATHSIG), so a test that aborts leaves no server behind: call start() and
// restart() from a thread that outlives the server (the test's own).

#include "model/pass_key.h"
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fieldseal::test {

class ServerProcess {
public:
    struct Options {
        std::string alg = "p256";              // authority algorithm: p256 or sm2
        bool demo = true;                      // load assets/demo/demo.json
        std::string demoPassword = "demo-password-2026";
        std::string adminPassword = "admin-password-2026";
        std::filesystem::path dataDir;         // empty: a fresh temporary directory, removed at the end
        std::filesystem::path serverBinary;    // empty: the one this build made
        int threads = 4;
    };

    // Initialises (unless dataDir already holds a server) and starts serving; throws
    // std::runtime_error with the server's output when either fails.
    static std::unique_ptr<ServerProcess> start(Options options);
    static std::unique_ptr<ServerProcess> start() { return start(Options{}); }
    // Only start() makes one.
    ServerProcess(PassKey<ServerProcess>, Options options);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return m_port; }
    std::string baseUrl() const { return "https://127.0.0.1:" + std::to_string(m_port); }
    std::filesystem::path caFile() const { return m_options.dataDir / "tls" / "ca.pem"; }
    const std::filesystem::path& dataDir() const { return m_options.dataDir; }
    const Options& options() const { return m_options; }
    // What `init` printed (demo accounts and so on).
    const std::string& initOutput() const { return m_initOutput; }

    bool running() const { return m_pid > 0; }
    int pid() const { return m_pid; } // of the serving process (-1 when stopped)
    // SIGTERM and wait for a graceful exit; returns the exit status (128+signal if killed).
    int stop(std::chrono::milliseconds grace = std::chrono::seconds(15));
    // SIGKILL at once, as a crash would.
    void kill9();
    // Serve again on the same data directory (a new port).
    void restart();
    // The server's combined stdout/stderr so far (for failure messages).
    std::string log() const;

private:
    void serve();

    Options m_options;
    bool m_ownsDir = false;
    int m_pid = -1;
    std::uint16_t m_port = 0;
    std::string m_initOutput;
};

// Runs a command to completion, returning its exit code and combined output.
int runProcess(const std::vector<std::string>& argv, std::string& output,
               const std::vector<std::string>& extraEnv = {});

} // namespace fieldseal::test
