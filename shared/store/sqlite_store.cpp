#include "sqlite_store.h"

#include "migrations.h"
#include "model/schema.h"
#include "sqlite_db.h"
#include "sqlite_op_rows.h"

#include <algorithm>
#include <sqlite3.h>
#include <stdexcept>

namespace fieldseal {

using sqlite::kOpColumns;
using sqlite::Query;
using sqlite::readOp;

namespace {

// HLCs use all 64 bits in theory; SQLite integers are signed. Real HLCs (48-bit milliseconds)
// stay far below 2^63, so the cast is lossless for every clock the HlcClock accepts.
std::int64_t sql(Hlc h) {
    return static_cast<std::int64_t>(h);
}

} // namespace

SqliteStore::SqliteStore(PassKey<SqliteStore>, std::unique_ptr<sqlite::Database> db)
    : m_db(std::move(db))
    , m_indexesReferences(m_db->userVersion() >= 3) {} // tests pin older schema versions
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path, Options options) {
    try {
        auto db = std::make_unique<sqlite::Database>(path, options.create, options.newPageSize);
        if (auto s = sqlite::migrate(*db, options.schemaVersion); !s) return s.error();
        return std::make_unique<SqliteStore>(PassKey<SqliteStore>{}, std::move(db));
    } catch (const StoreFailure& e) {
        const std::string what = e.what();
        // Name the file (e.g. "file is not a database" alone does not say which one).
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                     what.starts_with("cannot open") ? what
                                                     : "cannot use '" + path + "' as a store: " + what};
    }
}

std::string SqliteStore::integrityCheck() {
    auto q = m_db->query("PRAGMA integrity_check");
    std::string out;
    while (q.step())
        out += (out.empty() ? "" : "; ") + q.text(0);
    return out;
}

int SqliteStore::schemaVersion() {
    return m_db->userVersion();
}

// The store's transaction: writes the pending field writes just before COMMIT, and forgets
// them when it rolls back.
class SqliteStore::StoreTransaction final : public Transaction {
public:
    explicit StoreTransaction(SqliteStore& store)
        : m_store(store)
        , m_tx(*store.m_db) {
        m_store.m_inTransaction = true;
    }
    ~StoreTransaction() override {
        if (!m_committed) m_store.m_pending.clear(); // m_tx rolls back
        m_store.m_inTransaction = false;
    }
    void commit() override {
        m_store.writeFields(m_store.m_pending.takeAll());
        m_tx.commit();
        m_committed = true;
        m_store.m_inTransaction = false;
    }

private:
    SqliteStore& m_store;
    sqlite::SqliteTransaction m_tx;
    bool m_committed = false;
};

std::unique_ptr<Transaction> SqliteStore::begin() {
    return std::make_unique<StoreTransaction>(*this);
}

std::optional<std::string> SqliteStore::meta(const std::string& key) {
    auto q = m_db->query("SELECT value FROM meta WHERE key = ?");
    q.bind(1, key);
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

void SqliteStore::setMeta(const std::string& key, const std::string& value) {
    m_db->query(
            "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .exec();
}

namespace {

constexpr const char* kOpInsertColumns =
    " INTO ops(op_id, record_id, type, field, value, hlc, base, device, user, by_record) VALUES";
constexpr const char* kOpRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr int kOpRowParams = 10;

// The op's row from parameter `first` on, bound by reference: op and value outlive the query.
void bindOpRow(Query& q, int first, const Op& op, std::string_view value) {
    const RecordType* type = findRecordType(op.type);
    q.bindRef(first, op.opId).bindRef(first + 1, op.recordId).bindRef(first + 2, op.type);
    q.bindRef(first + 3, op.field).bindRef(first + 4, value);
    q.bind(first + 5, sql(op.hlc)).bind(first + 6, sql(op.baseVersion));
    q.bindRef(first + 7, op.device).bindRef(first + 8, op.user);
    q.bind(first + 9, type && type->hasStatus ? 1 : 0);
}

} // namespace

std::optional<std::int64_t> SqliteStore::appendOp(const Op& op, bool local, std::string_view value) {
    // One string for every call (query() looks the statement up by its text; no copy per op).
    static const std::string insert =
        std::string("INSERT") + kOpInsertColumns + kOpRow + " ON CONFLICT(op_id) DO NOTHING";
    auto q = m_db->query(insert);
    bindOpRow(q, 1, op, value);
    if (q.exec() == 0) return std::nullopt;
    const std::int64_t seq = sqlite3_last_insert_rowid(m_db->handle());
    if (local) m_db->query("INSERT INTO outbox(seq) VALUES(?)").bind(1, seq).exec();
    keepLoggedOp(op);
    return seq;
}

std::vector<std::optional<std::int64_t>> SqliteStore::appendOps(const std::vector<const Op*>& ops,
                                                                const std::vector<std::string_view>& values) {
    if (values.size() != ops.size()) throw std::invalid_argument("SqliteStore::appendOps: one value per op");
    // Rows per statement: a statement's fixed cost (start, finding the last seq, halt) is paid once
    // per chunk instead of once per op. One statement text per row count, made once.
    // OR IGNORE, not ON CONFLICT DO NOTHING: a known op id is skipped either way, but only with
    // OR IGNORE can no constraint abort the statement halfway, so SQLite keeps no statement
    // journal (a copy of every page the statement changes). Every column is bound, never null.
    constexpr std::size_t kRows = 64;
    static const std::vector<std::string> insertSql = [] {
        std::vector<std::string> bySize(kRows + 1);
        std::string rows;
        for (std::size_t n = 1; n <= kRows; ++n) {
            if (n > 1) rows += ',';
            rows += kOpRow;
            bySize[n].append("INSERT OR IGNORE").append(kOpInsertColumns).append(rows);
        }
        return bySize;
    }();
    std::vector<std::optional<std::int64_t>> seqs(ops.size());
    std::int64_t before = ops.empty() ? 0 : lastSeq(); // the last seq before each statement
    for (std::size_t start = 0; start < ops.size(); start += kRows) {
        const std::size_t n = std::min(kRows, ops.size() - start);
        auto q = m_db->query(insertSql[n]);
        for (std::size_t r = 0; r < n; ++r)
            bindOpRow(q, static_cast<int>(r) * kOpRowParams + 1, *ops[start + r], values[start + r]);
        const auto inserted = static_cast<std::size_t>(q.exec());
        if (inserted == n &&
            sqlite3_last_insert_rowid(m_db->handle()) == before + static_cast<std::int64_t>(n)) {
            // Every row is new: SQLite gave them the next seqs, in the order of the VALUES.
            for (std::size_t r = 0; r < n; ++r)
                seqs[start + r] = before + 1 + static_cast<std::int64_t>(r);
            before += static_cast<std::int64_t>(n);
            continue;
        }
        // Some op ids were known: the rows after `before` are the new ones, in the same order.
        auto rows = m_db->query("SELECT seq, op_id FROM ops WHERE seq > ? ORDER BY seq");
        rows.bind(1, before);
        bool more = rows.step();
        for (std::size_t r = 0; r < n && more; ++r) {
            if (rows.text(1) != ops[start + r]->opId) continue;
            seqs[start + r] = rows.int64(0);
            more = rows.step();
        }
        before = lastSeq();
    }
    return seqs;
}

void SqliteStore::keepLoggedOp(const Op& op) {
    if (op.isBody() && op.value.is_object() && m_indexesReferences) indexReferences(op);
}

void SqliteStore::withdrawOp(std::int64_t seq) {
    m_db->query("DELETE FROM ops WHERE seq = ?").bind(1, seq).exec();
}

// An immutable body never changes once logged (a different one is refused before it is logged),
// so its references are indexed once, here. The same body under a second op id adds nothing.
void SqliteStore::indexReferences(const Op& op) {
    for (const auto& [key, value] : op.value.items()) {
        if (!value.is_string() || key.size() < 4 || !key.ends_with("_id")) continue;
        m_db->query("INSERT OR IGNORE INTO record_refs(target, field, record_id) VALUES(?, ?, ?)")
            .bindRef(1, value.get_ref<const std::string&>())
            .bindRef(2, key)
            .bindRef(3, op.recordId)
            .exec();
    }
}

std::optional<StoredOp> SqliteStore::findOp(const std::string& opId) {
    auto q = m_db->query(std::string("SELECT ") + kOpColumns + " FROM ops WHERE op_id = ?");
    q.bind(1, opId);
    if (!q.step()) return std::nullopt;
    return readOp(q);
}

void SqliteStore::forEachOpSince(std::int64_t after, const std::function<bool(const StoredOp&)>& fn) {
    auto q = m_db->query(std::string("SELECT ") + kOpColumns + " FROM ops WHERE seq > ? ORDER BY seq");
    q.bind(1, after);
    while (q.step())
        if (!fn(readOp(q))) break;
}

std::vector<StoredOp> SqliteStore::opsOfRecord(const std::string& recordId) {
    auto q = m_db->query(std::string("SELECT ") + kOpColumns +
                         " FROM ops WHERE record_id = ? AND by_record = 1 ORDER BY seq");
    q.bind(1, recordId);
    std::vector<StoredOp> out;
    while (q.step())
        out.push_back(readOp(q));
    return out;
}

void SqliteStore::setStale(const std::string& opId, bool stale) {
    m_db->query("UPDATE ops SET stale = ? WHERE op_id = ? AND stale <> ?")
        .bind(1, stale ? 1 : 0)
        .bind(2, opId)
        .bind(3, stale ? 1 : 0)
        .exec();
}

std::int64_t SqliteStore::lastSeq() {
    auto q = m_db->query("SELECT COALESCE(MAX(seq), 0) FROM ops");
    q.step();
    return q.int64(0);
}

std::int64_t SqliteStore::opCount() {
    auto q = m_db->query("SELECT COUNT(*) FROM ops");
    q.step();
    return q.int64(0);
}

constexpr const char* kRecordColumns = "id, type, created_hlc";

RecordMeta readRecord(const Query& q) {
    return RecordMeta{q.text(0), q.text(1), static_cast<Hlc>(q.int64(2))};
}

std::optional<RecordMeta> SqliteStore::record(const std::string& id) {
    auto q = m_db->query(std::string("SELECT ") + kRecordColumns + " FROM records WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return readRecord(q);
}

void SqliteStore::addRecord(const std::string& id, const std::string& type, Hlc opHlc) {
    m_db->query("INSERT INTO records(id, type, created_hlc) VALUES(?, ?, ?) ON CONFLICT(id) DO UPDATE "
                "SET created_hlc = excluded.created_hlc WHERE excluded.created_hlc < records.created_hlc")
        .bind(1, id)
        .bind(2, type)
        .bind(3, sql(opHlc))
        .exec();
}

constexpr const char* kFieldUpsertHead = "INSERT INTO fields(record_id, field, hlc, device, seq) VALUES";
// The WHERE of the upsert is the last-writer-wins comparison: no read before the write.
constexpr const char* kFieldUpsertTail =
    " ON CONFLICT(record_id, field) DO UPDATE SET hlc = excluded.hlc, device = excluded.device, "
    "seq = excluded.seq "
    "WHERE excluded.hlc > fields.hlc OR (excluded.hlc = fields.hlc AND excluded.device > fields.device)";

void SqliteStore::writeField(const std::string& recordId, const std::string& field, const FieldClock& clock,
                             std::int64_t seq) {
    static const std::string oneRow = std::string(kFieldUpsertHead) + "(?, ?, ?, ?, ?)" + kFieldUpsertTail;
    m_db->query(oneRow)
        .bindRef(1, recordId)
        .bindRef(2, field)
        .bind(3, sql(clock.hlc))
        .bindRef(4, clock.device)
        .bind(5, seq)
        .exec();
}

void SqliteStore::writeFields(const std::vector<PendingFieldWrites::Write>& writes) {
    // Rows per statement: the statement's fixed cost (start, journal, halt) is paid once per chunk.
    constexpr std::size_t kRows = 64;
    static const std::string chunkSql = [] {
        std::string s = kFieldUpsertHead;
        for (std::size_t i = 0; i < kRows; ++i)
            s += i ? ",(?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?)";
        return s + kFieldUpsertTail;
    }();
    std::size_t i = 0;
    for (; i + kRows <= writes.size(); i += kRows) {
        auto q = m_db->query(chunkSql);
        for (std::size_t r = 0; r < kRows; ++r) {
            const auto& w = writes[i + r];
            const int p = static_cast<int>(r * 5);
            q.bindRef(p + 1, w.recordId).bindRef(p + 2, w.field).bind(p + 3, sql(w.hlc));
            q.bindRef(p + 4, w.device).bind(p + 5, w.seq);
        }
        q.exec();
    }
    for (; i < writes.size(); ++i)
        writeField(writes[i].recordId, writes[i].field, FieldClock{writes[i].hlc, writes[i].device},
                   writes[i].seq);
}

void SqliteStore::mergeField(const FieldState& f) {
    if (m_inTransaction)
        m_pending.add(f);
    else
        writeField(f.recordId, f.field, f.clock, f.seq);
}

void SqliteStore::replaceFields(const std::string& recordId, const std::vector<FieldState>& fields) {
    // Replaced whole: the record's earlier writes in this transaction must not land after this.
    if (!m_pending.empty()) writeFields(m_pending.takeAll());
    m_db->query("DELETE FROM fields WHERE record_id = ?").bindRef(1, recordId).exec();
    for (const auto& f : fields)
        writeField(recordId, f.field, f.clock, f.seq);
}

std::vector<FieldState> SqliteStore::fields(const std::string& recordId) {
    if (!m_pending.empty()) writeFields(m_pending.takeAll()); // reads see this transaction's writes
    auto q = m_db->query("SELECT f.field, o.value, f.hlc, f.device, o.op_id, f.seq FROM fields f "
                         "JOIN ops o ON o.seq = f.seq WHERE f.record_id = ? ORDER BY f.field");
    q.bind(1, recordId);
    std::vector<FieldState> out;
    while (q.step())
        out.push_back({recordId,
                       q.text(0),
                       nlohmann::json::parse(q.text(1)),
                       {static_cast<Hlc>(q.int64(2)), q.text(3)},
                       q.text(4),
                       q.int64(5)});
    return out;
}

void SqliteStore::forEachRecord(const std::function<void(const RecordMeta&)>& fn) {
    auto q = m_db->query(std::string("SELECT ") + kRecordColumns + " FROM records ORDER BY id");
    // Collect first: fn may query the store, and this statement is cached (not re-entrant).
    std::vector<RecordMeta> all;
    while (q.step())
        all.push_back(readRecord(q));
    for (const auto& m : all)
        fn(m);
}

void SqliteStore::forEachRecordOfType(const std::string& type,
                                      const std::function<void(const RecordMeta&)>& fn) {
    std::vector<RecordMeta> all; // collected first, as in forEachRecord: fn may query the store
    {
        auto q =
            m_db->query(std::string("SELECT ") + kRecordColumns + " FROM records WHERE type = ? ORDER BY id");
        q.bindRef(1, type);
        while (q.step())
            all.push_back(readRecord(q));
    }
    for (const auto& m : all)
        fn(m);
}

std::vector<RecordMeta> SqliteStore::recordsReferringTo(const std::string& targetId, const std::string& field,
                                                        const std::string& type) {
    auto q = m_db->query(
        "SELECT r.id, r.type, r.created_hlc FROM record_refs x JOIN records r ON r.id = x.record_id "
        "WHERE x.target = ? AND x.field = ? AND (?3 = '' OR r.type = ?3) ORDER BY x.record_id");
    q.bindRef(1, targetId).bindRef(2, field).bindRef(3, type);
    std::vector<RecordMeta> out;
    while (q.step())
        out.push_back(readRecord(q));
    return out;
}

bool SqliteStore::addMilestone(const Milestone& m) {
    return m_db->query(
                   "INSERT INTO milestones(op_id, record_id, kind, value, hlc, base, device, seen, after) "
                   "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(op_id) DO NOTHING")
               .bind(1, m.opId)
               .bind(2, m.recordId)
               .bind(3, m.kind)
               .bind(4, m.value)
               .bind(5, sql(m.hlc))
               .bind(6, sql(m.baseVersion))
               .bind(7, m.device)
               .bind(8, m.seen.dump())
               .bind(9, m.after)
               .exec() > 0;
}

std::vector<Milestone> SqliteStore::milestones(const std::string& recordId) {
    auto q = m_db->query(
        "SELECT op_id, kind, value, hlc, base, device, seen, after FROM milestones WHERE record_id = ? "
        "ORDER BY hlc, device, op_id");
    q.bind(1, recordId);
    std::vector<Milestone> out;
    while (q.step())
        out.push_back({q.text(0), recordId, q.text(1), q.text(2), static_cast<Hlc>(q.int64(3)),
                       static_cast<Hlc>(q.int64(4)), q.text(5), nlohmann::json::parse(q.text(6)), q.text(7)});
    return out;
}

void SqliteStore::replaceConflicts(const std::string& recordId, const std::vector<ConflictRow>& conflicts) {
    m_db->query("DELETE FROM conflicts WHERE record_id = ?").bind(1, recordId).exec();
    for (const auto& c : conflicts)
        m_db->query("INSERT INTO conflicts(id, record_id, body) VALUES(?, ?, ?)")
            .bind(1, c.id)
            .bind(2, c.recordId)
            .bind(3, c.body.dump())
            .exec();
}

std::vector<ConflictRow> SqliteStore::conflicts() {
    auto q = m_db->query("SELECT id, record_id, body FROM conflicts ORDER BY id");
    std::vector<ConflictRow> out;
    while (q.step())
        out.push_back({q.text(0), q.text(1), nlohmann::json::parse(q.text(2))});
    return out;
}

std::vector<StoredOp> SqliteStore::outbox(std::size_t limit) {
    auto q = m_db->query(std::string("SELECT ") + kOpColumns +
                         " FROM ops WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT ?) ORDER BY seq");
    q.bind(1, static_cast<std::int64_t>(limit));
    std::vector<StoredOp> out;
    while (q.step())
        out.push_back(readOp(q));
    return out;
}

void SqliteStore::acknowledge(const std::vector<std::string>& opIds) {
    for (const auto& id : opIds)
        m_db->query("DELETE FROM outbox WHERE seq = (SELECT seq FROM ops WHERE op_id = ?)")
            .bind(1, id)
            .exec();
}

std::int64_t SqliteStore::outboxSize() {
    auto q = m_db->query("SELECT COUNT(*) FROM outbox");
    q.step();
    return q.int64(0);
}

std::optional<std::int64_t> SqliteStore::cursor(const std::string& name) {
    auto q = m_db->query("SELECT value FROM cursors WHERE name = ?");
    q.bind(1, name);
    if (!q.step()) return std::nullopt;
    return q.int64(0);
}

void SqliteStore::setCursor(const std::string& name, std::int64_t value) {
    m_db->query("INSERT INTO cursors(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET value = "
                "excluded.value")
        .bind(1, name)
        .bind(2, value)
        .exec();
}

} // namespace fieldseal
