#pragma once
// RegistryResultsModel: one page after another of registry search hits (organisations), as
// RegistryController fetches them; rows only grow until the next new search resets them.

#include "registry/registry_types.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>
#include <vector>

namespace fieldseal::app {

class RegistryResultsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RegistryController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        UsccRole = Qt::UserRole + 1,
        NameRole,
        KindRole,
        KindLabelRole,
        DistrictRole,
        DistrictNameRole,
        AddressRole,
        ContactRole,
    };
    Q_ENUM(Role)

    explicit RegistryResultsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_rows.size()); }
    void reset(std::vector<registry::RegistryOrganisation> rows);
    void append(std::vector<registry::RegistryOrganisation> rows);
    const registry::RegistryOrganisation* at(int row) const;
    void setEnglish(bool english);

signals:
    void countChanged();

private:
    std::vector<registry::RegistryOrganisation> m_rows;
    bool m_english = false;
};

// The words for an organisation kind (organisation.org_type), in the current language.
QString organisationKindLabel(const QString& kind);

} // namespace fieldseal::app
