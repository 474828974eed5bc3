import { describe, expect, it } from "vitest";
import type { DynamoError } from "../../../../../shared/api/errors";
import { amzDate, authenticate, parseAmzDate, type Verifier } from "../../../../../workers/router/auth/authenticate";
import type { AccessKey } from "../../../../../workers/router/auth/credentials";
import { signedHeaders } from "../../../../helpers/sigv4-signer";
import { TEST_KEY } from "../../../../helpers/test-key";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const URL_ = "http://localhost:8000/";
const BODY = '{"TableName":"t"}';
const HEADERS = { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.DescribeTable" };

const KEYS: AccessKey[] = [
  { ...TEST_KEY, accountId: "111111111111", profile: "default" },
  { accessKeyId: "ASIASESSION", secretAccessKey: "session-secret", sessionToken: "tok", accountId: "2", profile: "s" },
];

const verifier: Verifier = {
  key: (id) => KEYS.find((k) => k.accessKeyId === id),
  serves: (region) => region === "us-east-1" || region === "eu-west-1",
  now: () => NOW,
};

async function verify(headers: Record<string, string>, body = BODY, url = URL_) {
  return authenticate(
    { method: "POST", url, headers: new Headers(headers), body: new TextEncoder().encode(body) },
    verifier,
  );
}

/** The error `authenticate` throws: its type and message. */
async function refusal(headers: Record<string, string>, body = BODY, url = URL_) {
  try {
    await verify(headers, body, url);
  } catch (error) {
    return { type: (error as DynamoError).type, message: (error as DynamoError).message };
  }
  throw new Error("verified");
}

const sign = (options: Parameters<typeof signedHeaders>[3] = {}, body = BODY) =>
  signedHeaders(URL_, HEADERS, body, { at: NOW, ...options });

describe("authenticate", () => {
  it("names the key, its account and the region of a signed request", async () => {
    const caller = await verify(sign({ region: "eu-west-1" }));
    expect(caller.key.accessKeyId).toBe(TEST_KEY.accessKeyId);
    expect(caller.key.accountId).toBe("111111111111");
    expect(caller.region).toBe("eu-west-1");
  });

  it("accepts a request signed 14 minutes ago or 14 minutes ahead", async () => {
    await expect(verify(sign({ at: NOW - 14 * 60_000 }))).resolves.toBeDefined();
    await expect(verify(sign({ at: NOW + 14 * 60_000 }))).resolves.toBeDefined();
  });

  it("refuses a request with no signature with MissingAuthenticationTokenException", async () => {
    expect(await refusal(HEADERS)).toEqual({
      type: "MissingAuthenticationTokenException",
      message: "Request is missing Authentication Token",
    });
  });

  it("lists every missing part of the Authorization header, in the service's words", async () => {
    const authorization = "AWS4-HMAC-SHA256 Signature=abc";
    expect(await refusal({ ...HEADERS, authorization })).toEqual({
      type: "IncompleteSignatureException",
      message:
        "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        `Authorization=${authorization}`,
    });
  });

  it("refuses a date not in ISO 8601 basic format", async () => {
    const headers = { ...sign(), "x-amz-date": "2026-12-07" };
    expect(await refusal(headers)).toEqual({
      type: "IncompleteSignatureException",
      message: "Date must be in ISO-8601 'basic format'. Got '2026-12-07'. See http://en.wikipedia.org/wiki/ISO_8601",
    });
  });

  it.each(["2026120XT120000Z", "20230229T120000Z", "20261301T120000Z", "20261207T240000Z", "20261207T120000"])(
    "reads %s as no ISO 8601 date",
    (text) => {
      expect(parseAmzDate(text)).toBeUndefined();
    },
  );

  it("reads ISO 8601 basic dates, leap days included", () => {
    expect(parseAmzDate("20240229T235959Z")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(parseAmzDate("20150830T123600Z")).toBe(Date.UTC(2015, 7, 30, 12, 36, 0));
  });

  it("refuses a request signed more than 15 minutes ago, or ahead", async () => {
    const past = NOW - 16 * 60_000;
    expect(await refusal(sign({ at: past }))).toEqual({
      type: "InvalidSignatureException",
      message: `Signature expired: ${amzDate(past)} is now earlier than 20261207T114500Z (20261207T120000Z - 15 min.)`,
    });
    const ahead = NOW + 16 * 60_000;
    expect(await refusal(sign({ at: ahead }))).toEqual({
      type: "InvalidSignatureException",
      message: `Signature not yet current: ${amzDate(ahead)} is still later than 20261207T121500Z (20261207T120000Z + 15 min.)`,
    });
  });

  it("requires host among the signed headers", async () => {
    const headers = sign();
    headers.authorization = headers.authorization.replace(/SignedHeaders=[^,]+/, "SignedHeaders=x-amz-date");
    expect(await refusal(headers)).toEqual({
      type: "InvalidSignatureException",
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it("refuses another algorithm", async () => {
    const headers = sign();
    headers.authorization = headers.authorization.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512");
    expect(await refusal(headers)).toEqual({
      type: "IncompleteSignatureException",
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ",
    });
  });

  it("refuses a credential without five parts", async () => {
    const headers = sign();
    headers.authorization = headers.authorization.replace(/Credential=[^,]+/, "Credential=a/b/c/d");
    expect(await refusal(headers)).toEqual({
      type: "IncompleteSignatureException",
      message:
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'",
    });
  });

  it("names every wrong part of the scope at once", async () => {
    const headers = sign();
    headers.authorization = headers.authorization.replace(
      /Credential=[^,]+/,
      `Credential=${TEST_KEY.accessKeyId}/20200101/mars-1/s3/aws5_request`,
    );
    expect(await refusal(headers)).toEqual({
      type: "InvalidSignatureException",
      message:
        "Credential should be scoped to a valid region, not 'mars-1'. " +
        "Credential should be scoped to correct service: 'dynamodb'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20200101' != '20261207', from '20261207T120000Z'.",
    });
  });

  it("refuses a region the server does not serve, and another service", async () => {
    expect(await refusal(sign({ region: "us-west-2" }))).toEqual({
      type: "InvalidSignatureException",
      message: "Credential should be scoped to a valid region, not 'us-west-2'.",
    });
    expect(await refusal(sign({ service: "s3" }))).toEqual({
      type: "InvalidSignatureException",
      message: "Credential should be scoped to correct service: 'dynamodb'.",
    });
  });

  it("refuses an unknown access key with UnrecognizedClientException", async () => {
    expect(await refusal(sign({ accessKeyId: "AKIDUNKNOWN" }))).toEqual({
      type: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
  });

  const MISMATCH = {
    type: "InvalidSignatureException",
    message:
      "The request signature we calculated does not match the signature you provided. " +
      "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  };

  it("refuses a wrong secret, a changed body and a changed signed header", async () => {
    expect(await refusal(sign({ secretAccessKey: "wrong" }))).toEqual(MISMATCH);
    expect(await refusal(sign(), '{"TableName":"u"}')).toEqual(MISMATCH);
    const headers = sign();
    headers["x-amz-target"] = "DynamoDB_20120810.DeleteTable";
    expect(await refusal(headers)).toEqual(MISMATCH);
  });

  it("refuses a body whose x-amz-content-sha256 was signed but is not the body's", async () => {
    const headers = signedHeaders(URL_, { ...HEADERS, "x-amz-content-sha256": "0".repeat(64) }, BODY, {
      at: NOW,
    });
    expect(await refusal(headers)).toEqual(MISMATCH);
  });

  it("requires a session key's token, and no token from a key without one", async () => {
    const session = { accessKeyId: "ASIASESSION", secretAccessKey: "session-secret" };
    await expect(verify(sign({ ...session, sessionToken: "tok" }))).resolves.toBeDefined();
    const invalid = {
      type: "UnrecognizedClientException",
      message: "The security token included in the request is invalid",
    };
    expect(await refusal(sign({ ...session, sessionToken: "other" }))).toEqual(invalid);
    expect(await refusal(sign(session))).toEqual(invalid);
    expect(await refusal(sign({ sessionToken: "tok" }))).toEqual(invalid);
  });
});
