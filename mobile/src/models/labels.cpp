#include "models/labels.h"

#include "model/districts.h"

#include <QCoreApplication>

namespace fieldseal::app::labels {

QString inspectionType(const QString& code) {
    static const struct {
        const char* code;
        const char* text;
    } kTypes[] = {
        {"ccc_product", QT_TRANSLATE_NOOP("Labels", "强制性产品认证检查")},
        {"management_system", QT_TRANSLATE_NOOP("Labels", "管理体系认证检查")},
        {"organic_product", QT_TRANSLATE_NOOP("Labels", "有机产品认证检查")},
        {"testing_agency", QT_TRANSLATE_NOOP("Labels", "检验检测机构检查")},
        {"certification_body", QT_TRANSLATE_NOOP("Labels", "认证机构检查")},
        {"ccc_exemption_followup", QT_TRANSLATE_NOOP("Labels", "CCC 免办后续核查")},
    };
    for (const auto& t : kTypes)
        if (code == QLatin1String(t.code)) return QCoreApplication::translate("Labels", t.text);
    return code;
}

QString taskStatus(const QString& code) {
    if (code == QLatin1String("todo")) return QCoreApplication::translate("Labels", "待检查");
    if (code == QLatin1String("draft")) return QCoreApplication::translate("Labels", "检查中");
    if (code == QLatin1String("submitted")) return QCoreApplication::translate("Labels", "待审核");
    if (code == QLatin1String("returned")) return QCoreApplication::translate("Labels", "已退回");
    if (code == QLatin1String("approved")) return QCoreApplication::translate("Labels", "已通过");
    return code;
}

QString conclusion(const QString& code) {
    if (code == QLatin1String("conforming")) return QCoreApplication::translate("Labels", "符合");
    if (code == QLatin1String("nonconforming")) return QCoreApplication::translate("Labels", "不符合");
    if (code == QLatin1String("rectify")) return QCoreApplication::translate("Labels", "限期整改");
    if (code == QLatin1String("not_inspected")) return QCoreApplication::translate("Labels", "未能检查");
    return code;
}

QString signerRole(const QString& code) {
    if (code == QLatin1String("inspector")) return QCoreApplication::translate("Labels", "检查人员");
    if (code == QLatin1String("party")) return QCoreApplication::translate("Labels", "被检查方代表");
    if (code == QLatin1String("witness")) return QCoreApplication::translate("Labels", "见证人");
    return code;
}

QString userRole(const QString& code) {
    if (code == QLatin1String("inspector")) return QCoreApplication::translate("Labels", "检查人员");
    if (code == QLatin1String("supervisor")) return QCoreApplication::translate("Labels", "审核人员");
    if (code == QLatin1String("exhibition_staff")) return QCoreApplication::translate("Labels", "展会工作人员");
    if (code == QLatin1String("admin")) return QCoreApplication::translate("Labels", "管理员");
    return code;
}

QString districtName(const QString& code, bool english) {
    const auto* d = fieldseal::findDistrict(code.toStdString());
    if (!d) return code;
    return QString::fromStdString(english ? d->nameEn : d->nameZh);
}

} // namespace fieldseal::app::labels
