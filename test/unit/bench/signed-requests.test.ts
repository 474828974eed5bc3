import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, test } from "vitest";
import { FIELD_COUNT, TABLE_NAME } from "../../../bench/items";
import { CREDENTIALS, REGION } from "../../../bench/sdk";
import {
  keyCount,
  PAYLOADS_PER_KEY,
  type SignedRequest,
  signRequests,
  THROUGHPUT_OPS,
  type ThroughputOp,
} from "../../../bench/signed-requests";
import type { Item } from "../../../shared/api/attribute-value";
import { itemSize } from "../../../shared/api/item-size";

const DATE = new Date("2025-01-02T03:04:05.678Z");
const ENDPOINT = "http://127.0.0.1:8000";

const sign = (op: ThroughputOp, count: number, extra: { records?: number; seed?: number } = {}) =>
  signRequests(ENDPOINT, op, { count, records: extra.records ?? 2_000, seed: extra.seed ?? 1, date: DATE });

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: string | Uint8Array, text: string) => createHmac("sha256", key).update(text).digest();

/** The SigV4 signature of `request`, computed from the AWS spec, over the headers it says it signed. */
function specSignature(request: SignedRequest): string {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const authorization = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    headers.authorization,
  );
  if (!authorization) throw new Error(`malformed Authorization: ${headers.authorization}`);
  const [, credential, signedHeaders] = authorization;
  const [, date, region, service] = credential.split("/");
  const canonicalRequest = [
    request.method,
    request.path,
    "",
    ...signedHeaders.split(";").map((name) => `${name}:${headers[name].trim()}`),
    "",
    signedHeaders,
    sha256(request.body),
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", headers["x-amz-date"], scope, sha256(canonicalRequest)].join("\n");
  let key = hmac(`AWS4${CREDENTIALS.secretAccessKey}`, date);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

const signatureOf = (request: SignedRequest) => /Signature=([0-9a-f]{64})$/.exec(request.headers.authorization)?.[1];

/** A node:crypto hash for @smithy/signature-v4, written apart from the module's own. */
class TestSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", secret);
  }
  update(data: Uint8Array | string): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}

const keyOfBody = (request: SignedRequest, op: ThroughputOp): string => {
  const body = JSON.parse(request.body);
  return (op === "PutItem" ? body.Item : body.Key).pk.S;
};

describe("signRequests", () => {
  test.each(THROUGHPUT_OPS)(
    "%s: POST / with the DynamoDB JSON headers, signed for dynamodb in us-east-1",
    async (op) => {
      const [request] = await sign(op, 1);
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/");
      expect(request.headers).toEqual({
        host: "127.0.0.1:8000",
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": `DynamoDB_20120810.${op === "StrongGetItem" ? "GetItem" : op}`,
        "x-amz-date": "20250102T030405Z",
        "x-amz-content-sha256": sha256(request.body),
        authorization: expect.stringMatching(
          new RegExp(
            `^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/20250102/${REGION}/dynamodb/aws4_request, ` +
              "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$",
          ),
        ),
      });
    },
  );

  test.each([
    { op: "GetItem" as const, endpoint: "http://127.0.0.1:8000", host: "127.0.0.1:8000" },
    { op: "PutItem" as const, endpoint: "http://127.0.0.1:8000", host: "127.0.0.1:8000" },
    { op: "GetItem" as const, endpoint: "http://localhost:54321/", host: "localhost:54321" },
    { op: "PutItem" as const, endpoint: "http://bench.example", host: "bench.example" },
  ])("$op at $endpoint: every signature matches SigV4 computed from the spec", async ({ op, endpoint, host }) => {
    const requests = await signRequests(endpoint, op, { count: 20, records: 100, seed: 3, date: DATE });
    expect(requests).toHaveLength(20);
    for (const request of requests) {
      expect(request.headers.host).toBe(host);
      expect(signatureOf(request)).toBe(specSignature(request));
    }
  });

  test.each(THROUGHPUT_OPS)("%s: re-signing with @smithy/signature-v4 gives the same Authorization", async (op) => {
    const signer = new SignatureV4({
      credentials: CREDENTIALS,
      region: REGION,
      service: "dynamodb",
      sha256: TestSha256,
    });
    for (const request of await sign(op, 10)) {
      const { authorization, "x-amz-date": _, "x-amz-content-sha256": __, ...unsigned } = request.headers;
      const resigned = await signer.sign(
        {
          method: "POST",
          protocol: "http:",
          hostname: "127.0.0.1",
          port: 8000,
          path: "/",
          query: {},
          headers: unsigned,
          body: request.body,
        },
        { signingDate: DATE },
      );
      expect(resigned.headers.authorization).toBe(authorization);
    }
  });

  test("a tampered body or date no longer verifies", async () => {
    const [request] = await sign("GetItem", 1);
    const tampered = { ...request, body: request.body.replace("user", "User") };
    expect(specSignature(tampered)).not.toBe(signatureOf(request));
    const otherDate = { ...request, headers: { ...request.headers, "x-amz-date": "20250102T030406Z" } };
    expect(specSignature(otherDate)).not.toBe(signatureOf(request));
  });

  test("the same seed and date give the same requests; another date re-signs the same bodies", async () => {
    const first = await sign("PutItem", 30);
    expect(await sign("PutItem", 30)).toEqual(first);
    const later = await signRequests(ENDPOINT, "PutItem", {
      count: 30,
      records: 2_000,
      seed: 1,
      date: new Date("2025-01-02T03:09:05Z"),
    });
    expect(later.map((r) => r.body)).toEqual(first.map((r) => r.body));
    for (let i = 0; i < first.length; i++) expect(signatureOf(later[i])).not.toBe(signatureOf(first[i]));
  });

  test("another seed chooses other keys", async () => {
    const keys = async (seed: number) => (await sign("GetItem", 50, { seed })).map((r) => keyOfBody(r, "GetItem"));
    const [one, two] = [await keys(1), await keys(2)];
    expect(one.filter((key, i) => key === two[i]).length).toBeLessThan(5);
  });

  test("GetItem: the body names the table and a user<n> key with n in [0, records)", async () => {
    const requests = await sign("GetItem", 500, { records: 50 });
    for (const request of requests) {
      const body = JSON.parse(request.body);
      expect(Object.keys(body)).toEqual(["TableName", "Key"]);
      expect(body.TableName).toBe(TABLE_NAME);
      expect(body.Key).toEqual({ pk: { S: expect.stringMatching(/^user\d+$/) } });
      const n = Number(body.Key.pk.S.slice(4));
      expect(n >= 0 && n < 50).toBe(true);
    }
    // 500 uniform draws over 50 records reach every one of them.
    expect(new Set(requests.map((r) => keyOfBody(r, "GetItem"))).size).toBe(50);
  });

  test("GetItem: while the count fits the records, every request names a different key, spread uniformly", async () => {
    const requests = await sign("GetItem", 1_000, { records: 2_000 });
    expect(new Set(requests.map((r) => r.body)).size).toBe(1_000);
    const keys = requests.map((r) => Number(keyOfBody(r, "GetItem").slice(4)));
    const lowerHalf = keys.filter((n) => n < 1_000).length;
    expect(lowerHalf).toBeGreaterThan(440);
    expect(lowerHalf).toBeLessThan(560);
  });

  test("PutItem: every request carries a distinct ~1 KB item of ten 100-character fields", async () => {
    const requests = await sign("PutItem", 200);
    expect(new Set(requests.map((r) => r.body)).size).toBe(200);
    for (const request of requests) {
      const body = JSON.parse(request.body) as { TableName: string; Item: Item };
      expect(Object.keys(body)).toEqual(["TableName", "Item"]);
      expect(body.TableName).toBe(TABLE_NAME);
      const fields = Object.entries(body.Item).filter(([name]) => name !== "pk");
      expect(fields.map(([name]) => name)).toEqual(Array.from({ length: FIELD_COUNT }, (_, i) => `field${i}`));
      for (const [, value] of fields) expect(value).toEqual({ S: expect.stringMatching(/^[A-Za-z0-9]{100}$/) });
      const size = itemSize(body.Item);
      expect(size).toBeGreaterThanOrEqual(1_000);
      expect(size).toBeLessThanOrEqual(1_100);
    }
  });

  test.each(THROUGHPUT_OPS)("%s: each request's key is the key its body names", async (op) => {
    for (const request of await sign(op, 100)) expect(request.key).toBe(keyOfBody(request, op));
  });

  test.each([
    { count: 1, records: 2_000, keys: 1 },
    { count: 2, records: 2_000, keys: 1 },
    { count: 16, records: 2_000, keys: 1 },
    { count: 17, records: 2_000, keys: 2 },
    { count: 256, records: 2_000, keys: 16 },
    { count: 1_000, records: 2_000, keys: 63 },
    { count: 1_000, records: 5, keys: 5 },
  ])(
    "PutItem: $count requests over $records records address $keys distinct keys, each with ≥ 2 different payloads",
    async ({ count, records, keys }) => {
      expect(keyCount("PutItem", count, records)).toBe(keys);
      const requests = await sign("PutItem", count, { records });
      expect(requests).toHaveLength(count);
      // Request i writes key i mod K: each key's payloads come K apart, in the order wrk cycles them.
      const order = [...new Set(requests.map((r) => r.key))];
      expect(order).toHaveLength(keys);
      requests.forEach((request, i) => {
        expect(request.key).toBe(order[i % keys]);
      });
      for (const key of order) {
        const payloads = requests.filter((r) => r.key === key).map((r) => (JSON.parse(r.body) as { Item: Item }).Item);
        expect(payloads.length).toBeGreaterThanOrEqual(Math.min(count, 2));
        expect(payloads.length).toBeLessThanOrEqual(Math.max(PAYLOADS_PER_KEY, Math.ceil(count / records)));
        // Any two payloads of a key differ in every field, not only somewhere: a rewrite changes the whole item.
        for (let f = 0; f < FIELD_COUNT; f++) {
          const values = new Set(payloads.map((item) => (item[`field${f}`] as { S: string }).S));
          expect(values.size, `${key}.field${f}`).toBe(payloads.length);
        }
      }
    },
  );

  test("StrongGetItem: a GetItem with ConsistentRead, over the keys GetItem reads", async () => {
    const [eventual, strong] = await Promise.all([sign("GetItem", 20), sign("StrongGetItem", 20)]);
    expect(strong.map((r) => r.key)).toEqual(eventual.map((r) => r.key));
    for (const [i, request] of strong.entries()) {
      expect(JSON.parse(request.body)).toEqual({ ...JSON.parse(eventual[i].body), ConsistentRead: true });
    }
    expect(keyCount("StrongGetItem", 1_000, 2_000)).toBe(1_000);
  });

  test("GetItem: one key per request, count keys", () => {
    expect(keyCount("GetItem", 1_000, 2_000)).toBe(1_000);
    expect(keyCount("GetItem", 3, 2_000)).toBe(3);
  });

  test("PutItem with one seed writes the first of the keys GetItem reads", async () => {
    const gets = (await sign("GetItem", 1_000)).map((r) => r.key);
    const puts = [...new Set((await sign("PutItem", 1_000)).map((r) => r.key))];
    expect(puts).toEqual(gets.slice(0, keyCount("PutItem", 1_000, 2_000)));
  });

  test("count 0 signs nothing", async () => {
    expect(await sign("GetItem", 0)).toEqual([]);
  });
});
