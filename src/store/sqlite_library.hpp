#pragma once
// Process-wide SQLite settings, made once before SQLite initialises: no
// memory statistics (SQLite otherwise keeps them under a global mutex on every
// allocation of every connection), and SQLite's own page cache minus a walk of
// the whole cache at most commits:
//
// At the end of every write transaction SQLite truncates its page cache to
// the database's size. The default cache walks only the hash buckets between
// that size and the highest page number it ever held, unless that span is
// larger than its hash table, when it walks every bucket and every page. A
// B-tree split that reorders its new pages parks one of them for a moment at
// page number 1 GiB / page size + 1 (262,145 for 4 KiB pages), so after
// almost any transaction that splits a page the commit walks the whole cache:
// with the store's 64 MiB cache, 16,384 buckets and as many pages, 14% of the
// writer's time in the top-up benchmark (bench/README.md).
//
// This wraps the default cache and skips a truncation when no page at or
// past the limit can be in the cache: it keeps the highest page number
// fetched and the page numbers moved past it, which are all a truncation
// could drop. Everything else is the default cache's.

namespace abonado::store {

// Makes the settings on its first call, which must come before anything else
// initialises SQLite (the store calls it before opening any connection);
// returns whether they are in force. Thread-safe.
bool configure_sqlite();

}  // namespace abonado::store
