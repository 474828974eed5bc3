/**
 * The bench's floor on two processes (bench/targets/workerd.ts, FLOOR_PAIR): two workerd
 * processes, each with a copy of the loaded records, serving one listening socket. Both must
 * hold every record, and the kernel must hand connections to both.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { treeCpuSeconds } from "../../bench/cpu";
import type { RunningTarget } from "../../bench/targets/target";
import { FLOOR_PAIR } from "../../bench/targets/workerd";

const KEYS = 20;
let workDir: string;
let target: RunningTarget;
let loadedAt: string | undefined;

const sdk = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDPAIRTEST", secretAccessKey: "pair-test-secret" },
    maxAttempts: 1,
  });

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "dynaflare-floor-pair-test-"));
  target = await FLOOR_PAIR.start({
    workDir,
    cacheDir: workDir,
    signal: new AbortController().signal,
    log: () => {},
    load: async (endpoint) => {
      loadedAt = endpoint;
      const client = sdk(endpoint);
      for (let i = 0; i < KEYS; i++)
        await client.send(new PutItemCommand({ TableName: "t", Item: { pk: { S: `k${i}` }, v: { S: `value ${i}` } } }));
      client.destroy();
    },
  });
});

afterAll(async () => {
  await target?.stop();
  await rm(workDir, { recursive: true, force: true });
});

/** A GetItem on a connection of its own (no keep-alive): each is accepted anew by one of the processes. */
function getOnNewConnection(key: string): Promise<string> {
  const url = new URL(target.endpoint);
  const body = JSON.stringify({ TableName: "t", Key: { pk: { S: key } } });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        agent: false,
        headers: { "x-amz-target": "DynamoDB_20120810.GetItem", "content-type": "application/x-amz-json-1.0" },
      },
      (res: { on(event: string, listener: (chunk?: unknown) => void): void }) => {
        let text = "";
        res.on("data", (chunk) => {
          text += String(chunk);
        });
        res.on("end", () => resolve(text));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("the floor on two processes", () => {
  test("two workerd processes, loaded through a separate floor before they serve the shared socket", () => {
    expect(Array.isArray(target.pid) && target.pid.length).toBe(2);
    expect(new Set(target.pid as number[]).size).toBe(2);
    expect(loadedAt).toBeDefined();
    expect(loadedAt).not.toBe(target.endpoint);
  });

  test("every connection finds every record, and both processes serve connections", async () => {
    const pids = target.pid as number[];
    const before = pids.map((pid) => treeCpuSeconds(pid));
    const answers: string[] = [];
    for (let round = 0; round < 25; round++) {
      answers.push(...(await Promise.all(Array.from({ length: KEYS }, (_, i) => getOnNewConnection(`k${i}`)))));
    }
    expect(answers).toHaveLength(25 * KEYS);
    for (const [index, answer] of answers.entries()) {
      const i = index % KEYS;
      expect(JSON.parse(answer)).toEqual({ Item: { pk: { S: `k${i}` }, v: { S: `value ${i}` } } });
    }
    const used = pids.map((pid, i) => treeCpuSeconds(pid) - before[i]);
    for (const seconds of used) expect(seconds).toBeGreaterThan(0);
  });
});
