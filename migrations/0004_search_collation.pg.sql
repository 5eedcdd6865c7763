-- Prefix scans on search_terms compare bytes ("quis" <= term < "quis\uFFFF"):
-- the column needs the C collation, whatever the database's default is.
ALTER TABLE search_terms ALTER COLUMN term TYPE TEXT COLLATE "C";
