import { describe, expect, test } from "vitest";
import { regionOf } from "../../../../workers/router/region";

const env = {
  DEFAULT_REGION: "us-east-1",
  TOPOLOGY: JSON.stringify({
    "us-east-1": ["enam", "wnam", "enam"],
    "eu-west-1": ["weur", "eeur", "weur"],
    "ap-northeast-1": ["apac", "apac-ne", "oc"],
  }),
};

const sigv4 = (credential: string) =>
  `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc123`;

describe("regionOf", () => {
  test.each([
    {
      case: "the credential scope's region",
      authorization: sigv4("AKID/20250101/eu-west-1/dynamodb/aws4_request"),
      region: "eu-west-1",
    },
    {
      case: "another known region",
      authorization: sigv4("AKID/20250101/ap-northeast-1/dynamodb/aws4_request"),
      region: "ap-northeast-1",
    },
    {
      case: "the default region's own name",
      authorization: sigv4("AKID/20250101/us-east-1/dynamodb/aws4_request"),
      region: "us-east-1",
    },
    {
      case: "no comma-space after the credential",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/dynamodb/aws4_request,SignedHeaders=host,Signature=x",
      region: "eu-west-1",
    },
    {
      case: "the default for a region the topology lacks",
      authorization: sigv4("AKID/20250101/us-west-2/dynamodb/aws4_request"),
      region: "us-east-1",
    },
    { case: "the default without an Authorization header", authorization: undefined, region: "us-east-1" },
    { case: "the default for an empty header", authorization: "", region: "us-east-1" },
    {
      case: "the default for a scope without a date",
      authorization: sigv4("AKID/eu-west-1/dynamodb/aws4_request"),
      region: "us-east-1",
    },
    {
      case: "the default for a malformed date",
      authorization: sigv4("AKID/2025-01-01/eu-west-1/dynamodb/aws4_request"),
      region: "us-east-1",
    },
    { case: "the default for a header of another scheme", authorization: "Bearer eu-west-1", region: "us-east-1" },
    {
      case: "the default for a region in another case",
      authorization: sigv4("AKID/20250101/EU-WEST-1/dynamodb/aws4_request"),
      region: "us-east-1",
    },
  ])("regionOf picks $case", ({ authorization, region }) => {
    expect(regionOf(authorization, env)).toBe(region);
  });

  test("regionOf follows the configured default region", () => {
    expect(regionOf(undefined, { ...env, DEFAULT_REGION: "eu-west-1" })).toBe("eu-west-1");
  });
});

describe("regionOf without a known region in the scope", () => {
  test.each([
    { continent: "EU", region: "eu-west-1" },
    { continent: "AS", region: "ap-northeast-1" },
    { continent: "OC", region: "ap-northeast-1" },
    { continent: "NA", region: "us-east-1" },
    { continent: "SA", region: "us-east-1" },
    { continent: undefined, region: "us-east-1" },
  ])("a request from continent $continent goes to $region (the nearest, else the default)", ({ continent, region }) => {
    expect(regionOf(undefined, env, () => continent)).toBe(region);
    expect(regionOf(sigv4("AKID/20250101/xx-nowhere-1/dynamodb/aws4_request"), env, () => continent)).toBe(region);
  });

  test("a known region in the scope wins over the continent", () => {
    expect(regionOf(sigv4("AKID/20250101/us-east-1/dynamodb/aws4_request"), env, () => "EU")).toBe("us-east-1");
  });
});
