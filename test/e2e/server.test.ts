/**
 * The self-hosted server as a process (`npm start`): it serves the API, keeps its data in its
 * data directory across restarts, shuts down cleanly on SIGTERM and SIGINT, and fails loudly.
 */

import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import { afterEach, describe, expect, inject, test } from "vitest";
import { buildWorker } from "../../scripts/bundle";
import { REPO_ROOT } from "../../scripts/server";
import { readWranglerConfig } from "../../scripts/wrangler-config";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { runCli, startCli } from "../helpers/server";

const temporaryDirs: string[] = [];

async function temporaryDir(): Promise<string> {
  const dir: string = await mkdtemp(join(tmpdir(), "dynaflare-server-test-"));
  temporaryDirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("self-hosted server", () => {
  test("server: answers DynamoDB API requests on the endpoint it reports", async () => {
    const output = await client().send(new ListTablesCommand({}));
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(Array.isArray(output.TableNames)).toBe(true);
  });

  test("server: keeps items across a restart, exiting 0 on SIGTERM and on SIGINT; clients sign with the key file it creates", {
    timeout: 90_000,
  }, async () => {
    const dataDir = await temporaryDir();
    const args = ["--port", "0", "--host", "127.0.0.1", "--data", dataDir];
    const TableName = uniqueTableName("restart");
    const Key = { pk: { S: "survivor" } };
    const Item = { ...Key, n: { N: "42" }, s: { S: "still here" } };

    const first = await startCli(args);
    // What a user does with the line it prints: point the SDK's shared credentials file at it.
    const filepath = /AWS_SHARED_CREDENTIALS_FILE=(\S+)/.exec(first.output())?.[1];
    expect(filepath).toBe(join(dataDir, "credentials"));
    expect(first.output()).toContain("(created now, with a new random key)");
    expect((await stat(filepath!)).mode & 0o777).toBe(0o600);
    const credentials = fromIni({ filepath, profile: "default" });
    try {
      // The banner's console link signs a browser in: a session cookie, then the overview.
      const consoleLink = /console at (http:\/\/\S+)/.exec(first.output())?.[1];
      expect(consoleLink).toMatch(new RegExp(`^${first.url}/console\\?token=`));
      const signIn = await fetch(consoleLink!, { redirect: "manual" });
      expect(signIn.status).toBe(303);
      const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
      const overview = await fetch(`${first.url}/console`, { headers: { cookie } });
      expect(overview.status).toBe(200);
      expect(await overview.text()).toContain("<title>Overview");
      const db = client({ endpoint: first.url, credentials });
      await db.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName });
      await db.send(new PutItemCommand({ TableName, Item }));
    } finally {
      expect(await first.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    }

    const second = await startCli(args);
    try {
      expect(second.output()).not.toContain("created now");
      const output = await client({ endpoint: second.url, credentials }).send(
        new GetItemCommand({ TableName, Key, ConsistentRead: true }),
      );
      expect(output.Item).toEqual(Item);
    } finally {
      expect(await second.stop("SIGINT")).toEqual({ code: 0, signal: null });
    }
  });

  test("server: exits 1 when its port is taken", async () => {
    const port = new URL(inject("endpoint")).port;
    const result = await runCli(["--port", port, "--host", "127.0.0.1", "--data", await temporaryDir()]);
    expect(result.code).toBe(1);
    expect(result.output).not.toMatch(/listening on/);
  });

  test.each([
    { args: ["--port", "eighty"], code: 2, message: "invalid port: eighty" },
    { args: ["--var", "NO_SUCH_VAR=1"], code: 1, message: "no var NO_SUCH_VAR" },
    { args: ["stray"], code: 2, message: "unexpected argument: stray" },
  ])("server: exits $code on $args", async ({ args, code, message }) => {
    const result = await runCli([...args, "--data", await temporaryDir()]);
    expect(result.code).toBe(code);
    expect(result.output).toContain(message);
  });
});

describe("self-hosted build cache", () => {
  /** A minimal project: a Worker importing a text module, with this repository's node_modules. */
  async function project(): Promise<string> {
    const root = await temporaryDir();
    await mkdir(join(root, "src"));
    await symlink(join(REPO_ROOT, "node_modules"), join(root, "node_modules"));
    await writeFile(
      join(root, "wrangler.toml"),
      'name = "cache-test"\nmain = "src/index.ts"\ncompatibility_date = "2026-11-01"\n' +
        '[[rules]]\ntype = "Text"\nglobs = ["**/*.sql"]\n',
    );
    await writeFile(
      join(root, "src", "index.ts"),
      'import schema from "./schema.sql";\nexport default { fetch: () => new Response(schema) };\n',
    );
    await writeFile(join(root, "src", "schema.sql"), "CREATE TABLE a (x);\n");
    return root;
  }

  test("build: reuses the bundle until the code, a text module or wrangler.toml changes", {
    timeout: 60_000,
  }, async () => {
    const root = await project();
    const build = async (rebuild = false) => buildWorker(root, await readWranglerConfig(root), { rebuild });

    const first = await build();
    expect(first.reused).toBe(false);
    expect(first.modules[0]).toEqual({ name: "index.js", type: "ESModule" });
    expect(first.modules.slice(1)).toEqual([{ name: expect.stringMatching(/-schema\.sql$/), type: "Text" }]);
    expect(await build()).toEqual({ ...first, reused: true });

    const changes: [string, string][] = [
      ["src/schema.sql", "CREATE TABLE b (y);\n"],
      [
        "src/index.ts",
        'import schema from "./schema.sql";\nexport default { fetch: () => new Response(schema.trim()) };\n',
      ],
      ["wrangler.toml", 'name = "cache-test"\nmain = "src/index.ts"\ncompatibility_date = "2026-11-01"\n'],
    ];
    let previous = first;
    for (const [file, content] of changes) {
      await writeFile(join(root, file), content);
      const next = await build();
      expect(next.reused, file).toBe(false);
      expect(next.dir, file).not.toBe(previous.dir);
      previous = next;
    }
    expect((await build(true)).reused).toBe(false);
  });
});
