/**
 * SigV4 authentication through real clients: the AWS SDK (signed, presigned, with a wrong key, a
 * wrong secret, a skewed clock, a region the server does not serve), hand-made requests (no
 * signature, a tampered body or header, another service), and the AWS CLI. Every refusal is
 * DynamoDB's error, HTTP 400, and changes nothing.
 */

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DescribeTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { Sha256 } from "../../bench/signed-requests";
import { client } from "../helpers/dynamodb";
import { createItemTable, failureWithStatus } from "../helpers/items";
import { signedHeaders } from "../helpers/sigv4-signer";
import { TEST_CREDENTIALS, TEST_KEY } from "../helpers/test-key";

const run = promisify(execFile);
const endpoint = inject("endpoint");
const TARGET = "DynamoDB_20120810.";
const JSON_TYPE = "application/x-amz-json-1.0";

const MISMATCH =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

let table: string;

beforeAll(async () => {
  table = await createItemTable(client(), "auth");
});

/** What the server answers a raw POST: status and parsed body. */
async function post(headers: Record<string, string>, body: string, url = endpoint) {
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const refusal = (type: string, message: string) => ({
  status: 400,
  body: { __type: `com.amazon.coral.service#${type}`, message },
});

describe("SigV4 through the AWS SDK", () => {
  test("auth: a request signed with a known key is served", async () => {
    const output = await client().send(new DescribeTableCommand({ TableName: table }));
    expect(output.Table?.TableName).toBe(table);
  });

  test("auth: an unknown access key is UnrecognizedClientException", async () => {
    const stranger = client({ credentials: { accessKeyId: "AKIDNOBODY", secretAccessKey: "x" } });
    expect(await failureWithStatus(stranger.send(new ListTablesCommand({})))).toEqual({
      name: "UnrecognizedClientException",
      status: 400,
      message: "The security token included in the request is invalid.",
    });
  });

  test("auth: a wrong secret is InvalidSignatureException, and the write it carried is not made", async () => {
    const wrong = client({ credentials: { ...TEST_KEY, secretAccessKey: "not-the-secret" } });
    const Item = { pk: { S: "wrong-secret" } };
    expect(await failureWithStatus(wrong.send(new PutItemCommand({ TableName: table, Item })))).toEqual({
      name: "InvalidSignatureException",
      status: 400,
      message: MISMATCH,
    });
    const read = await client().send(new GetItemCommand({ TableName: table, Key: Item, ConsistentRead: true }));
    expect(read.Item).toBeUndefined();
  });

  test("auth: a clock 20 minutes behind signs an expired request", async () => {
    const late = client({ systemClockOffset: -20 * 60_000 });
    const error = await failureWithStatus(late.send(new ListTablesCommand({})));
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.status).toBe(400);
    expect(error.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  test("auth: a clock 20 minutes ahead signs a request not yet current", async () => {
    const early = client({ systemClockOffset: 20 * 60_000 });
    const error = await failureWithStatus(early.send(new ListTablesCommand({})));
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toMatch(/^Signature not yet current: /);
  });

  test("auth: a region the server does not serve is refused by name", async () => {
    const elsewhere = client({ region: "us-west-2" });
    expect(await failureWithStatus(elsewhere.send(new ListTablesCommand({})))).toEqual({
      name: "InvalidSignatureException",
      status: 400,
      message: "Credential should be scoped to a valid region, not 'us-west-2'.",
    });
  });

  test("auth: a presigned request (the signature in the query string) is served", async () => {
    const url = new URL(endpoint);
    const signer = new SignatureV4({ credentials: TEST_KEY, region: "us-east-1", service: "dynamodb", sha256: Sha256 });
    const body = JSON.stringify({ TableName: table });
    const presigned = await signer.presign(
      {
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        query: {},
        headers: { host: url.host, "content-type": JSON_TYPE, "x-amz-target": `${TARGET}DescribeTable` },
        body,
      },
      { expiresIn: 300 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>);
    expect(query.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    const answer = await post(
      { "content-type": JSON_TYPE, "x-amz-target": `${TARGET}DescribeTable` },
      body,
      `${endpoint}/?${query}`,
    );
    expect(answer.status).toBe(200);
    expect((answer.body.Table as { TableName: string }).TableName).toBe(table);
    // The same URL with another body is not what was signed.
    const other = await post(
      { "content-type": JSON_TYPE, "x-amz-target": `${TARGET}DescribeTable` },
      JSON.stringify({ TableName: `${table}-other` }),
      `${endpoint}/?${query}`,
    );
    expect(other).toEqual(refusal("InvalidSignatureException", MISMATCH));
  });
});

describe("SigV4 on hand-made requests", () => {
  const headers = (operation: string) => ({ "content-type": JSON_TYPE, "x-amz-target": TARGET + operation });

  test("auth: no signature at all is MissingAuthenticationTokenException", async () => {
    expect(await post(headers("ListTables"), "{}")).toEqual(
      refusal("MissingAuthenticationTokenException", "Request is missing Authentication Token"),
    );
  });

  test("auth: a body changed after signing is refused, and nothing is written", async () => {
    const item = JSON.stringify({ TableName: table, Item: { pk: { S: "signed" } } });
    const tampered = JSON.stringify({ TableName: table, Item: { pk: { S: "tampered" } } });
    const signed = signedHeaders(endpoint, headers("PutItem"), item);
    expect(await post(signed, tampered)).toEqual(refusal("InvalidSignatureException", MISMATCH));
    const read = await post(
      signedHeaders(endpoint, headers("Scan"), JSON.stringify({ TableName: table, ConsistentRead: true })),
      JSON.stringify({ TableName: table, ConsistentRead: true }),
    );
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body.Items)).not.toContain("tampered");
  });

  test("auth: a signed header changed after signing is refused", async () => {
    const body = JSON.stringify({ TableName: table });
    const signed = signedHeaders(endpoint, headers("DescribeTable"), body);
    const answer = await post({ ...signed, "x-amz-target": `${TARGET}DeleteTable` }, body);
    expect(answer).toEqual(refusal("InvalidSignatureException", MISMATCH));
    expect((await client().send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus).toBe("ACTIVE");
  });

  test("auth: a request signed for another service is refused by name", async () => {
    const signed = signedHeaders(endpoint, headers("ListTables"), "{}", { service: "s3" });
    expect(await post(signed, "{}")).toEqual(
      refusal("InvalidSignatureException", "Credential should be scoped to correct service: 'dynamodb'."),
    );
  });

  test("auth: the refusals come before the body is looked at", async () => {
    // A body that is not JSON, unsigned: the missing signature is what the service names.
    expect(await post(headers("ListTables"), "{not json")).toEqual(
      refusal("MissingAuthenticationTokenException", "Request is missing Authentication Token"),
    );
  });
});

describe("the AWS CLI", () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "dynaflare-cli-auth-"));
    await writeFile(join(dir, "credentials"), TEST_CREDENTIALS);
    await writeFile(join(dir, "wrong"), TEST_CREDENTIALS.replace(TEST_KEY.secretAccessKey, "wrong-secret"));
    env = {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, "config"),
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
    };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const aws = (credentialsFile: string, ...args: string[]) =>
    run("aws", ["dynamodb", ...args, "--endpoint-url", endpoint, "--output", "json"], {
      env: { ...env, AWS_SHARED_CREDENTIALS_FILE: join(dir, credentialsFile) },
      timeout: 60_000,
    });

  test("auth: the AWS CLI signs with a shared-credentials file and is served", { timeout: 90_000 }, async () => {
    const { stdout } = await aws("credentials", "describe-table", "--table-name", table);
    expect(JSON.parse(stdout).Table.TableName).toBe(table);
  });

  test("auth: the AWS CLI with a wrong secret gets InvalidSignatureException", { timeout: 90_000 }, async () => {
    const failed = await aws("wrong", "list-tables").then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).not.toBe(0);
    expect(failed?.stderr).toContain("InvalidSignatureException");
    expect(failed?.stderr).toContain("The request signature we calculated does not match");
  });
});
