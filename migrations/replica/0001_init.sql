-- A replica's storage: its write-ahead log, its items and its protocol state.

-- The write-ahead log. A record is appended (and, once replication lands, persisted on a
-- quorum) before it is applied to `items`.
CREATE TABLE log (
  lsn INTEGER PRIMARY KEY,
  epoch INTEGER NOT NULL,
  record TEXT NOT NULL
);

-- Items, keyed by partition hash and the order-preserving encodings of the partition and
-- sort keys (x'' when the table has no sort key). BLOB order is DynamoDB's key order, and
-- (h, pk, sk) order is scan order, which a split at a hash boundary preserves.
CREATE TABLE items (
  h TEXT NOT NULL,
  pk BLOB NOT NULL,
  sk BLOB NOT NULL,
  item TEXT NOT NULL,
  size INTEGER NOT NULL,
  lsn INTEGER NOT NULL,
  PRIMARY KEY (h, pk, sk)
) WITHOUT ROWID;

-- Small named values: the replica's configuration (table, range, map version), the applied
-- log position and the running item count and size.
CREATE TABLE state (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
