import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { kCurrentWorker } from "miniflare";
import { defineConfig } from "vitest/config";
import { TEST_CREDENTIALS } from "./test/helpers/test-key";

/**
 * The e2e suite's server as N processes (`DYNAFLARE_E2E_PROCESSES=3`, `npm run test:e2e:processes`,
 * which CI runs beside `npm test`): the files that start servers of their own (to test the server
 * process itself, or as processes already) are left to the one-process run.
 */
const E2E_PROCESSES = Number(process.env.DYNAFLARE_E2E_PROCESSES ?? "1");
const OWN_SERVERS = ["admin", "backup-faults", "data-directory", "hostile-input", "in-memory", "processes", "server"];

/** What calls between "processes" carry in the objects tests. */
const INTERNAL_TEST_TOKEN = "objects-test-internal-token";

export default defineConfig({
  test: {
    projects: [
      {
        // Pure logic: the files share workers rather than each starting its own (about 45 s less
        // CPU a run); none depends on a fresh module graph (fake timers are restored per test).
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node", isolate: false },
      },
      {
        // Routing and metadata tests run on single-replica partitions; the replication tests
        // configure their groups of three themselves, and bring in log replicas and replacements
        // quickly. They write thousands of items a second into one partition, past DynamoDB's
        // partition limit: admission is tested in the unit and e2e projects.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                REPLICATION_FACTOR: "1",
                LOG_REPLICA_AFTER_MS: "300",
                REPLACE_AFTER_MS: "400",
                PARTITION_WRITE_UNITS: "1000000",
                CREDENTIALS: TEST_CREDENTIALS,
                INTERNAL_TOKEN: INTERNAL_TEST_TOKEN,
              },
              // The peers of a server run as processes, here this Worker's own internal entrypoint:
              // a link told it is one of two processes calls the other's objects through it, and
              // one of three finds the third down (test/objects/link/remote.test.ts).
              serviceBindings: {
                PEER_0: { name: kCurrentWorker, entrypoint: "Internal" },
                PEER_1: { name: kCurrentWorker, entrypoint: "Internal" },
                // A process that is down: no one at its socket.
                PEER_2: { external: { address: "unix:/nonexistent/dynaflare-down.sock", http: {} } },
              },
            },
          }),
        ],
        test: { name: "objects", include: ["test/objects/**/*.test.ts"] },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          exclude: E2E_PROCESSES > 1 ? OWN_SERVERS.map((name) => `test/e2e/${name}.test.ts`) : [],
          environment: "node",
          globalSetup: ["test/helpers/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
