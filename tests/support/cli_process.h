#pragma once
// Runs the `fieldseal` command-line tool this build makes as a child process, for the tests that
// check a verb end to end (exit code, stdout, stderr); runProcess does the same for another tool
// (openssl, pdftotext, ...). Header-only: each test target already carries FIELDSEAL_BIN_DIR from
// fieldseal_add_qtest.
#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <optional>
#include <string>

namespace fieldseal::test {

struct CliRun {
    int exitCode = -1; // -1: crashed or did not finish in time
    std::string out;
    std::string err;
};

struct CliOptions {
    QByteArray input;                               // written to stdin, which is then closed
    std::optional<QProcessEnvironment> environment; // default: this process's environment
    QString workingDirectory;                       // default: this process's
    int timeoutMs = 120000;
};

inline QString fieldsealCliPath() { return QStringLiteral(FIELDSEAL_BIN_DIR "/fieldseal"); }

// `program` is a path or a name looked up in PATH; one that cannot be started gives exitCode -1.
inline CliRun runProcess(const QString& program, const QStringList& args, const CliOptions& options = {}) {
    QProcess p;
    if (options.environment) p.setProcessEnvironment(*options.environment);
    if (!options.workingDirectory.isEmpty()) p.setWorkingDirectory(options.workingDirectory);
    p.start(program, args);
    p.waitForStarted();
    if (!options.input.isEmpty()) p.write(options.input);
    p.closeWriteChannel();
    const bool finished = p.waitForFinished(options.timeoutMs);
    if (!finished) p.kill(), p.waitForFinished();
    return {finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            p.readAllStandardOutput().toStdString(), p.readAllStandardError().toStdString()};
}

inline CliRun runFieldsealCli(const QStringList& args, const CliOptions& options = {}) {
    return runProcess(fieldsealCliPath(), args, options);
}

} // namespace fieldseal::test
