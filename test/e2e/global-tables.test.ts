/**
 * Global tables (version 2019.11.21) through the AWS SDK with one client per region, as on
 * AWS: `UpdateTable` with `ReplicaUpdates` adds a region to a table that already holds data
 * (backfilled), writes in either region reach the other, concurrent conflicting writes leave
 * both regions with the same winner, and removing the region stops replication and deletes
 * its copy.
 */

import {
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ResourceNotFoundException,
  UpdateItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import { partitionHash } from "../../shared/keys/partition-hash";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { activeTable, addRegion, arrives, get, put, until } from "../helpers/global-tables";

const us = client({ region: "us-east-1" });
const eu = client({ region: "eu-west-1" });

describe("global tables", () => {
  test("a replica region added to a table with data gets the data, both regions take writes and converge, and removing it deletes its copy", async () => {
    const table = uniqueTableName("global");
    await activeTable(us, table);
    for (let i = 0; i < 20; i++) await put(us, table, `before-${i}`, `us-${i}`);

    const described = await addRegion(us, table, "eu-west-1");
    expect(described.Table?.GlobalTableVersion).toBe("2019.11.21");
    // eu-west-1 holds its own copy, which lists the home region as its replica.
    const copy = await eu.send(new DescribeTableCommand({ TableName: table }));
    expect(copy.Table?.TableArn).toContain(":eu-west-1:");
    expect(copy.Table?.TableId).not.toBe(described.Table?.TableId);
    expect(copy.Table?.Replicas).toEqual([{ RegionName: "us-east-1", ReplicaStatus: "ACTIVE" }]);

    // The backfill brought the existing items.
    for (let i = 0; i < 20; i++) expect(await get(eu, table, `before-${i}`)).toBe(`us-${i}`);

    // Writes in either region reach the other.
    await put(eu, table, "from-eu", "eu");
    await put(us, table, "from-us", "us");
    await arrives(us, table, "from-eu", "eu");
    await arrives(eu, table, "from-us", "us");

    // Concurrent conflicting writes, deletes among them: both regions end with the same winner.
    const keys = Array.from({ length: 10 }, (_, i) => `conflict-${i}`);
    await Promise.all(
      keys.flatMap((pk, i) => [
        put(us, table, pk, "us"),
        i % 3 === 0
          ? eu.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: pk } } }))
          : put(eu, table, pk, "eu"),
      ]),
    );
    for (const pk of keys) {
      const [a, b] = await until(
        `${pk} converges`,
        () => Promise.all([get(us, table, pk), get(eu, table, pk)]),
        ([x, y]) => x === y,
      );
      expect(a).toBe(b);
      expect([undefined, "us", "eu"]).toContain(a);
    }

    // Removing the region: the home region forgets it, and its copy goes.
    await us.send(
      new UpdateTableCommand({ TableName: table, ReplicaUpdates: [{ Delete: { RegionName: "eu-west-1" } }] }),
    );
    await until(
      "eu-west-1 is no longer a replica",
      () => us.send(new DescribeTableCommand({ TableName: table })),
      (d) => !(d.Table?.Replicas ?? []).some((r) => r.RegionName === "eu-west-1"),
    );
    await until(
      "eu-west-1's copy is gone",
      () =>
        eu.send(new DescribeTableCommand({ TableName: table })).then(
          () => false,
          (error) => error instanceof ResourceNotFoundException,
        ),
      (gone) => gone,
    );
    await put(us, table, "after-removal", "us");
    expect(await get(us, table, "after-removal")).toBe("us");
  }, 90_000);

  test("DeleteTable in a replica region deletes that copy alone: the other region drops it and goes on as a regional table", async () => {
    const table = uniqueTableName("global-delete");
    await activeTable(us, table);
    await addRegion(us, table, "eu-west-1");
    await put(eu, table, "from-eu", "eu");
    await arrives(us, table, "from-eu", "eu");

    const deleted = await eu.send(new DeleteTableCommand({ TableName: table }));
    expect(deleted.TableDescription?.TableStatus).toBe("DELETING");
    // The summary of the copy being deleted, without its definition or the global table's replicas.
    expect(deleted.TableDescription?.TableArn).toContain(":eu-west-1:");
    for (const field of ["KeySchema", "AttributeDefinitions", "CreationDateTime", "GlobalTableVersion", "Replicas"]) {
      expect(deleted.TableDescription).not.toHaveProperty(field);
    }
    const described = await us.send(new DescribeTableCommand({ TableName: table }));
    expect(described.Table?.Replicas ?? []).toEqual([]);
    expect(described.Table?.GlobalTableVersion).toBeUndefined();
    await expect(eu.send(new DescribeTableCommand({ TableName: table }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    // us-east-1 keeps its items and takes writes.
    expect(await get(us, table, "from-eu")).toBe("eu");
    await put(us, table, "after", "us");
    expect(await get(us, table, "after")).toBe("us");
  }, 60_000);

  test("an update of a missing item that only removes attributes ships nothing: no region gets a phantom item", async () => {
    const table = uniqueTableName("global-noop");
    await activeTable(us, table);
    await addRegion(us, table, "eu-west-1");
    const Key = { pk: { S: "ghost" } };
    await us.send(new UpdateItemCommand({ TableName: table, Key, UpdateExpression: "REMOVE a" }));
    await us.send(new UpdateItemCommand({ TableName: table, Key, AttributeUpdates: { b: { Action: "DELETE" } } }));
    // A later write to the same partition (its hash shares the first byte, and partitions split the
    // hash space on byte boundaries) is shipped after anything the updates appended.
    const hashOf = (pk: string) => partitionHash(encodeKeyValue({ S: pk }));
    let marker = 0;
    while (hashOf(`marker-${marker}`).slice(0, 2) !== hashOf("ghost").slice(0, 2)) marker++;
    await put(us, table, `marker-${marker}`, "us");
    await arrives(eu, table, `marker-${marker}`, "us");
    const read = (db: typeof us) => db.send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true }));
    expect((await read(eu)).Item).toBeUndefined();
    expect((await read(us)).Item).toBeUndefined();
  }, 60_000);
});
