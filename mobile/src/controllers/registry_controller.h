#pragma once
// RegistryController: the registry search page's state. Searches the registry held in the device
// store's file (registry/registry_search.h: full text for Chinese and English through FTS5
// trigrams, plus filters on district, kind and one CMA scope line), offline, a page of 30 at a
// time, and shows one organisation's details with its CMA scope lines.
// The registry tables arrive with sync (client/registry_sync); the offline demo seeds a few.
// The page reads the registry again when the store changes to another revision of it.

#include "models/registry_results_model.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace fieldseal::registry {
struct SearchQuery;
}

namespace fieldseal::app {

class AppController;

class RegistryController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(QString text MEMBER m_text NOTIFY queryChanged)
    Q_PROPERTY(QString district MEMBER m_district NOTIFY queryChanged)
    Q_PROPERTY(QString kind MEMBER m_kind NOTIFY queryChanged)
    Q_PROPERTY(QString field MEMBER m_field NOTIFY queryChanged)
    Q_PROPERTY(QString category MEMBER m_category NOTIFY queryChanged)
    Q_PROPERTY(QString product MEMBER m_product NOTIFY queryChanged)
    Q_PROPERTY(QString standard MEMBER m_standard NOTIFY queryChanged)
    Q_PROPERTY(fieldseal::app::RegistryResultsModel* results READ results CONSTANT)
    Q_PROPERTY(qint64 total READ total NOTIFY resultsChanged)
    Q_PROPERTY(bool more READ more NOTIFY resultsChanged)
    Q_PROPERTY(bool searched READ searched NOTIFY resultsChanged)
    Q_PROPERTY(qint64 registrySize READ registrySize NOTIFY resultsChanged)
    Q_PROPERTY(QString message READ message NOTIFY resultsChanged)
    Q_PROPERTY(QVariantList districtOptions READ districtOptions NOTIFY optionsChanged)
    Q_PROPERTY(QVariantList kindOptions READ kindOptions NOTIFY optionsChanged)
    Q_PROPERTY(QStringList fieldOptions READ fieldOptions NOTIFY optionsChanged)
    Q_PROPERTY(QStringList categoryOptions READ categoryOptions NOTIFY queryChanged)
    Q_PROPERTY(bool hasSelection READ hasSelection NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedName READ selectedName NOTIFY selectionChanged)
    Q_PROPERTY(QVariantList selectedDetails READ selectedDetails NOTIFY selectionChanged) // [{label, value}]
    Q_PROPERTY(QVariantList selectedScope READ selectedScope NOTIFY selectionChanged)
    // [{field, category, product, parameter, standard}]

public:
    explicit RegistryController(AppController& app);

    RegistryResultsModel* results() { return &m_results; }
    qint64 total() const { return m_total; }
    bool more() const { return m_more; }
    bool searched() const { return m_searched; }
    qint64 registrySize() const { return m_registrySize; }
    QString message() const { return m_message; }
    QVariantList districtOptions() const;
    QVariantList kindOptions() const;
    QStringList fieldOptions() const { return m_fields; }
    QStringList categoryOptions() const;
    bool hasSelection() const { return !m_selectedUscc.isEmpty(); }
    QString selectedName() const { return m_selectedName; }
    QVariantList selectedDetails() const { return m_selectedDetails; }
    QVariantList selectedScope() const { return m_selectedScope; }

    // A new search with the current text and filters (first page); loadMore() the next page.
    Q_INVOKABLE void search();
    Q_INVOKABLE void loadMore();
    Q_INVOKABLE void clearFilters();
    Q_INVOKABLE void select(int row);
    Q_INVOKABLE void clearSelection();
    // Re-reads the registry's size and the scope vocabulary (after a sign-in, or a sync that
    // brought a new registry revision).
    Q_INVOKABLE void reload();

signals:
    void queryChanged();
    void resultsChanged();
    void optionsChanged();
    void selectionChanged();

private:
    registry::SearchQuery query(size_t offset) const;
    bool fetch(size_t offset);

    AppController& m_app;
    RegistryResultsModel m_results;
    QString m_text, m_district, m_kind, m_field, m_category, m_product, m_standard;
    qint64 m_total = 0;
    bool m_more = false;
    bool m_searched = false;
    qint64 m_registrySize = 0;
    QString m_message;
    QStringList m_fields;
    QMap<QString, QStringList> m_categoriesOfField;
    QString m_storePath; // the store the registry was last read from
    QString m_revision;  // and the registry revision it held then (registry.revision meta)
    QString m_selectedUscc, m_selectedName;
    QVariantList m_selectedDetails, m_selectedScope;
};

} // namespace fieldseal::app
