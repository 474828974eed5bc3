-- Local secondary indexes: one row per item per index whose key attributes it has, keyed by
-- the index's sort key then the table's sort key within the partition key; the item's row in
-- `items` holds its data. `size` is the entry's size (its projected attributes and 100 bytes).
CREATE TABLE lsi (
  idx TEXT NOT NULL,
  h TEXT NOT NULL,
  pk BLOB NOT NULL,
  isk BLOB NOT NULL,
  sk BLOB NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (idx, h, pk, isk, sk)
) WITHOUT ROWID;

-- An item's entries, to replace them when the item changes.
CREATE INDEX lsi_by_item ON lsi (h, pk, sk);
