-- Transactions: the items a prepared transaction holds until its coordinator's decision
-- resolves it (workers/replica/holds.ts). One row per held item: the transaction, its
-- coordinator (asked for the outcome when a hold grows old) and since when (epoch ms), the
-- item's key as JSON, and what the transaction writes there if it commits (JSON: a put's item
-- text and size, a delete, or nothing for a condition check).
CREATE TABLE holds (
  h TEXT NOT NULL,
  pk BLOB NOT NULL,
  sk BLOB NOT NULL,
  tx TEXT NOT NULL,
  coordinator TEXT NOT NULL,
  since INTEGER NOT NULL,
  key TEXT NOT NULL,
  write TEXT NOT NULL,
  PRIMARY KEY (h, pk, sk)
) WITHOUT ROWID;

CREATE INDEX holds_by_tx ON holds (tx);
