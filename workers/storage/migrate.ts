/**
 * Applies an object's numbered schema migrations (migrations/<object>/000N_*.sql) when it
 * starts. Each migration runs once, in order, inside one transaction with its bookkeeping row.
 */
import { type Clock, systemClock } from "../clock";

export interface Migration {
  version: number;
  sql: string;
}

/** `clock`: the object's (workers/clock.ts), for the time each migration is recorded as applied. */
export function migrate(
  storage: DurableObjectStorage,
  migrations: readonly Migration[],
  clock: Clock = systemClock,
): void {
  const sql = storage.sql;
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const applied = sql.exec<{ v: number | null }>("SELECT max(version) AS v FROM _migrations").one().v ?? 0;
  for (const migration of migrations) {
    if (migration.version <= applied) continue;
    storage.transactionSync(() => {
      sql.exec(migration.sql);
      sql.exec("INSERT INTO _migrations (version, applied_at) VALUES (?, ?)", migration.version, clock.now());
    });
  }
}
