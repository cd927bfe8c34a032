#include "device/device_store.h"

#include "client/pending_blobs.h"
#include "model/ids.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"

#include <QCoreApplication>

namespace fieldseal::app {

DeviceStore::DeviceStore(QObject* parent) : QObject(parent) {}
DeviceStore::~DeviceStore() = default;

QString DeviceStore::open(const QString& path, const QString& device, const QString& user,
                          const QString& district) {
    close();
    auto store = SqliteStore::open(path.toStdString());
    if (!store) return QString::fromStdString(store.error().message);
    if (!(*store)->meta("device")) { // a new file: it takes this device's identity
        ReplicaIdentity id{device.toStdString(), user.toStdString(), district.toStdString()};
        if (auto s = Replica::initialise(**store, id); !s) return QString::fromStdString(s.error().message);
    }
    auto replica = Replica::open(**store);
    if (!replica) return QString::fromStdString(replica.error().message);
    m_store = std::move(*store);
    m_replica = std::move(*replica);
    m_path = path;
    emit changed();
    return {};
}

void DeviceStore::close() {
    m_replica.reset();
    m_store.reset();
    m_path.clear();
}

QString DeviceStore::put(const std::string& type, const std::string& id,
                         const std::vector<std::pair<std::string, nlohmann::json>>& fields) {
    if (!m_replica) return QCoreApplication::translate("DeviceStore", "尚未登录，数据未打开。");
    if (m_busy) return QCoreApplication::translate("DeviceStore", "正在同步，请稍候再修改。");
    auto r = m_replica->put(type, id, fields);
    if (!r) return QString::fromStdString(r.error().message);
    emit changed();
    return {};
}

nlohmann::json DeviceStore::record(const std::string& id) {
    if (!m_replica) return nullptr;
    auto r = m_replica->record(id);
    return r ? *r : nlohmann::json(nullptr);
}

std::vector<nlohmann::json> DeviceStore::recordsOfType(const std::string& type) {
    std::vector<nlohmann::json> out;
    if (!m_store) return out;
    std::vector<std::string> ids;
    // Through the store's index of records by type: the cost follows that type's records only.
    m_store->forEachRecordOfType(type, [&](const RecordMeta& m) { ids.push_back(m.id); });
    for (const auto& id : ids)
        if (auto r = m_replica->record(id)) out.push_back(std::move(*r));
    return out;
}

std::vector<nlohmann::json> DeviceStore::evidenceOf(const std::string& inspectionId) {
    std::vector<nlohmann::json> out;
    if (!m_store) return out;
    for (const auto& m : m_store->recordsReferringTo(inspectionId, "inspection_id", "evidence"))
        if (auto r = m_replica->record(m.id)) out.push_back(std::move(*r));
    return out;
}

std::string DeviceStore::newId() {
    static thread_local IdGenerator ids;
    return ids.next();
}

QString DeviceStore::addPendingBlob(const QString& sha256, const QString& path, qint64 size,
                                   const std::string& evidenceId) {
    if (!m_store) return QCoreApplication::translate("DeviceStore", "尚未登录，数据未打开。");
    if (m_busy) return QCoreApplication::translate("DeviceStore", "正在同步，请稍候再修改。");
    try {
        pending_blobs::add(*m_store, {sha256.toStdString(), path.toStdString(), static_cast<std::uint64_t>(size),
                                      evidenceId, {}});
    } catch (const StoreFailure& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

qint64 DeviceStore::outboxSize() {
    return m_store ? m_store->outboxSize() : 0;
}

QString DeviceStore::meta(const std::string& key) {
    if (!m_store) return {};
    const auto v = m_store->meta(key);
    return v ? QString::fromStdString(*v) : QString();
}

} // namespace fieldseal::app
