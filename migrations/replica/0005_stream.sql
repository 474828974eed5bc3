-- Streams: the change records of a partition's stream shards (workers/replica/stream-records.ts).
-- One row per applied item record that changed the item while the table had a stream: its log
-- position (the record's sequence number), the stream's label, the leader's time when it ordered
-- it (epoch ms), the event (1 INSERT, 2 MODIFY, 3 REMOVE), the item's key as JSON, the item before
-- and after as JSON (NULL when there was none) with their sizes, and whether the service made it
-- (Time to Live).
CREATE TABLE stream (
  lsn INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  at INTEGER NOT NULL,
  event INTEGER NOT NULL,
  keys TEXT NOT NULL,
  old TEXT,
  old_size INTEGER,
  new TEXT,
  new_size INTEGER,
  service INTEGER NOT NULL
);
