-- Global tables: each item's version (`<hybrid logical clock>/<region>`, NULL for an item
-- written before its table became global), tombstones of deleted items with their versions,
-- so that a late change from another region cannot bring an item back.
ALTER TABLE items ADD COLUMN version TEXT;

CREATE TABLE tombstones (
  h TEXT NOT NULL,
  pk BLOB NOT NULL,
  sk BLOB NOT NULL,
  version TEXT NOT NULL,
  PRIMARY KEY (h, pk, sk)
) WITHOUT ROWID;
