import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type SignedRequest, signRequests } from "../../../bench/signed-requests";
import { hasWrk, runWrk } from "../../../bench/wrk";

interface IncomingRequest {
  setEncoding(encoding: "utf8"): void;
  on(event: "data", listener: (chunk: string) => void): void;
  on(event: "end", listener: () => void): void;
}

interface Response {
  setHeader(name: string, value: string): void;
  end(body: string): void;
}

/** A local HTTP server that answers `{}` and records every request body in arrival order. */
let bodies: string[] = [];
let endpoint = "";
let workDir = "";
const server = createServer((request: IncomingRequest, response: Response) => {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk: string) => {
    body += chunk;
  });
  request.on("end", () => {
    bodies.push(body);
    response.setHeader("content-type", "application/x-amz-json-1.0");
    response.end("{}");
  });
});

beforeAll(async () => {
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  workDir = await mkdtemp(join(tmpdir(), "bench-wrk-run-"));
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const keyOf = (body: string): string => {
  const parsed = JSON.parse(body) as { Key?: { pk: { S: string } }; Item?: { pk: { S: string } } };
  return (parsed.Item ?? parsed.Key)?.pk.S ?? "";
};

/** Replays `requests` with wrk for one second; the bodies the server received, by key, in order. */
async function replay(requests: SignedRequest[], threads: number): Promise<Map<string, string[]>> {
  bodies = [];
  const outcome = await runWrk(
    endpoint,
    requests,
    { threads, connections: 4 * threads, seconds: 1 },
    join(workDir, "run.lua"),
  );
  expect(outcome.errors).toEqual({ connect: 0, read: 0, write: 0, timeout: 0, status: 0 });
  expect(outcome.requests).toBeGreaterThan(requests.length);
  const byKey = new Map<string, string[]>();
  for (const body of bodies) {
    const key = keyOf(body);
    byKey.set(key, [...(byKey.get(key) ?? []), body]);
  }
  return byKey;
}

describe.skipIf(!hasWrk())("wrk replaying the signed requests (a real wrk run against a local server)", () => {
  test.each([1, 2, 3])(
    "PutItem with %i thread(s): consecutive writes of a key always carry a different item",
    async (threads) => {
      const requests = await signRequests(endpoint, "PutItem", { count: 160, records: 2_000, seed: 7 });
      const byKey = await replay(requests, threads);
      const signedKeys = new Set(requests.map((r) => r.key));
      expect(new Set(byKey.keys())).toEqual(signedKeys);
      for (const [key, writes] of byKey) {
        for (let i = 1; i < writes.length; i++) expect(writes[i], `${key} write ${i}`).not.toBe(writes[i - 1]);
        // Every payload signed for the key was sent: the run cycled through them all.
        expect(new Set(writes)).toEqual(new Set(requests.filter((r) => r.key === key).map((r) => r.body)));
      }
    },
  );

  test("GetItem: every signed request is sent, each key read repeatedly", async () => {
    const requests = await signRequests(endpoint, "GetItem", { count: 50, records: 2_000, seed: 7 });
    const byKey = await replay(requests, 2);
    expect(new Set(byKey.keys())).toEqual(new Set(requests.map((r) => r.key)));
    for (const [, reads] of byKey) expect(reads.length).toBeGreaterThan(1);
  });
});
