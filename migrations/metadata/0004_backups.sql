-- On-demand backups (workers/metadata/backups.ts): each backup's record, as JSON (its description,
-- the table it was taken of, and while it is CREATING the job that takes it), by ARN.
CREATE TABLE backups (
  arn TEXT PRIMARY KEY,
  table_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  record TEXT NOT NULL
);
