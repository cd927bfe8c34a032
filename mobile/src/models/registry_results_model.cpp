#include "models/registry_results_model.h"

#include "models/labels.h"

#include <QCoreApplication>

namespace fieldseal::app {

QString organisationKindLabel(const QString& kind) {
    static const struct {
        const char* code;
        const char* text;
    } kKinds[] = {
        {"manufacturer", QT_TRANSLATE_NOOP("RegistryResultsModel", "生产企业")},
        {"certification_body", QT_TRANSLATE_NOOP("RegistryResultsModel", "认证机构")},
        {"testing_agency", QT_TRANSLATE_NOOP("RegistryResultsModel", "检验检测机构")},
        {"exhibitor", QT_TRANSLATE_NOOP("RegistryResultsModel", "参展单位")},
        {"seller", QT_TRANSLATE_NOOP("RegistryResultsModel", "销售者")},
        {"importer", QT_TRANSLATE_NOOP("RegistryResultsModel", "进口商")},
        {"other", QT_TRANSLATE_NOOP("RegistryResultsModel", "其他")},
    };
    for (const auto& k : kKinds)
        if (kind == QLatin1String(k.code)) return QCoreApplication::translate("RegistryResultsModel", k.text);
    return kind;
}

RegistryResultsModel::RegistryResultsModel(QObject* parent) : QAbstractListModel(parent) {}

int RegistryResultsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> RegistryResultsModel::roleNames() const {
    return {{UsccRole, "uscc"},
            {NameRole, "name"},
            {KindRole, "kind"},
            {KindLabelRole, "kindLabel"},
            {DistrictRole, "district"},
            {DistrictNameRole, "districtName"},
            {AddressRole, "address"},
            {ContactRole, "contact"}};
}

QVariant RegistryResultsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto& o = m_rows[static_cast<size_t>(index.row())];
    const auto q = [](const std::string& s) { return QString::fromStdString(s); };
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return q(o.name);
    case UsccRole: return q(o.uscc);
    case KindRole: return q(o.kind);
    case KindLabelRole: return organisationKindLabel(q(o.kind));
    case DistrictRole: return q(o.district);
    case DistrictNameRole: return labels::districtName(q(o.district), m_english);
    case AddressRole: return q(o.address);
    case ContactRole: return q(o.contact);
    default: return {};
    }
}

void RegistryResultsModel::reset(std::vector<registry::RegistryOrganisation> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit countChanged();
}

void RegistryResultsModel::append(std::vector<registry::RegistryOrganisation> rows) {
    if (rows.empty()) return;
    const int first = count();
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    for (auto& r : rows)
        m_rows.push_back(std::move(r));
    endInsertRows();
    emit countChanged();
}

const registry::RegistryOrganisation* RegistryResultsModel::at(int row) const {
    return row >= 0 && row < count() ? &m_rows[static_cast<size_t>(row)] : nullptr;
}

void RegistryResultsModel::setEnglish(bool english) {
    m_english = english;
    if (!m_rows.empty()) emit dataChanged(index(0), index(count() - 1));
}

} // namespace fieldseal::app
