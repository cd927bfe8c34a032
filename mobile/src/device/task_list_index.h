#pragma once
// TaskListIndex: the app's own flat table of list rows (one per task, one per inspection) kept
// beside the store's tables in the device store file, so that the task list and the review queue
// open in one query however many records the store holds (100,000 tasks among 1,000,000 ops),
// instead of materialising every task, organisation and inspection at each start. An inspection
// row holds every column the review queue shows, so the queue reads no record either.
//
// It is derived data: catchUp() reads the op log from the seq it last reached (the store cursor
// kCursor) and recomputes the rows of the records those ops touched (a task; an inspection and
// its task's status; an evidence item and its inspection's evidence count; an organisation and
// the tasks and inspections that name it). A small local edit costs a
// few rows; the first catch-up after a large sync is done on the sync's worker thread.
// Invariant: after catchUp() every listed row equals what the materialised records say.
// Dropping the tables (or a new kVersion) rebuilds them from the whole log.

#include <QDate>
#include <QString>
#include <QStringList>
#include <functional>
#include <string>
#include <vector>

namespace fieldseal {
class Replica;
class SqliteStore;
namespace sqlite {
class Database;
}
} // namespace fieldseal

namespace fieldseal::app {

struct TaskListRow {
    QString taskId, organisation, uscc, address, inspectionType, templateId, planId, district, status;
    QStringList inspectors;
    QDate due;
};

struct InspectionListRow {
    QString inspectionId, taskId, status, district, organisation, inspectionType, templateId, conclusion;
    QString endedAt; // RFC 3339, as the inspector's tablet recorded the end of the inspection
    QStringList inspectors;
    int failedCount = 0;   // checklist answers "fail"
    int evidenceCount = 0; // evidence records naming the inspection
};

class TaskListIndex {
public:
    static constexpr const char* kCursor = "app.task_list_index";

    // Brings the rows up to the op log. Returns how many records it recomputed. Throws
    // StoreFailure as the store does. onProgress(done, total ops) may be called while it reads.
    static std::size_t catchUp(SqliteStore& store, Replica& replica,
                               const std::function<void(std::int64_t, std::int64_t)>& onProgress = {});
    // Every listed task (not cancelled), by due date then organisation then id; `limit` >= 0 reads
    // only the first ones (the first screenful).
    // The database may be a second, read-only connection to the store's file on another thread
    // (the rows are read there while the first screenful is already shown).
    static std::vector<TaskListRow> tasks(sqlite::Database& db, int limit = -1);
    // How many tasks are listed per status (todo, draft, submitted, returned, approved), and how
    // many of them are overdue on `today` (due before it, neither submitted nor approved).
    struct Counts {
        std::vector<std::pair<QString, int>> perStatus;
        int all = 0, overdue = 0;
    };
    static Counts taskCounts(SqliteStore& store, const QDate& today);
    // The inspections with a status, of one district ("" = all), oldest end first (then by id).
    static std::vector<InspectionListRow> inspections(SqliteStore& store, const std::string& status,
                                                      const std::string& district);
};

} // namespace fieldseal::app
