-- A line's top-ups are listed through its main balance's ledger
-- (balance_ledger_bucket), which every top-up writes anyway: topups no longer
-- keeps an index of its own per line, one random B-tree page less in every
-- top-up's commit (bench/README.md, durable top-ups).
DROP INDEX topups_product;
