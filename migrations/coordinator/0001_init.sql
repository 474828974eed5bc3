-- A transaction coordinator's storage (workers/transactions/coordinator-object.ts).

-- Decisions recorded and not yet carried out on every participant: the transaction, whether
-- it commits, its participants (their groups and routes, JSON) and when it was decided (epoch
-- ms). A row goes once every participant has resolved it; the alarm retries the others.
CREATE TABLE decisions (
  tx TEXT PRIMARY KEY,
  outcome TEXT NOT NULL,
  participants TEXT NOT NULL,
  at INTEGER NOT NULL
);

-- Client request tokens of finished transactions, kept 10 minutes: a digest of the request
-- they came with and its outcome (JSON), to answer a repeat without running it again.
CREATE TABLE tokens (
  token TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  outcome TEXT NOT NULL,
  at INTEGER NOT NULL
);
