#include "device/device_trust.h"

#include "controllers/app_controller.h"
#include "client/trust_list_updater.h"
#include "device/device_store.h"
#include "seal/trust_store.h"
#include "store/sqlite_store.h"

namespace fieldseal::app {

std::unique_ptr<seal::TrustStore> openAppTrustStore(AppController& app) {
    // While a sync runs the store belongs to the worker thread; the imported list still serves.
    if (!app.store().busy() && app.enrolled()) {
        auto trust = openDeviceTrustStore(*app.store().store());
        if (trust && (*trust)->sequence()) return std::move(*trust);
    }
    const auto envelope = app.trustListEnvelope();
    if (envelope.is_null()) return nullptr;
    auto trust = std::make_unique<seal::TrustStore>();
    if (!trust->install(envelope, seal::now(), seal::InstallMode::TrustOnFirstUse)) return nullptr;
    return trust;
}

} // namespace fieldseal::app
