/**
 * The benchmark's `--profile` (bench/profile.ts) against a real workerd: the platform floor
 * started with its inspector open, profiled while the AWS SDK sends it requests.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFloor } from "../../bench/floor/floor";
import { freeAddress, profileDuring, summarizeProfile } from "../../bench/profile";
import type { RunningServer } from "../../scripts/server";

let server: RunningServer;
let dataDir: string;
let inspector: string;
let sdk: DynamoDBClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "dynaflare-profile-test-"));
  inspector = await freeAddress();
  server = await startFloor({ port: 0, host: "127.0.0.1", dataDir, inspectorAddress: inspector });
  sdk = new DynamoDBClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDPROFILETEST", secretAccessKey: "profile-test-secret" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sdk?.destroy();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function traffic(requests: number): Promise<number> {
  for (let i = 0; i < requests; i++) {
    const key = { pk: { S: `k${i % 20}` } };
    await sdk.send(new PutItemCommand({ TableName: "t", Item: { ...key, v: { S: "x".repeat(500) } } }));
    await sdk.send(new GetItemCommand({ TableName: "t", Key: key }));
  }
  return requests * 2;
}

describe("bench --profile", () => {
  test("profileDuring samples the Worker and its Durable Objects while the run lasts, and returns the run's result", async () => {
    const { result, profiles } = await profileDuring(inspector, () => traffic(300), 100);
    expect(result).toBe(600);
    expect(profiles.length).toBeGreaterThanOrEqual(1);
    const summary = summarizeProfile(profiles[0].profile);
    expect(summary.samples).toBeGreaterThan(100);
    const frames = summary.lines.map((line) => line.frame);
    // The floor's fetch handler and its object's methods, named with their file and line.
    expect(frames.some((frame) => /^fetch worker\.js:\d+$/.test(frame))).toBe(true);
    expect(frames.some((frame) => /^put worker\.js:\d+$/.test(frame))).toBe(true);
    expect(summary.lines.find((line) => line.frame.startsWith("fetch worker.js"))?.total).toBeGreaterThan(0.01);
  });

  test("a second profile starts from nothing: the first one was stopped", async () => {
    const first = await profileDuring(inspector, () => traffic(20), 100);
    const second = await profileDuring(inspector, () => traffic(20), 100);
    expect(second.profiles[0].profile.startTime).toBeGreaterThanOrEqual(first.profiles[0].profile.endTime);
  });
});
