#include "server_process.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace fieldseal::test {
namespace {

std::filesystem::path defaultBinary() {
    return FIELDSEAL_SERVER_BINARY;
}

// fork + exec with stdout/stderr to `logFile` (append); returns the child's pid.
int spawn(const std::vector<std::string>& argv, const std::filesystem::path& logFile,
          const std::vector<std::string>& extraEnv) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        env.emplace_back(*e);
    env.insert(env.end(), extraEnv.begin(), extraEnv.end());
    std::vector<char*> args, envp;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& e : env)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    const pid_t parent = getpid();
    const int pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        // The child dies with the test: a test that aborts (an exception out of a test function,
        // a crash) runs no destructor, and its server served on after it, for good.
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(127);
        const int fd = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execve(args[0], args.data(), envp.data());
        _exit(127);
    }
    return pid;
}

int exitStatus(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

int runProcess(const std::vector<std::string>& argv, std::string& output, const std::vector<std::string>& extraEnv) {
    char tmpl[] = "/tmp/fieldseal-run-XXXXXX";
    const int fd = mkstemp(tmpl);
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    close(fd);
    const int pid = spawn(argv, tmpl, extraEnv);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    output = readAll(tmpl);
    std::filesystem::remove(tmpl);
    return exitStatus(status);
}

ServerProcess::ServerProcess(PassKey<ServerProcess>, Options options)
    : m_options(std::move(options)) {}

std::unique_ptr<ServerProcess> ServerProcess::start(Options options) {
    if (options.serverBinary.empty()) options.serverBinary = defaultBinary();
    auto p = std::make_unique<ServerProcess>(PassKey<ServerProcess>{}, std::move(options));
    Options& o = p->m_options;
    if (o.dataDir.empty()) {
        char tmpl[] = "/tmp/fieldseal-server-XXXXXX";
        if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
        o.dataDir = std::filesystem::path(tmpl) / "data";
        p->m_ownsDir = true;
    }
    if (!std::filesystem::exists(o.dataDir / "server.db")) {
        std::vector<std::string> argv = {o.serverBinary.string(), "init", "--data-dir", o.dataDir.string(),
                                         "--alg", o.alg};
        if (o.demo) argv.push_back("--demo");
        const int rc = runProcess(argv, p->m_initOutput,
                                  {"FIELDSEAL_ADMIN_PASSWORD=" + o.adminPassword,
                                   "FIELDSEAL_DEMO_PASSWORD=" + o.demoPassword});
        if (rc != 0) throw std::runtime_error("fieldseal-server init failed (" + std::to_string(rc) + "):\n" + p->m_initOutput);
    }
    p->serve();
    return p;
}

void ServerProcess::serve() {
    const auto portFile = m_options.dataDir / "port";
    std::filesystem::remove(portFile);
    m_pid = spawn({m_options.serverBinary.string(), "serve", "--data-dir", m_options.dataDir.string(), "--listen",
                   "127.0.0.1:0", "--threads", std::to_string(m_options.threads), "--port-file", portFile.string()},
                  m_options.dataDir / "server.log", {});
    for (int i = 0; i < 600; ++i) { // up to 30 s on a loaded CI machine
        if (std::filesystem::exists(portFile)) {
            std::ifstream in(portFile);
            int port = 0;
            if (in >> port && port > 0) {
                m_port = static_cast<std::uint16_t>(port);
                return;
            }
        }
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("fieldseal-server serve exited (" + std::to_string(exitStatus(status)) + "):\n" +
                                     log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill9();
    throw std::runtime_error("fieldseal-server serve did not start within 30 s:\n" + log());
}

int ServerProcess::stop(std::chrono::milliseconds grace) {
    if (m_pid <= 0) return 0;
    ::kill(m_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return exitStatus(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill9();
    return 128 + SIGKILL;
}

void ServerProcess::kill9() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
}

void ServerProcess::restart() {
    if (m_pid > 0) stop();
    serve();
}

std::string ServerProcess::log() const {
    return readAll(m_options.dataDir / "server.log");
}

ServerProcess::~ServerProcess() {
    stop(std::chrono::seconds(10));
    if (m_ownsDir) {
        std::error_code ec;
        std::filesystem::remove_all(m_options.dataDir.parent_path(), ec);
    }
}

} // namespace fieldseal::test
