#pragma once
// Words for codes shown to people (inspection types, statuses, conclusions, results), through
// the translator so that the English translation covers them too. Chinese is the source text.

#include <QString>

namespace fieldseal::app::labels {

QString inspectionType(const QString& code);
QString taskStatus(const QString& code); // todo, draft, submitted, returned, approved
QString conclusion(const QString& code);
QString signerRole(const QString& code);
QString userRole(const QString& code); // the account's role: inspector, supervisor, exhibition_staff, admin
QString districtName(const QString& code, bool english);

} // namespace fieldseal::app::labels
