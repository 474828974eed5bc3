/**
 * The metadata object's sweep of expired SYSTEM backups (workers/metadata/backups.ts), inside
 * workerd: a SYSTEM backup past its 35 days is deleted with the archive it kept at the alarm's
 * round, one still within them stays, and the alarm is set for when it expires.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { archiveOf } from "../../../workers/archive/archive";
import type { StoredBackup } from "../../../workers/metadata/backup-record";
import { Catalog } from "../../../workers/metadata/catalog";
import { metadata, uniqueName } from "../helpers";

const archive = archiveOf(env);

function systemBackup(name: string, expiresAt: number): StoredBackup {
  const tableArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;
  return {
    arn: `${tableArn}/backup/${String(expiresAt).padStart(14, "0")}-00000000`,
    name: `${name}$DeletedTableBackup`,
    tableName: name,
    tableArn,
    tableId: crypto.randomUUID(),
    status: "AVAILABLE",
    type: "SYSTEM",
    createdAt: expiresAt - 35 * 86_400_000,
    expiresAt,
    sizeBytes: 0,
    itemCount: 0,
    source: {
      keySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      attributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      billingMode: "PAY_PER_REQUEST",
      readCapacityUnits: 0,
      writeCapacityUnits: 0,
      createdAt: 0,
    },
    prefix: `test-${crypto.randomUUID()}/pitr/${name}`,
    freeze: "",
    upTo: expiresAt,
    parts: [],
  };
}

describe("expired SYSTEM backups", () => {
  test("are deleted with their archives at the alarm's round; one still within its days stays, and sets the alarm", async () => {
    const expired = systemBackup(uniqueName("gone"), Date.now() - 1000);
    const kept = systemBackup(uniqueName("kept"), Date.now() + 3_600_000);
    for (const backup of [expired, kept]) await archive.put(`${backup.prefix}/p0/log/a.json`, "[]");
    const stub = metadata();
    await runInDurableObject(stub, async (_instance, state) => {
      const catalog = new Catalog(state.storage.sql);
      catalog.putBackup(expired);
      catalog.putBackup(kept);
      await state.storage.setAlarm(Date.now());
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const left = await runInDurableObject(stub, async (_instance, state) => ({
      arns: new Catalog(state.storage.sql).allBackups().map((b) => b.arn),
      alarm: await state.storage.getAlarm(),
    }));
    expect(left.arns).toContain(kept.arn);
    expect(left.arns).not.toContain(expired.arn);
    expect(left.alarm).not.toBeNull();
    expect(left.alarm!).toBeLessThanOrEqual(kept.expiresAt!);
    expect(await archive.list(expired.prefix)).toEqual([]);
    expect(await archive.list(kept.prefix)).toEqual([`${kept.prefix}/p0/log/a.json`]);
  });
});
