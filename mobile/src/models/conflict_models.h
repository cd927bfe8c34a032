#pragma once
// The models of the conflict resolution page:
//   ConflictListModel  the conflicts this tablet holds (open ones first), one row each;
//   ConflictFieldModel the selected conflict's fields side by side: the record's value now
//                      ("ours") and the value of the edits kept out of it ("theirs"), with a
//                      check mark for the fields the supervisor chooses to take from theirs.
// Rows are set by ConflictController; the models only show them.

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>
#include <vector>

namespace fieldseal::app {

class ConflictListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by ConflictController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int openCount READ openCount NOTIFY countChanged)

public:
    enum Role {
        ConflictIdRole = Qt::UserRole + 1,
        RecordIdRole,
        RecordTypeRole,
        RecordTitleRole, // e.g. the organisation inspected
        FieldsTextRole,  // the fields in conflict, in words
        FieldCountRole,
        OpenRole,
        StatusLabelRole,
        ResolutionTextRole, // who resolved it, how, when
    };
    Q_ENUM(Role)

    struct Row {
        QString conflictId, recordId, recordType, recordTitle, fieldsText, statusLabel, resolutionText;
        int fieldCount = 0;
        bool open = true;
    };

    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_rows.size()); }
    int openCount() const;
    void setRows(std::vector<Row> rows);
    Q_INVOKABLE QString conflictIdAt(int row) const;

signals:
    void countChanged();

private:
    std::vector<Row> m_rows;
};

class ConflictFieldModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by ConflictController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int takeCount READ takeCount NOTIFY takeChanged)

public:
    enum Role {
        FieldRole = Qt::UserRole + 1,
        FieldLabelRole,
        OursRole,
        TheirsRole,
        DiffersRole,
        TakeRole, // writable: take theirs for this field
    };
    Q_ENUM(Role)

    struct Row {
        QString field, label, ours, theirs;
        bool take = false;
    };

    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_rows.size()); }
    int takeCount() const;
    void setRows(std::vector<Row> rows);
    Q_INVOKABLE void setTake(int row, bool take);
    QStringList takenFields() const;

signals:
    void countChanged();
    void takeChanged();

private:
    std::vector<Row> m_rows;
};

} // namespace fieldseal::app
