#pragma once
// The trust list a page checks certificates and the fast-channel list against, from one place:
// an enrolled device's (kept in its store, renewed at each sync, verified under the authority
// root provisioned at enrollment); otherwise a list imported by hand (trust-list.json), trusted
// on first use. Null when the device has neither.

#include <memory>

namespace fieldseal::seal {
class TrustStore;
}

namespace fieldseal::app {

class AppController;

std::unique_ptr<seal::TrustStore> openAppTrustStore(AppController& app);

} // namespace fieldseal::app
