import { describe, expect, test } from "vitest";
import { parseCliArgs } from "../../../scripts/cli";

const options = (argv: string[], env: Record<string, string> = {}) => {
  const command = parseCliArgs(argv, env);
  if (command.help) throw new Error("unexpected help");
  return command.options;
};

describe("parseCliArgs", () => {
  test("defaults: port 8000, all interfaces, ./data, no overrides", () => {
    expect(options([])).toMatchObject({ port: 8000, host: "*", dataDir: "data", vars: {}, rebuild: false });
  });

  test("environment variables set port, host and data dir", () => {
    expect(options([], { PORT: "9000", HOST: "127.0.0.1", DATA_DIR: "/var/lib/dynaflare" })).toMatchObject({
      port: 9000,
      host: "127.0.0.1",
      dataDir: "/var/lib/dynaflare",
    });
  });

  test("flags win over environment variables", () => {
    const env = { PORT: "9000", HOST: "127.0.0.1", DATA_DIR: "/env" };
    expect(options(["--port", "0", "--host", "::1", "--data=/flag"], env)).toMatchObject({
      port: 0,
      host: "::1",
      dataDir: "/flag",
    });
  });

  test("--var is repeatable and splits at the first =", () => {
    expect(options(["--var", "A=1", "--var", 'TOPOLOGY={"a":"b=c"}']).vars).toEqual({
      A: "1",
      TOPOLOGY: '{"a":"b=c"}',
    });
  });

  test("passes the environment on for [vars] overrides", () => {
    expect(options([], { INITIAL_PARTITIONS: "8" }).env).toEqual({ INITIAL_PARTITIONS: "8" });
  });

  test("--in-memory or IN_MEMORY keeps the data in memory; off by default", () => {
    expect(options([]).inMemory).toBeUndefined();
    expect(options(["--in-memory"]).inMemory).toBe(true);
    expect(options([], { IN_MEMORY: "1" }).inMemory).toBe(true);
    expect(options([], { IN_MEMORY: "true" }).inMemory).toBe(true);
    expect(options([], { IN_MEMORY: "0" }).inMemory).toBeUndefined();
  });

  test("--replicas sets REPLICATION_FACTOR", () => {
    expect(options(["--replicas", "1"]).vars).toEqual({ REPLICATION_FACTOR: "1" });
    expect(options(["--replicas=3"]).vars).toEqual({ REPLICATION_FACTOR: "3" });
  });

  test("--help and -h ask for help", () => {
    expect(parseCliArgs(["--help"], {})).toEqual({ help: true });
    expect(parseCliArgs(["-h"], {})).toEqual({ help: true });
  });

  test.each([
    { argv: ["--port", "80a"], message: "invalid port: 80a" },
    { argv: ["--port", "70000"], message: "invalid port: 70000" },
    { argv: ["--var", "NOVALUE"], message: "--var expects NAME=VALUE" },
    { argv: ["--var", "=x"], message: "--var expects NAME=VALUE" },
    { argv: ["serve"], message: "unexpected argument: serve" },
    { argv: ["--replicas", "2"], message: "--replicas expects 1 or 3, got: 2" },
    { argv: ["--prot", "1"], message: "--prot" },
  ])("rejects $argv", ({ argv, message }) => {
    expect(() => parseCliArgs(argv, {})).toThrow(message);
  });
});
