#pragma once
// DeviceStore: the signed-in user's offline data on this tablet — a SqliteStore file and the
// Replica on it — seen from the Qt side. Every local edit goes through put(), which reports
// changed() so that models refresh; sync replaces the data under it and calls notifyChanged().
// Invariant: while `busy` (a sync runs on a worker thread) nothing else touches the replica;
// put() refuses with a message instead.

#include "model/result.h"

#include <QObject>
#include <QString>
#include <QVariant>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

namespace fieldseal {
class Replica;
class SqliteStore;
} // namespace fieldseal

namespace fieldseal::app {

class DeviceStore : public QObject {
    Q_OBJECT
public:
    explicit DeviceStore(QObject* parent = nullptr);
    ~DeviceStore() override;

    // Opens (or creates, with this identity) the store file. An empty string on success.
    QString open(const QString& path, const QString& device, const QString& user, const QString& district);
    void close();
    bool isOpen() const { return m_replica != nullptr; }
    QString path() const { return m_path; }

    Replica* replica() { return m_replica.get(); }
    SqliteStore* store() { return m_store.get(); }

    // A local edit; an empty string on success, else a message for people.
    QString put(const std::string& type, const std::string& id,
                const std::vector<std::pair<std::string, nlohmann::json>>& fields);
    // The materialised record, or null when missing.
    nlohmann::json record(const std::string& id);
    // Every record of a type (materialised), in id order.
    std::vector<nlohmann::json> recordsOfType(const std::string& type);
    // The evidence records of an inspection (through the store's reference index).
    std::vector<nlohmann::json> evidenceOf(const std::string& inspectionId);
    std::string newId();

    // Lists an evidence file for upload at the next sync (client/pending_blobs.h); call before
    // writing the evidence record that names it. An empty string on success.
    QString addPendingBlob(const QString& sha256, const QString& path, qint64 size, const std::string& evidenceId);

    qint64 outboxSize();
    QString meta(const std::string& key);

    bool busy() const { return m_busy; }
    void setBusy(bool busy) { m_busy = busy; }
    void notifyChanged() { emit changed(); }

signals:
    void changed();

private:
    std::unique_ptr<SqliteStore> m_store;
    std::unique_ptr<Replica> m_replica;
    QString m_path;
    bool m_busy = false;
};

} // namespace fieldseal::app
