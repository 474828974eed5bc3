/**
 * Autoadmin replaces a replica that stays down: the leader first puts a log replica in its
 * place (LOG_REPLICA_AFTER_MS), then the metadata alarm replaces the member with a new replica
 * in the same zone (REPLACE_AFTER_MS), which the leader builds from the log (or a snapshot) and
 * which takes the log replica's vote. Through the AWS SDK and the admin API, with short
 * settings so it happens in seconds.
 */

import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { activeTable } from "../helpers/global-tables";

let running: AdminServer;
let sdk: DynamoDBClient;
const TABLE = "replaced";

beforeAll(async () => {
  running = await startAdminServer({
    INITIAL_PARTITIONS: "1",
    LEASE_MS: "500",
    PEER_TIMEOUT_MS: "300",
    LOG_REPLICA_AFTER_MS: "500",
    REPLACE_AFTER_MS: "1500",
  });
  sdk = running.sdk();
});

afterAll(async () => {
  sdk?.destroy();
  await running?.stop();
});

interface Member {
  name: string;
  zone: string;
  role: string | null;
  commit: number | null;
  applied: number | null;
  reachable: boolean;
}

const admin = <T>(path: string, body?: unknown) => running.admin<T>(path, body);

const group = async () =>
  (await admin<{ partitions: { leader: string | null; members: Member[] }[] }>(`/admin/groups?table=${TABLE}`))
    .partitions[0];

const put = (pk: string) =>
  sdk.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk }, v: { S: `value of ${pk}` } } }));

describe("autoadmin", () => {
  test("a replica down past REPLACE_AFTER_MS is replaced by a new replica in its zone, built from the group's log, holding every item", async () => {
    await activeTable(sdk, TABLE);
    const written: string[] = [];
    for (let i = 0; i < 10; i++) {
      await put(`before-${i}`);
      written.push(`before-${i}`);
    }
    const before = await group();
    const victim = before.members.find((m) => m.name !== before.leader)!;
    await admin("/admin/faults", { action: "crash", replica: victim.name });

    // Writes go on (each also drives the leader's membership upkeep) until a replica in the
    // victim's zone has taken its place and applied everything.
    const deadline = Date.now() + 20_000;
    let after = before;
    for (let i = 0; Date.now() < deadline; i++) {
      await put(`during-${i}`);
      written.push(`during-${i}`);
      after = await group();
      const replacement = after.members.find((m) => m.zone === victim.zone);
      const leader = after.members.find((m) => m.name === after.leader);
      if (
        replacement &&
        replacement.name !== victim.name &&
        replacement.applied !== null &&
        replacement.applied === leader?.commit
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const replacement = after.members.find((m) => m.zone === victim.zone);
    expect(after.members.map((m) => m.name)).not.toContain(victim.name);
    expect(replacement?.name).toMatch(/\.r1\//);
    expect(replacement).toMatchObject({ role: "follower", reachable: true });

    // The new member holds exactly what the others hold.
    await put("after");
    written.push("after");
    const digests = await running.converged(TABLE, 3);
    expect(digests.map((d) => d.name)).toContain(replacement?.name);
    expect(new Set(digests.map((d) => d.digest)).size, JSON.stringify(digests)).toBe(1);

    // Every acknowledged write is readable, strongly and (from any member) eventually.
    for (const pk of written) {
      const got = await sdk.send(
        new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk } }, ConsistentRead: true }),
      );
      expect(got.Item?.v?.S, pk).toBe(`value of ${pk}`);
    }
  }, 60_000);
});
