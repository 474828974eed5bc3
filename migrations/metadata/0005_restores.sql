-- Restores being loaded (workers/metadata/restores.ts): the restored table's id, and as JSON the
-- job: where it restores from, its plan of files once made, and how far each part is loaded.
CREATE TABLE restores (
  table_id TEXT PRIMARY KEY,
  job TEXT NOT NULL
);
