-- Replicas that did not take their table's configuration when the table went ACTIVE (a
-- majority of their group did): the alarm configures them until they take it or leave the
-- partition map (workers/metadata/activation.ts).
CREATE TABLE unconfigured (
  table_id TEXT NOT NULL,
  member TEXT NOT NULL,
  PRIMARY KEY (table_id, member)
);
