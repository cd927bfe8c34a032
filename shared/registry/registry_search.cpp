#include "registry_search.h"

#include "model/districts.h"
#include "model/schema.h"
#include "model/uscc.h"

#include <algorithm>
#include <sstream>

namespace fieldseal::registry {
namespace {

// FTS5 string: a phrase in double quotes, inner quotes doubled, so no term is read as syntax.
std::string ftsPhrase(const std::string& term) {
    std::string out = "\"";
    for (char c : term) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// A LIKE pattern matching `term` anywhere, with %, _ and the escape character escaped.
std::string likeAnywhere(const std::string& term) {
    std::string out = "%";
    for (char c : term) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + '%';
}

std::vector<std::string> splitTerms(const std::string& text) {
    std::vector<std::string> terms;
    std::istringstream in(text);
    std::string t;
    while (in >> t)
        terms.push_back(t);
    // U+3000 (ideographic space) also separates terms when typed with a Chinese input method.
    std::vector<std::string> out;
    for (const auto& term : terms) {
        size_t start = 0, pos;
        while ((pos = term.find("\xE3\x80\x80", start)) != std::string::npos) {
            if (pos > start) out.push_back(term.substr(start, pos - start));
            start = pos + 3;
        }
        if (start < term.size()) out.push_back(term.substr(start));
    }
    return out;
}

// The SQL and its bound values for a query: "FROM ... WHERE ..." without ORDER BY / LIMIT.
struct Sql {
    std::string from;
    std::string orderKey;
    std::string groupBy; // scope-driven queries: one row per agency
    std::vector<std::string> binds;
};

Result<Sql> buildSql(const SearchQuery& q) {
    for (const auto& d : q.districts)
        if (auto s = validateDistrict(d); !s) return s.error();
    const auto& kinds = findRecordType("organisation")->findField("org_type")->values;
    for (const auto& k : q.kinds)
        if (std::find(kinds.begin(), kinds.end(), k) == kinds.end())
            return validationError(ErrorCode::InvalidInput, "unknown organisation kind '" + k + "'");

    // Each shape of query is a prepared statement the connection keeps: bound the shapes.
    const auto terms = splitTerms(q.text);
    if (terms.size() > 16) return validationError(ErrorCode::InvalidInput, "at most 16 search terms");
    if (q.districts.size() > 32 || q.kinds.size() > 16)
        return validationError(ErrorCode::InvalidInput, "too many districts or kinds in one query");
    std::vector<std::string> ftsTerms, shortTerms, usccTerms;
    for (const auto& t : terms) {
        // A whole USCC is looked up by its unique index: its digit trigrams are among the most
        // common in the registry, which makes the trigram query slow.
        std::string upper = t;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
        if (validateUscc(upper).ok())
            usccTerms.push_back(upper);
        else
            (utf8Length(t) >= 3 ? ftsTerms : shortTerms).push_back(t);
    }
    std::vector<std::string> matchParts;
    for (const auto& t : ftsTerms)
        matchParts.push_back(ftsPhrase(t));
    // Product and standard filters of 3+ characters narrow through the index too; the scope
    // condition below then checks they hold on one and the same scope line.
    if (utf8Length(q.product) >= 3) matchParts.push_back("products : " + ftsPhrase(q.product));
    if (utf8Length(q.standard) >= 3) matchParts.push_back("standards : " + ftsPhrase(q.standard));

    Sql sql;
    std::string where;
    auto add = [&](const std::string& cond) { where += (where.empty() ? " WHERE " : " AND ") + cond; };
    if (!matchParts.empty()) {
        // Driven by the trigram index: FTS5 yields rowids in order, so a page reads only as many
        // rows as it needs.
        sql.from = " FROM registry_fts f JOIN registry_organisation o ON o.id = f.rowid";
        sql.orderKey = "f.rowid";
        std::string match;
        for (const auto& m : matchParts)
            match += (match.empty() ? "" : " AND ") + m;
        add("registry_fts MATCH ?");
        sql.binds.push_back(match);
        for (const auto& t : shortTerms) {
            // Among the trigram hits, short terms are checked on the row's text itself: all indexed
            // columns as one text, separated by U+001F so a term never spans two columns.
            add("(f.uscc || char(31) || f.name || char(31) || f.address || char(31) || f.fields || char(31) "
                "|| "
                "f.categories || char(31) || f.products || char(31) || f.parameters || char(31) || "
                "f.standards) "
                "LIKE ? ESCAPE '\\'");
            sql.binds.push_back(likeAnywhere(t));
        }
    } else if (!shortTerms.empty()) {
        // Only short terms: driven by the index of characters and character pairs.
        sql.from = " FROM registry_fts_short g JOIN registry_organisation o ON o.id = g.rowid";
        sql.orderKey = "g.rowid";
        std::string match;
        for (const auto& t : shortTerms)
            match += (match.empty() ? "" : " AND ") + ftsPhrase(shortGramToken(t));
        add("registry_fts_short MATCH ?");
        sql.binds.push_back(match);
    } else if (!q.field.empty()) {
        // Driven by the scope table's (field, category, org_id) or (field, org_id) index, which
        // yields agencies in order: a page reads only as many scope lines as it needs.
        sql.from = " FROM registry_scope s JOIN registry_organisation o ON o.id = s.org_id";
        sql.orderKey = "s.org_id";
        sql.groupBy = " GROUP BY s.org_id";
    } else {
        sql.from = " FROM registry_organisation o";
        sql.orderKey = "o.id";
    }
    for (const auto& u : usccTerms) {
        add("o.uscc = ?");
        sql.binds.push_back(u);
    }
    auto inList = [&](const char* column, const std::vector<std::string>& values) {
        if (values.empty()) return;
        std::string cond = std::string(column) + " IN (";
        for (size_t i = 0; i < values.size(); ++i) {
            cond += i ? ", ?" : "?";
            sql.binds.push_back(values[i]);
        }
        add(cond + ")");
    };
    inList("o.district", q.districts);
    inList("o.kind", q.kinds);
    std::string scope;
    auto scopeCond = [&](const std::string& cond, const std::string& value) {
        scope += " AND " + cond;
        sql.binds.push_back(value);
    };
    if (!q.field.empty()) scopeCond("s.field = ?", q.field);
    if (!q.category.empty()) scopeCond("s.category = ?", q.category);
    if (!q.product.empty()) scopeCond("s.product LIKE ? ESCAPE '\\'", likeAnywhere(q.product));
    if (!q.standard.empty()) scopeCond("s.standard LIKE ? ESCAPE '\\'", likeAnywhere(q.standard));
    if (!scope.empty()) {
        // Scope lines driving: the conditions apply to the joined line itself. A text index
        // driving: each candidate's own lines are checked. Otherwise the matching agencies are
        // collected from the scope table first.
        if (sql.orderKey == "s.org_id")
            add(scope.substr(5)); // drop the leading " AND "
        else if (sql.orderKey != "o.id")
            add("EXISTS (SELECT 1 FROM registry_scope s WHERE s.org_id = o.id" + scope + ")");
        else
            add("o.id IN (SELECT s.org_id FROM registry_scope s WHERE 1" + scope + ")");
    }
    sql.from += where + sql.groupBy;
    return sql;
}

} // namespace

size_t utf8Length(const std::string& s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

Result<SearchPage> searchRegistry(RegistryStore& store, const SearchQuery& query) {
    if (query.limit < 1 || query.limit > 1000)
        return validationError(ErrorCode::InvalidInput, "limit must be from 1 to 1000");
    auto sql = buildSql(query);
    if (!sql) return sql.error();
    try {
        auto q =
            store.database().query("SELECT o.id, o.uscc, o.name, o.kind, o.district, o.address, o.contact" +
                                   sql->from + " ORDER BY " + sql->orderKey + " LIMIT ? OFFSET ?");
        int i = 1;
        for (const auto& b : sql->binds)
            q.bind(i++, b);
        q.bind(i++, static_cast<std::int64_t>(query.limit + 1));
        q.bind(i, static_cast<std::int64_t>(query.offset));
        SearchPage page;
        while (q.step()) {
            if (page.hits.size() == query.limit) {
                page.more = true;
                break;
            }
            RegistryOrganisation o;
            o.rowId = q.int64(0);
            o.uscc = q.text(1);
            o.name = q.text(2);
            o.kind = q.text(3);
            o.district = q.text(4);
            o.address = q.text(5);
            o.contact = q.text(6);
            page.hits.push_back(std::move(o));
        }
        return page;
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                     std::string("registry search: ") + e.what()};
    }
}

Result<std::int64_t> countRegistry(RegistryStore& store, const SearchQuery& query) {
    auto sql = buildSql(query);
    if (!sql) return sql.error();
    try {
        auto q = store.database().query("SELECT count(*) FROM (SELECT o.id" + sql->from + ")");
        int i = 1;
        for (const auto& b : sql->binds)
            q.bind(i++, b);
        q.step();
        return q.int64(0);
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure, std::string("registry count: ") + e.what()};
    }
}

} // namespace fieldseal::registry
