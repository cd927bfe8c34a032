#pragma once
// The offline demo's registry: the demo organisations plus a few inspection and testing agencies
// with CMA scope lines, so that the registry search page has something to find without a server.
// Written once per demo store (nothing happens when the registry already holds organisations).

#include <QString>

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::app {

// An empty string on success, else a message.
QString seedRegistryDemo(sqlite::Database& db, const QByteArray& demoJson);

} // namespace fieldseal::app
