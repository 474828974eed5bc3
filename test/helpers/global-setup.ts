/**
 * Global setup of the e2e project: one self-hosted server (as `npm start -- --in-memory` runs it)
 * on a free port, for the whole run: the suite exercises the in-memory mode test suites use
 * (issue 24), and the files that test storage itself (restarts, the data directory, backups
 * across a restart, failover) start servers of their own on disk. With DYNAFLARE_E2E_PROCESSES=N
 * (`npm run test:e2e:processes`) it is N processes on disk instead (`npm start -- --processes N`,
 * which does not combine with --in-memory). Tests read its URL with `inject("endpoint")`, or use
 * `client()` from ./dynamodb.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startProcesses } from "../../scripts/processes";
import { startServer } from "../../scripts/server";
import { TEST_SECRETS } from "./test-key";

declare module "vitest" {
  export interface ProvidedContext {
    /** The self-hosted server's base URL, e.g. `http://127.0.0.1:41234`. */
    endpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir: string = await mkdtemp(join(tmpdir(), "dynaflare-e2e-"));
  // Every e2e file runs against this one server at once, some writing 400 KB items as fast as
  // they can into a table of a few partitions: far past DynamoDB's partition limits and a new
  // on-demand table's first peak, which would throttle them (their clients do not retry). Here
  // the partitions take any load and on-demand tables start at the per-table quota; admission
  // has its own tests and servers (throttling.test.ts, table-throttling.test.ts).
  const vars = {
    PARTITION_READ_UNITS: "1000000",
    PARTITION_WRITE_UNITS: "1000000",
    ON_DEMAND_INITIAL_READ_UNITS: "1000000",
    ON_DEMAND_INITIAL_WRITE_UNITS: "1000000",
  };
  const processes = Number(process.env.DYNAFLARE_E2E_PROCESSES ?? "1");
  const common = { port: 0, host: "127.0.0.1", dataDir, vars, ...TEST_SECRETS };
  const server =
    processes > 1 ? await startProcesses({ ...common, processes }) : await startServer({ ...common, inMemory: true });
  project.provide("endpoint", server.url);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
