import { runInDurableObject } from "cloudflare:test";
import { describe, expect, test } from "vitest";
import { METADATA_MIGRATIONS } from "../../../workers/metadata/catalog";
import { REPLICA_MIGRATIONS } from "../../../workers/replica/storage";
import { migrate } from "../../../workers/storage/migrate";
import { replica } from "../helpers";

/** Runs `fn` on the storage of a replica object of its own (its constructor applied the replica's migrations). */
function withStorage<R>(fn: (storage: DurableObjectStorage) => R): Promise<R> {
  const ref = { name: `migrate/${crypto.randomUUID()}`, zone: "us-east-1a", locationHint: "enam" };
  return runInDurableObject(replica(ref), (_instance, state) => fn(state.storage));
}

/** The replica's own migrations, then the tests' from the next version on. */
const OWN = REPLICA_MIGRATIONS.map((m) => m.version);
const NEXT = OWN.length + 1;

const versions = (storage: DurableObjectStorage) =>
  storage.sql
    .exec<{ version: number }>("SELECT version FROM _migrations ORDER BY version")
    .toArray()
    .map((r) => r.version);

const tableExists = (storage: DurableObjectStorage, name: string) =>
  storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name).toArray().length > 0;

describe("migrate", () => {
  test("the .sql migrations reach the objects as module text", () => {
    expect(REPLICA_MIGRATIONS[0]).toMatchObject({ version: 1, sql: expect.stringContaining("CREATE TABLE items") });
    expect(METADATA_MIGRATIONS[0]).toMatchObject({
      version: 1,
      sql: expect.stringContaining("CREATE TABLE graveyard"),
    });
  });

  test("migrate applies each migration once, in order, and records its version", async () => {
    const result = await withStorage((storage) => {
      const migrations = [
        { version: NEXT, sql: "CREATE TABLE extra (x INTEGER)" },
        { version: NEXT + 1, sql: "INSERT INTO extra (x) VALUES (1)" },
      ];
      migrate(storage, migrations);
      migrate(storage, migrations);
      return {
        rows: storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM extra").one().n,
        versions: versions(storage),
      };
    });
    expect(result).toEqual({ rows: 1, versions: [...OWN, NEXT, NEXT + 1] });
  });

  test("a failing migration leaves neither its changes nor its version, and the ones before it stay", async () => {
    const result = await withStorage((storage) => {
      let error: unknown;
      try {
        migrate(storage, [
          { version: NEXT, sql: "CREATE TABLE kept (x INTEGER)" },
          { version: NEXT + 1, sql: "CREATE TABLE half (x INTEGER); INSERT INTO missing (x) VALUES (1);" },
        ]);
      } catch (e) {
        error = e;
      }
      return {
        failed: error !== undefined,
        kept: tableExists(storage, "kept"),
        half: tableExists(storage, "half"),
        versions: versions(storage),
      };
    });
    expect(result).toEqual({ failed: true, kept: true, half: false, versions: [...OWN, NEXT] });
  });
});
