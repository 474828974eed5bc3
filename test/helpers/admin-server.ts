/**
 * A server of the e2e tests' own, with the admin API on and the vars a test sets (short
 * replication timings, one partition): an SDK client for it, its admin API, and the digests
 * of a partition's members for convergence checks.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { type Served, startProcesses } from "../../scripts/processes";
import { startServer } from "../../scripts/server";
import { ADMIN_AUTHORIZATION, TEST_KEY, TEST_SECRETS } from "./test-key";

export interface MemberDigest {
  name: string;
  digest: string;
  applied: number;
}

export interface AdminServer {
  server: Served;
  /** A client that does not retry, with a request timeout: a test sees every outcome. */
  sdk(): DynamoDBClient;
  /** The same, for the copy in `region` (its SigV4 credential scope picks the region). */
  sdkIn(region: string): DynamoDBClient;
  /** GET `path` (POST `body` when given); throws unless it answers 200. */
  admin<T>(path: string, body?: unknown): Promise<T>;
  /**
   * Polls the members' digests of the table's first partition until `count` members answer
   * with the same applied index and digest (or 5 s pass). At exit: the last digests read.
   */
  converged(table: string, count: number): Promise<MemberDigest[]>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `processes`: serve with that many workerd processes (`npm start -- --processes N`); one by default. */
export async function startAdminServer(vars: Record<string, string>, processes = 1): Promise<AdminServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "dynaflare-admin-server-"));
  const options = { port: 0, host: "127.0.0.1", dataDir, vars: { ADMIN_API: "on", ...vars }, ...TEST_SECRETS };
  const server = processes > 1 ? await startProcesses({ ...options, processes }) : await startServer(options);
  const admin = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json", ...ADMIN_AUTHORIZATION },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  const client = (region: string) =>
    new DynamoDBClient({
      endpoint: server.url,
      region,
      credentials: TEST_KEY,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ requestTimeout: 5000, connectionTimeout: 2000 }),
    });
  return {
    server,
    admin,
    sdk: () => client("us-east-1"),
    sdkIn: (region) => client(region),
    async converged(table, count) {
      let members: MemberDigest[] = [];
      for (let i = 0; i < 100; i++) {
        const report = await admin<{ partitions: { members: MemberDigest[] }[] }>(`/admin/digests?table=${table}`);
        members = report.partitions[0].members;
        if (members.length === count && new Set(members.map((d) => `${d.applied}/${d.digest}`)).size === 1) break;
        await sleep(50);
      }
      return members;
    },
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
