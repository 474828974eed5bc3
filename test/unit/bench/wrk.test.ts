import { describe, expect, test } from "vitest";
import type { SignedRequest } from "../../../bench/signed-requests";
import { parseWrkOutput, wrkScript } from "../../../bench/wrk";

/** Outputs of wrk 4.1.0 (Debian) running a script from wrkScript, captured on this machine. */
const CAPTURED = {
  ok: `Running 1s test @ http://127.0.0.1:8193
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   658.49us    1.29ms  10.66ms   89.97%
    Req/Sec     8.91k     6.49k   23.08k    80.00%
  17754 requests in 1.00s, 2.42MB read
Requests/sec:  17712.32
Transfer/sec:      2.42MB
BENCH-WRK-RESULT {"requests":17754,"duration_us":1002353,"p50":171,"p90":1957,"p99":6753,"p999":9308,"mean":658.493914,"max":10658,"connect":0,"read":0,"write":0,"timeout":0,"status":0}
`,
  serverErrors: `Running 1s test @ http://127.0.0.1:8185
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.88ms    2.20ms  23.11ms   92.40%
    Req/Sec     8.86k     5.43k   21.56k    75.00%
  17669 requests in 1.01s, 2.73MB read
  Non-2xx or 3xx responses: 17669
Requests/sec:  17505.22
Transfer/sec:      2.70MB
BENCH-WRK-RESULT {"requests":17669,"duration_us":1009356,"p50":155,"p90":2417,"p99":11442,"p999":21806,"mean":883.379015,"max":23114,"connect":0,"read":0,"write":0,"timeout":0,"status":17669}
`,
  noAnswers: `Running 2s test @ http://127.0.0.1:8195
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     0.00      0.00     0.00      -nan%
  0 requests in 2.00s, 0.00B read
Requests/sec:      0.00
Transfer/sec:       0.00B
BENCH-WRK-RESULT {"requests":0,"duration_us":2003110,"p50":0,"p90":0,"p99":0,"p999":0,"mean":0.000000,"max":0,"connect":0,"read":0,"write":0,"timeout":0,"status":0}
`,
  refused: "unable to connect to 127.0.0.1:8199 Connection refused\n",
};

const NO_ERRORS = { connect: 0, read: 0, write: 0, timeout: 0, status: 0 };

describe("parseWrkOutput", () => {
  test.each([
    {
      name: "a clean run",
      output: CAPTURED.ok,
      outcome: {
        requests: 17_754,
        seconds: 1.002353,
        opsPerSecond: 17_754 / 1.002353,
        p50: 0.171,
        p90: 1.957,
        p99: 6.753,
        p999: 9.308,
        mean: 0.658493914,
        max: 10.658,
        errors: NO_ERRORS,
      },
    },
    {
      name: "every answer a 500",
      output: CAPTURED.serverErrors,
      outcome: {
        requests: 17_669,
        seconds: 1.009356,
        opsPerSecond: 17_669 / 1.009356,
        p50: 0.155,
        p90: 2.417,
        p99: 11.442,
        p999: 21.806,
        mean: 0.883379015,
        max: 23.114,
        errors: { ...NO_ERRORS, status: 17_669 },
      },
    },
    {
      name: "a server that never answers",
      output: CAPTURED.noAnswers,
      outcome: {
        requests: 0,
        seconds: 2.00311,
        opsPerSecond: 0,
        p50: 0,
        p90: 0,
        p99: 0,
        p999: 0,
        mean: 0,
        max: 0,
        errors: NO_ERRORS,
      },
    },
  ])("reads the result line of $name: microseconds become milliseconds", ({ output, outcome }) => {
    const { errors, ...figures } = parseWrkOutput(output);
    expect(errors).toEqual(outcome.errors);
    expect(Object.keys(figures).sort()).toEqual(
      Object.keys(outcome)
        .filter((key) => key !== "errors")
        .sort(),
    );
    for (const [key, value] of Object.entries(figures))
      expect(value, key).toBeCloseTo(outcome[key as keyof typeof figures], 9);
  });

  test("the throughput is the requests over wrk's measured duration, as wrk's own Requests/sec", () => {
    expect(parseWrkOutput(CAPTURED.ok).opsPerSecond).toBeCloseTo(17_712.32, 2);
    expect(parseWrkOutput(CAPTURED.serverErrors).opsPerSecond).toBeCloseTo(17_505.22, 2);
  });

  test("finds the result line among stderr noise and CRLF line ends", () => {
    const output = `warning: something\r\n${CAPTURED.ok.replace(/\n/g, "\r\n")}`;
    expect(parseWrkOutput(output)).toMatchObject({ requests: 17_754, p50: 0.171 });
  });

  test("counts socket errors by kind", () => {
    const line =
      'BENCH-WRK-RESULT {"requests":10,"duration_us":1000000,"p50":1000,"p90":1000,"p99":1000,"p999":1000,' +
      '"mean":1000.0,"max":1000,"connect":1,"read":2,"write":3,"timeout":4,"status":5}';
    expect(parseWrkOutput(line).errors).toEqual({ connect: 1, read: 2, write: 3, timeout: 4, status: 5 });
  });

  test("without a result line (wrk could not connect) it throws with wrk's output", () => {
    expect(() => parseWrkOutput(CAPTURED.refused)).toThrow(
      "wrk printed no result line:\nunable to connect to 127.0.0.1:8199 Connection refused",
    );
  });
});

interface ScriptRequest {
  /** The key number the script files the request under (1-based, in order of first appearance). */
  k: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Reads back the `add(k, wrk.format(...))` calls wrkScript writes, with Lua's string rules. */
function scriptRequests(script: string): ScriptRequest[] {
  const requests: ScriptRequest[] = [];
  const call = /^add\((\d+), wrk\.format\("([A-Z]+)", "([^"]*)", \{ /gm;
  const header = /\["((?:[^"\\]|\\.)*)"\] = "((?:[^"\\]|\\.)*)"(, )?/y;
  const unquote = (text: string) => text.replace(/\\(.)/g, "$1");
  for (let match = call.exec(script); match; match = call.exec(script)) {
    let at = call.lastIndex;
    const headers: Record<string, string> = {};
    header.lastIndex = at;
    for (let h = header.exec(script); h; h = header.exec(script)) {
      headers[unquote(h[1])] = unquote(h[2]);
      at = header.lastIndex;
      if (!h[3]) break;
    }
    const open = /\s*\}, \[(=*)\[/y;
    open.lastIndex = at;
    const opened = open.exec(script);
    if (!opened) throw new Error(`no long string at ${at}`);
    const close = `]${opened[1]}]`;
    const end = script.indexOf(close, open.lastIndex);
    const body = script.slice(open.lastIndex, end);
    requests.push({ k: Number(match[1]), method: match[2], path: match[3], headers, body });
    expect(script.slice(end + close.length, end + close.length + 2)).toBe("))");
    call.lastIndex = end + close.length;
  }
  return requests;
}

const request = (body: string, headers: Record<string, string> = {}, key = "user1"): SignedRequest => ({
  method: "POST",
  path: "/",
  headers: { "content-type": "application/x-amz-json-1.0", authorization: "AWS4-HMAC-SHA256 x", ...headers },
  body,
  key,
});

describe("wrkScript", () => {
  test("holds every request, in order, with its headers and its body verbatim", () => {
    const requests = Array.from({ length: 25 }, (_, i) =>
      request(
        JSON.stringify({ TableName: "usertable", Key: { pk: { S: `user${i}` } } }),
        { "x-amz-date": `${i}` },
        `user${i}`,
      ),
    );
    const read = scriptRequests(wrkScript(requests, 2));
    expect(read).toEqual(requests.map(({ key: _, ...rest }, i) => ({ k: i + 1, ...rest })));
  });

  test("files each request under its key's number, numbered by first appearance", () => {
    const keys = ["user7", "user3", "user7", "user9", "user3", "user7"];
    const requests = keys.map((key, i) => request(`{"n":${i}}`, {}, key));
    expect(scriptRequests(wrkScript(requests, 1)).map(({ k, body }) => [k, body])).toEqual([
      [1, '{"n":0}'],
      [2, '{"n":1}'],
      [1, '{"n":2}'],
      [3, '{"n":3}'],
      [2, '{"n":4}'],
      [1, '{"n":5}'],
    ]);
    expect(wrkScript(requests, 1)).toContain("keys[k][#keys[k] + 1] = request");
  });

  test.each([
    { name: "plain JSON", body: '{"a":"b"}', level: "" },
    { name: "a ]] in the body", body: '{"a":"x]]y"}', level: "=" },
    { name: "]] and ]=] in the body", body: '{"a":"]]","b":"]=]"}', level: "==" },
    { name: "newlines, quotes and backslashes", body: '{"a":"line\\n\\"quoted\\" \\\\"}\n', level: "" },
    { name: "non-ASCII text", body: '{"a":"café ✓"}', level: "" },
  ])("a body with $name is a Lua long string of level '$level' that ends where the body ends", ({ body, level }) => {
    const script = wrkScript([request(body)], 1);
    expect(script).toContain(`[${level}[${body}]${level}]))`);
    expect(scriptRequests(script)[0].body).toBe(body);
  });

  test('header names and values are quoted with \\ and " escaped', () => {
    const script = wrkScript([request("{}", { "x-odd": 'say "hi" \\ bye' })], 1);
    expect(script).toContain('["x-odd"] = "say \\"hi\\" \\\\ bye"');
    expect(scriptRequests(script)[0].headers["x-odd"]).toBe('say "hi" \\ bye');
  });

  test.each([
    ["a newline", "a\nb"],
    ["a non-ASCII character", "café"],
    ["a control character", "a\u0000b"],
  ])("rejects a header value with %s", (_, value) => {
    expect(() => wrkScript([request("{}", { "x-bad": value })], 1)).toThrow("not printable ASCII");
  });

  test("each thread owns every T-th key and sends each of its keys' requests in turn", () => {
    const script = wrkScript([request("{}", {}, "a"), request("{}", {}, "b"), request("{}", {}, "c")], 3);
    expect(script).toContain("local THREADS = 3\n");
    expect(script).toContain('thread:set("thread_index", threads)');
    expect(script).toContain("for k = (thread_index or 0) + 1, #keys, THREADS do");
    expect(script).toContain("cursor = cursor % #mine + 1");
    expect(script).toContain("local n = sent[cursor] % #variants + 1");
    expect(script).toContain("return variants[n]");
  });

  test.each([
    { keys: 0, threads: 1 },
    { keys: 1, threads: 2 },
    { keys: 3, threads: 4 },
  ])("refuses $keys key(s) for $threads thread(s): a thread would have no key of its own", ({ keys, threads }) => {
    const requests = Array.from({ length: keys }, (_, i) => request("{}", {}, `user${i}`));
    expect(() => wrkScript(requests, threads)).toThrow(`${keys} keys for ${threads} wrk threads`);
  });

  test.each([0, -1, 1.5])("refuses %s threads", (threads) => {
    expect(() => wrkScript([request("{}")], threads)).toThrow("wrk threads must be a positive integer");
  });

  test("the done hook prints one result line with counts, errors and the p50/p90/p99/p99.9 percentiles", () => {
    const script = wrkScript([request("{}")], 1);
    const done = script.slice(script.indexOf("function done(summary, latency, requests)"));
    expect(done).not.toBe(script);
    expect(done).toContain("io.write(string.format(");
    expect(done).toContain("'BENCH-WRK-RESULT {");
    for (const call of [
      "latency:percentile(50)",
      "latency:percentile(90)",
      "latency:percentile(99)",
      "latency:percentile(99.9)",
      "latency.mean",
      "latency.max",
      "summary.requests",
      "summary.duration",
      "e.connect, e.read, e.write, e.timeout, e.status",
    ])
      expect(done).toContain(call);
    // The format's placeholders fill the JSON fields parseWrkOutput reads, in order.
    const fields = [...done.matchAll(/"(\w+)":%[df]/g)].map((m) => m[1]);
    expect(fields).toEqual([
      "requests",
      "duration_us",
      "p50",
      "p90",
      "p99",
      "p999",
      "mean",
      "max",
      "connect",
      "read",
      "write",
      "timeout",
      "status",
    ]);
  });

  test("the printed line, once filled in, is what parseWrkOutput reads", () => {
    const script = wrkScript([request("{}")], 1);
    const format = /'(BENCH-WRK-RESULT [^']*)' \.\.\s*'([^']*)'/.exec(script);
    expect(format).not.toBeNull();
    const values = [100, 2_000_000, 1500, 2500, 9000, 12000, 1750.5, 15000, 0, 1, 0, 0, 3];
    let i = 0;
    const line = `${format?.[1]}${format?.[2]}`.replace(/\\n$/, "").replace(/%[df]/g, () => String(values[i++]));
    expect(parseWrkOutput(line)).toEqual({
      requests: 100,
      seconds: 2,
      opsPerSecond: 50,
      p50: 1.5,
      p90: 2.5,
      p99: 9,
      p999: 12,
      mean: 1.7505,
      max: 15,
      errors: { connect: 0, read: 1, write: 0, timeout: 0, status: 3 },
    });
  });
});
