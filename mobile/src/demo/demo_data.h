#pragma once
// Demo data for a tablet without a server (screenshots, tests, the offline tour): the
// organisations and tasks of assets/demo/demo.json, as if pulled from a server. They arrive as
// ops of another device, so they are not queued in this device's outbox.

#include <QByteArray>
#include <QString>

namespace fieldseal {
class Replica;
}

namespace fieldseal::app {

// Seeds the tasks of the replica's district (all when the district is empty) and their
// organisations. Record ids are derived from the demo keys ("org:toys" -> "demo-org-toys").
// Seeding twice changes nothing. Returns an error message or an empty string.
QString seedDemoData(Replica& replica, const QByteArray& demoJson);

} // namespace fieldseal::app
