-- Backups (workers/replica/backup.ts): while a backup's freeze holds, each item that a record
-- changes first keeps here its state at the freeze: its JSON text and size, or NULLs for a key
-- that held no item. The freeze itself (backup id, lsn, time) is the `freeze` row of `state`.
CREATE TABLE frozen (
  h TEXT NOT NULL,
  pk BLOB NOT NULL,
  sk BLOB NOT NULL,
  item TEXT,
  size INTEGER,
  PRIMARY KEY (h, pk, sk)
) WITHOUT ROWID;
