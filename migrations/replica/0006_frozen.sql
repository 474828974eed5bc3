-- Backups (workers/replica/backup.ts): while a backup's freeze holds, each item that a record
-- changes first keeps here, for that backup, its state at the freeze: its JSON text and size, or
-- NULLs for a key that held no item. The freezes themselves (backup id, lsn, time) are the
-- `freezes` row of `state`.
CREATE TABLE frozen (
  backup TEXT NOT NULL,
  h TEXT NOT NULL,
  pk BLOB NOT NULL,
  sk BLOB NOT NULL,
  item TEXT,
  size INTEGER,
  PRIMARY KEY (backup, h, pk, sk)
) WITHOUT ROWID;
