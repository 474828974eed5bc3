/**
 * The table and requests of the test-suite latency phase (bench/suite-latency.ts): what a test
 * suite asks of a local database, one request at a time. A table `suitetable` with a partition
 * key `pk` and a sort key `sk`, loaded with 100 item collections of 4 items of ~1 KB (ten 100-byte
 * fields, bench/items.ts's shape), and four operations on a random loaded key: PutItem (a new
 * ~1 KB item over it), GetItem (eventually consistent, the default), UpdateItem (`SET` of one
 * 100-byte field) and Query (`pk = :p`: a whole collection, its 4 items).
 *
 * The floor (bench/floor) knows only tables keyed on `pk`, and only PutItem and GetItem: on it
 * the phase puts and gets `usertable`'s items (bench/items.ts), as many as the suite table holds.
 *
 * A request is built before its clock starts, so the latency is the SDK's send to its answer
 * (signing included), as in the other SDK phases.
 */

import {
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { type DynamoItem, FIELD_LENGTH, itemOf, keyName, keyOf, PARTITION_KEY, randomField, TABLE_NAME } from "./items";
import { type Random, randomInt, randomText, seededRandom } from "./random";
import { type LatencySummary, Samples } from "./samples";
import { createBenchTable, waitForActive } from "./sdk";
import type { SuiteOp } from "./suite-figures";

export const SUITE_TABLE = "suitetable";
export const SORT_KEY = "sk";
export const COLLECTIONS = 100;
export const ITEMS_PER_COLLECTION = 4;
/** Items loaded, on either shape: the keys the requests draw from. */
export const SUITE_RECORDS = COLLECTIONS * ITEMS_PER_COLLECTION;

/** `suite`: the table above; `floor`: `usertable`, keyed on `pk` alone, PutItem and GetItem only. */
export type SuiteShape = "suite" | "floor";

/** The operations each shape serves, in the phase's order. */
export const SHAPE_OPS: Record<SuiteShape, readonly SuiteOp[]> = {
  suite: ["PutItem", "GetItem", "UpdateItem", "Query"],
  floor: ["PutItem", "GetItem"],
};

/** The table each shape's requests go to. */
export const SHAPE_TABLE: Record<SuiteShape, string> = { suite: SUITE_TABLE, floor: TABLE_NAME };

const collectionOf = (record: number) => Math.floor(record / ITEMS_PER_COLLECTION);

/** Record `record`'s key: on the suite table, item `record mod 4` of collection `record div 4`. */
function keyOfShape(shape: SuiteShape, record: number): DynamoItem {
  if (shape === "floor") return keyOf(record);
  return { ...keyOf(collectionOf(record)), [SORT_KEY]: { S: `item${record % ITEMS_PER_COLLECTION}` } };
}

/** Record `record` as a ~1 KB item with fresh field values. */
function itemOfShape(shape: SuiteShape, record: number, random: Random): DynamoItem {
  if (shape === "floor") return itemOf(record, random);
  return { ...itemOf(collectionOf(record), random), ...keyOfShape(shape, record) };
}

type SuiteCommand = PutItemCommand | GetItemCommand | UpdateItemCommand | QueryCommand;

/** One request of `op` on a random loaded key (or collection) of `shape`'s table. */
export function commandOf(shape: SuiteShape, op: SuiteOp, random: Random): SuiteCommand {
  const TableName = SHAPE_TABLE[shape];
  const record = randomInt(random, SUITE_RECORDS);
  if (!SHAPE_OPS[shape].includes(op)) throw new Error(`the ${shape} table does not serve ${op}`);
  switch (op) {
    case "PutItem":
      return new PutItemCommand({ TableName, Item: itemOfShape(shape, record, random) });
    case "GetItem":
      return new GetItemCommand({ TableName, Key: keyOfShape(shape, record) });
    case "UpdateItem":
      return new UpdateItemCommand({
        TableName,
        Key: keyOfShape(shape, record),
        UpdateExpression: "SET #f = :v",
        ExpressionAttributeNames: { "#f": randomField(random) },
        ExpressionAttributeValues: { ":v": { S: randomText(random, FIELD_LENGTH) } },
      });
    case "Query":
      return new QueryCommand({
        TableName,
        KeyConditionExpression: "#p = :p",
        ExpressionAttributeNames: { "#p": PARTITION_KEY },
        ExpressionAttributeValues: { ":p": { S: keyName(collectionOf(record)) } },
      });
  }
}

const send = (client: DynamoDBClient, command: SuiteCommand) =>
  // `send`'s overloads take one command type each; the union is sent as what each member is.
  client.send(command as Parameters<DynamoDBClient["send"]>[0]);

/** Creates `shape`'s table and resolves once it is ACTIVE. */
async function createShapeTable(client: DynamoDBClient, shape: SuiteShape): Promise<void> {
  if (shape === "floor") return createBenchTable(client);
  await client.send(
    new CreateTableCommand({
      TableName: SUITE_TABLE,
      AttributeDefinitions: [
        { AttributeName: PARTITION_KEY, AttributeType: "S" },
        { AttributeName: SORT_KEY, AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: PARTITION_KEY, KeyType: "HASH" },
        { AttributeName: SORT_KEY, KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await waitForActive(client, SUITE_TABLE);
}

/**
 * Creates `shape`'s table and puts every record once, one at a time (unmeasured); on the suite
 * table, checks that a Query returns a whole collection, so that the Query timed is the one meant.
 */
export async function loadShape(client: DynamoDBClient, shape: SuiteShape, seed: number): Promise<void> {
  await createShapeTable(client, shape);
  const random = seededRandom(seed);
  for (let record = 0; record < SUITE_RECORDS; record++)
    await client.send(new PutItemCommand({ TableName: SHAPE_TABLE[shape], Item: itemOfShape(shape, record, random) }));
  if (shape === "floor") return;
  const { Count } = await client.send(commandOf(shape, "Query", random) as QueryCommand);
  if (Count !== ITEMS_PER_COLLECTION)
    throw new Error(`a Query of one collection returned ${Count} items, not ${ITEMS_PER_COLLECTION}`);
}

export interface SuiteLoopOutcome {
  seconds: number;
  /** Successful requests (`count`), their latency, and failures (`errors`). */
  latency: LatencySummary;
  firstError?: string;
}

/**
 * `op` closed loop with one client for `seconds`: the next request sent as soon as the previous
 * one answers. Each latency and failure is also added to `pooled`, when given.
 */
export async function runSuiteLoop(
  client: DynamoDBClient,
  shape: SuiteShape,
  op: SuiteOp,
  spec: { seconds: number; seed: number; pooled?: Samples },
): Promise<SuiteLoopOutcome> {
  const samples = new Samples();
  const random = seededRandom(spec.seed);
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + spec.seconds * 1000;
  while (performance.now() < deadline) {
    const command = commandOf(shape, op, random);
    const t0 = performance.now();
    try {
      await send(client, command);
      const ms = performance.now() - t0;
      samples.add(ms);
      spec.pooled?.add(ms);
    } catch (error) {
      samples.errors++;
      if (spec.pooled) spec.pooled.errors++;
      firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  return {
    seconds: (performance.now() - started) / 1000,
    latency: samples.summary(),
    ...(firstError ? { firstError } : {}),
  };
}
