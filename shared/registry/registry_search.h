#pragma once
// Searching the registry: combined filters (districts, kinds, and one CMA scope line matching
// field, category, product and standard together) plus free text over USCC, name, address and
// scope, for Chinese and English alike.
//
// Free text is split at white space; every term must match (AND). A term of 3 or more characters
// is looked up in the FTS5 trigram index (a substring match anywhere in USCC, name, address or
// scope, case-insensitive for Latin letters). A term of 1 or 2 characters cannot use a trigram
// index; it is matched with LIKE against the same text, scanning the index table in order until
// the page is full (or, alongside a longer term, only the rows that term found): fast for common
// terms ("检测"), a full scan for rare ones. Field and category match exactly (controlled vocabularies of CMA
// certificates); product and standard match as substrings ("GB/T 17671" finds "GB/T 17671-2021"). Results
// come in registry order (row id, i.e. import order), a page at a time.

#include "registry_store.h"

#include <string>
#include <vector>

namespace fieldseal::registry {

struct SearchQuery {
    std::string text;
    std::vector<std::string> districts;             // any of; empty = all
    std::vector<std::string> kinds;                 // any of; empty = all
    std::string field, category, product, standard; // one scope line must match all given ones
    size_t limit = 50;                              // 1..1000
    size_t offset = 0;
};

struct SearchPage {
    std::vector<RegistryOrganisation> hits;
    bool more = false; // another page exists
};

// Invalid filters (unknown district or kind, limit out of range) are Validation errors.
Result<SearchPage> searchRegistry(RegistryStore& store, const SearchQuery& query);
// How many organisations match (costs a full evaluation of the query; for counts in a UI).
Result<std::int64_t> countRegistry(RegistryStore& store, const SearchQuery& query);

// Number of Unicode code points in a UTF-8 string (the trigram tokenizer counts characters).
size_t utf8Length(const std::string& s);

} // namespace fieldseal::registry
