/**
 * Global tables version 2017.11.29 through the AWS SDK with one client per region: tables
 * created in each region become one global table with CreateGlobalTable, writes reach the other
 * region, ListGlobalTables lists it, and UpdateGlobalTable removes a region.
 */
import {
  CreateGlobalTableCommand,
  DescribeGlobalTableCommand,
  GlobalTableNotFoundException,
  ListGlobalTablesCommand,
  PutItemCommand,
  TableNotFoundException,
  UpdateGlobalTableCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { activeTable, arrives, get, put } from "../helpers/global-tables";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const us = client({ region: "us-east-1" });
const eu = client({ region: "eu-west-1" });

describe("global tables version 2017.11.29", () => {
  test("CreateGlobalTable joins same-name tables, writes replicate, ListGlobalTables lists it, UpdateGlobalTable removes a region", async () => {
    const table = uniqueTableName("global17");
    await activeTable(us, table);

    // A region without the table is refused.
    await expect(
      us.send(
        new CreateGlobalTableCommand({
          GlobalTableName: table,
          ReplicationGroup: [{ RegionName: "us-east-1" }, { RegionName: "eu-west-1" }],
        }),
      ),
    ).rejects.toBeInstanceOf(TableNotFoundException);
    await expect(us.send(new DescribeGlobalTableCommand({ GlobalTableName: table }))).rejects.toBeInstanceOf(
      GlobalTableNotFoundException,
    );

    await activeTable(eu, table);
    const created = await us.send(
      new CreateGlobalTableCommand({
        GlobalTableName: table,
        ReplicationGroup: [{ RegionName: "us-east-1" }, { RegionName: "eu-west-1" }],
      }),
    );
    expect(created.GlobalTableDescription?.GlobalTableStatus).toBe("ACTIVE");
    expect(created.GlobalTableDescription?.GlobalTableArn).toMatch(
      new RegExp(`^arn:aws:dynamodb::\\d+:global-table/${table}$`),
    );

    const described = await eu.send(new DescribeGlobalTableCommand({ GlobalTableName: table }));
    expect(described.GlobalTableDescription?.GlobalTableName).toBe(table);
    expect(described.GlobalTableDescription?.ReplicationGroup).toEqual([
      { RegionName: "eu-west-1" },
      { RegionName: "us-east-1" },
    ]);
    expect(described.GlobalTableDescription?.CreationDateTime).toBeInstanceOf(Date);

    await put(us, table, "from-us", "us");
    await put(eu, table, "from-eu", "eu");
    await arrives(eu, table, "from-us", "us");
    await arrives(us, table, "from-eu", "eu");

    const listed = await us.send(new ListGlobalTablesCommand({ RegionName: "eu-west-1" }));
    expect(listed.GlobalTables).toContainEqual({
      GlobalTableName: table,
      ReplicationGroup: [{ RegionName: "eu-west-1" }, { RegionName: "us-east-1" }],
    });

    const updated = await us.send(
      new UpdateGlobalTableCommand({
        GlobalTableName: table,
        ReplicaUpdates: [{ Delete: { RegionName: "eu-west-1" } }],
      }),
    );
    expect(updated.GlobalTableDescription?.ReplicationGroup).toEqual([{ RegionName: "us-east-1" }]);
    const after = await us.send(new DescribeGlobalTableCommand({ GlobalTableName: table }));
    expect(after.GlobalTableDescription?.ReplicationGroup).toEqual([{ RegionName: "us-east-1" }]);
    // The removed region keeps its table, as a plain one, and no longer receives writes.
    await expect(eu.send(new DescribeGlobalTableCommand({ GlobalTableName: table }))).rejects.toBeInstanceOf(
      GlobalTableNotFoundException,
    );
    expect(await get(eu, table, "from-us")).toBe("us");
    await us.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "after" }, v: { S: "us" } } }));
    await sleep(1000);
    expect(await get(eu, table, "after")).toBeUndefined();
  }, 90_000);
});
