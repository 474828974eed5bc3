-- Partitions whose leader put a log replica in place of an unreachable member: autoadmin
-- replaces the member once it has been down for REPLACE_AFTER_MS.
CREATE TABLE degraded (
  table_id TEXT NOT NULL,
  partition_id TEXT NOT NULL,
  member TEXT NOT NULL,
  since INTEGER NOT NULL,
  PRIMARY KEY (table_id, partition_id)
);
