#include "controllers/registry_controller.h"

#include "controllers/app_controller.h"
#include "device/device_store.h"
#include "models/labels.h"
#include "client/registry_sync.h"
#include "model/districts.h"
#include "registry/registry_search.h"
#include "registry/registry_store.h"
#include "store/sqlite_store.h"

namespace fieldseal::app {
namespace {

constexpr size_t kPageSize = 30;
const char* const kKinds[] = {"testing_agency", "certification_body", "manufacturer", "exhibitor",
                              "seller",         "importer",           "other"};

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

RegistryController::RegistryController(AppController& app) : m_app(app), m_results(this) {
    // sessionChanged also follows a language switch: only another store (or one that had no
    // registry yet, as while the demo is being seeded) means reading the registry again.
    connect(&app, &AppController::sessionChanged, this, [this] {
        if (m_app.storePath() != m_storePath || m_registrySize == 0) {
            m_storePath = m_app.storePath();
            reload();
        }
    });
    // A sync that brings a new registry revision (client/registry_sync.h) is read again, and a
    // search on screen runs again on it; every other change of the store leaves the page alone.
    connect(&app.store(), &DeviceStore::changed, this, [this] {
        auto& store = m_app.store();
        if (store.busy() || !store.isOpen() || m_app.storePath() != m_storePath) return; // sessionChanged reads it
        if (store.meta(registry_sync_keys::kRevision) == m_revision) return;
        const bool searched = m_searched;
        reload();
        if (searched) search();
    });
    connect(&app, &AppController::languageChanged, this, [this] {
        m_results.setEnglish(m_app.english());
        emit optionsChanged();
        if (hasSelection()) select(-1); // re-labels the details
    });
    connect(this, &RegistryController::queryChanged, this, [this] {
        if (!m_field.isEmpty() && !m_categoriesOfField.value(m_field).contains(m_category) && !m_category.isEmpty())
            m_category.clear(); // a category of another field would match nothing
    });
}

QVariantList RegistryController::districtOptions() const {
    QVariantList out{QVariantMap{{"value", QString()}, {"label", tr("全部区")}}};
    for (const auto& d : districts())
        out << QVariantMap{{"value", q(d.code)}, {"label", labels::districtName(q(d.code), m_app.english())}};
    return out;
}

QVariantList RegistryController::kindOptions() const {
    QVariantList out{QVariantMap{{"value", QString()}, {"label", tr("全部类型")}}};
    for (const char* k : kKinds)
        out << QVariantMap{{"value", QLatin1String(k)}, {"label", organisationKindLabel(QLatin1String(k))}};
    return out;
}

QStringList RegistryController::categoryOptions() const {
    if (!m_field.isEmpty()) return m_categoriesOfField.value(m_field);
    QStringList all;
    for (const auto& list : m_categoriesOfField)
        for (const auto& c : list)
            if (!all.contains(c)) all << c;
    return all;
}

void RegistryController::reload() {
    m_fields.clear();
    m_categoriesOfField.clear();
    m_registrySize = 0;
    auto& store = m_app.store();
    if (store.isOpen() && !store.busy()) {
        m_revision = store.meta(registry_sync_keys::kRevision);
        try {
            registry::RegistryStore registry(store.store()->database());
            m_registrySize = registry.organisationCount();
            // The scope vocabulary for the pickers (CMA fields and categories are controlled
            // vocabularies); read straight from the registry's scope table through its index.
            auto vocabulary = registry.database().query(
                "SELECT DISTINCT field, category FROM registry_scope ORDER BY field, category");
            while (vocabulary.step()) {
                const auto field = q(vocabulary.text(0));
                if (!m_fields.contains(field)) m_fields << field;
                m_categoriesOfField[field] << q(vocabulary.text(1));
            }
        } catch (const StoreFailure& e) {
            m_message = q(e.what());
        }
    }
    m_results.reset({});
    m_searched = false;
    m_total = 0;
    m_more = false;
    clearSelection();
    emit optionsChanged();
    emit resultsChanged();
}

registry::SearchQuery RegistryController::query(size_t offset) const {
    registry::SearchQuery query;
    query.text = m_text.trimmed().toStdString();
    if (!m_district.isEmpty()) query.districts = {m_district.toStdString()};
    if (!m_kind.isEmpty()) query.kinds = {m_kind.toStdString()};
    query.field = m_field.toStdString();
    query.category = m_category.toStdString();
    query.product = m_product.trimmed().toStdString();
    query.standard = m_standard.trimmed().toStdString();
    query.limit = kPageSize;
    query.offset = offset;
    return query;
}

bool RegistryController::fetch(size_t offset) {
    auto& store = m_app.store();
    m_message.clear();
    if (!store.isOpen()) {
        m_message = tr("尚未登录，数据未打开。");
        return false;
    }
    if (store.busy()) {
        m_message = tr("正在同步，请稍候再查询。");
        return false;
    }
    try {
        registry::RegistryStore registry(store.store()->database());
        const auto page = registry::searchRegistry(registry, query(offset));
        if (!page) {
            m_message = q(page.error().message);
            return false;
        }
        if (offset == 0) {
            const auto total = registry::countRegistry(registry, query(0));
            m_total = total ? *total : 0;
            m_results.reset(page->hits);
        } else {
            m_results.append(page->hits);
        }
        m_more = page->more;
    } catch (const StoreFailure& e) {
        m_message = q(e.what());
        return false;
    }
    return true;
}

void RegistryController::search() {
    clearSelection();
    m_searched = true;
    if (!fetch(0)) {
        m_results.reset({});
        m_total = 0;
        m_more = false;
    }
    emit resultsChanged();
}

void RegistryController::loadMore() {
    if (!m_more) return;
    fetch(static_cast<size_t>(m_results.count()));
    emit resultsChanged();
}

void RegistryController::clearFilters() {
    m_text.clear();
    m_district.clear();
    m_kind.clear();
    m_field.clear();
    m_category.clear();
    m_product.clear();
    m_standard.clear();
    emit queryChanged();
    search();
}

void RegistryController::select(int row) {
    // row -1 re-reads the selected organisation (after a language switch).
    const registry::RegistryOrganisation* org = m_results.at(row);
    std::optional<registry::RegistryOrganisation> reread;
    if (!org && row == -1 && hasSelection() && m_app.store().isOpen()) {
        try {
            registry::RegistryStore registry(m_app.store().store()->database());
            reread = registry.findOrganisation(m_selectedUscc.toStdString());
        } catch (const StoreFailure&) {
        }
        if (reread) org = &*reread;
    }
    if (!org) return clearSelection();
    m_selectedUscc = q(org->uscc);
    m_selectedName = q(org->name);
    const auto row2 = [](const QString& label, const QString& value) {
        return QVariant(QVariantMap{{"label", label}, {"value", value}});
    };
    m_selectedDetails = {row2(tr("统一社会信用代码"), q(org->uscc)),
                         row2(tr("类型"), organisationKindLabel(q(org->kind))),
                         row2(tr("所在区"), labels::districtName(q(org->district), m_app.english())),
                         row2(tr("地址"), q(org->address)),
                         row2(tr("联系人"), q(org->contact))};
    m_selectedScope.clear();
    try {
        registry::RegistryStore registry(m_app.store().store()->database());
        for (const auto& s : registry.scopeOf(org->uscc))
            m_selectedScope << QVariantMap{{"field", q(s.field)},
                                           {"category", q(s.category)},
                                           {"product", q(s.product)},
                                           {"parameter", q(s.parameter)},
                                           {"standard", q(s.standard)}};
    } catch (const StoreFailure& e) {
        m_message = q(e.what());
    }
    emit selectionChanged();
}

void RegistryController::clearSelection() {
    if (m_selectedUscc.isEmpty()) return;
    m_selectedUscc.clear();
    m_selectedName.clear();
    m_selectedDetails.clear();
    m_selectedScope.clear();
    emit selectionChanged();
}

} // namespace fieldseal::app
