-- SQLite compares search terms byte by byte already; see the PostgreSQL variant.
SELECT 1;
