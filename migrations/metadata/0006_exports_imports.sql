-- Exports (workers/metadata/exports.ts) and imports (workers/metadata/imports.ts): each job's
-- record as JSON (its description, and while IN_PROGRESS the job's progress), by ARN, with the
-- client token that names it and the table it was of (exports: the table's id) or into (imports:
-- the table's ARN), which ListExports and ListImports filter by.
CREATE TABLE exports (
  arn TEXT PRIMARY KEY,
  table_id TEXT NOT NULL,
  client_token TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX exports_by_token ON exports (client_token);
CREATE TABLE imports (
  arn TEXT PRIMARY KEY,
  table_arn TEXT NOT NULL,
  client_token TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX imports_by_token ON imports (client_token);
