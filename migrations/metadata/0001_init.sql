-- A region's catalog: its tables, their partition maps and tags.

CREATE TABLE tables (
  name TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  meta TEXT NOT NULL
);

CREATE TABLE partition_maps (
  table_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  map TEXT NOT NULL
);

CREATE TABLE tags (
  table_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (table_id, key)
);

-- Tables deleted from the catalog whose replicas still have to drop their data.
CREATE TABLE graveyard (
  table_id TEXT PRIMARY KEY,
  map TEXT NOT NULL
);
