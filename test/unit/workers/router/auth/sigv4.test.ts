import { describe, expect, it } from "vitest";
import {
  canonicalRequest,
  canonicalUri,
  constantTimeEqual,
  requestSignature,
  scopeText,
  sha256Hex,
  signature,
  signingKey,
  stringToSign,
} from "../../../../../workers/router/auth/sigv4";

/**
 * AWS's SigV4 test suite (awslabs/aws-c-auth, tests/aws-signing-test-suite/v4): each case's
 * request, signed at 2015-08-30T12:36:00Z by AKIDEXAMPLE for us-east-1 and service `service`,
 * and the signature AWS published for it. The cases HTTP cannot carry (obsolete line folding)
 * or that are S3's (paths left unnormalized) are left out.
 */
const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SCOPE = { date: "20150830", region: "us-east-1", service: "service" };
const DATE = "20150830T123600Z";

interface Vector {
  name: string;
  /** The request target: path and query as in the request line. */
  request: string;
  method: string;
  headers: [string, string][];
  body?: string;
  signedHeaders: string;
  signature: string;
}

const VECTORS: Vector[] = [
  {
    name: "get-vanilla-query",
    request: "/",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
  },
  {
    name: "get-vanilla-query-order-key-case",
    request: "/?Param2=value2&Param1=value1",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
  },
  {
    name: "get-vanilla-query-unreserved",
    request:
      "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
  },
  {
    name: "get-vanilla-utf8-query",
    request: "/?ሴ=bar",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
  },
  {
    name: "get-vanilla-empty-query-key",
    request: "/?Param1=value1",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
  },
  {
    name: "get-vanilla-with-session-token",
    request: "/",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
      ["X-Amz-Security-Token", "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"],
    ],
    signedHeaders: "host;x-amz-date;x-amz-security-token",
    signature: "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
  },
  {
    name: "get-header-key-duplicate",
    request: "/",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["My-Header1", "value2"],
      ["My-Header1", "value2"],
      ["My-Header1", "value1"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;my-header1;x-amz-date",
    signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
  },
  {
    name: "get-header-value-order",
    request: "/",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["My-Header1", "value4"],
      ["My-Header1", "value1"],
      ["My-Header1", "value3"],
      ["My-Header1", "value2"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;my-header1;x-amz-date",
    signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
  },
  {
    name: "get-header-value-trim",
    request: "/",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["My-Header1", " value1"],
      ["My-Header2", ' "a   b   c"'],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;my-header1;my-header2;x-amz-date",
    signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
  },
  {
    name: "get-unreserved",
    request: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
  },
  {
    name: "get-utf8",
    request: "/ሴ",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
  },
  {
    name: "get-space-unnormalized",
    request: "/example space/",
    method: "GET",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
  },
  {
    name: "post-vanilla",
    request: "/",
    method: "POST",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
  },
  {
    name: "post-vanilla-query",
    request: "/?Param1=value1",
    method: "POST",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
  },
  {
    name: "post-header-key-sort",
    request: "/",
    method: "POST",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["My-Header1", "value1"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;my-header1;x-amz-date",
    signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
  },
  {
    name: "post-header-value-case",
    request: "/",
    method: "POST",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["My-Header1", "VALUE1"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;my-header1;x-amz-date",
    signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
  },
  {
    name: "post-x-www-form-urlencoded",
    request: "/",
    method: "POST",
    headers: [
      ["Content-Type", "application/x-www-form-urlencoded"],
      ["Host", "example.amazonaws.com"],
      ["Content-Length", "13"],
      ["x-amz-content-sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    body: "Param1=value1",
    signedHeaders: "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
    signature: "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
  },
  {
    name: "post-x-www-form-urlencoded-parameters",
    request: "/",
    method: "POST",
    headers: [
      ["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"],
      ["Host", "example.amazonaws.com"],
      ["Content-Length", "13"],
      ["x-amz-content-sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    body: "Param1=value1",
    signedHeaders: "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
    signature: "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422",
  },
  {
    name: "post-sts-header-before",
    request: "/",
    method: "POST",
    headers: [
      ["Host", "example.amazonaws.com"],
      [
        "X-Amz-Security-Token",
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==",
      ],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date;x-amz-security-token",
    signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
  },
  {
    name: "post-sts-header-after",
    request: "/",
    method: "POST",
    headers: [
      ["Host", "example.amazonaws.com"],
      ["x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
      ["X-Amz-Date", "20150830T123600Z"],
    ],
    signedHeaders: "host;x-amz-date",
    signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
  },
];

function partsOf(vector: Vector) {
  const q = vector.request.indexOf("?");
  const path = q < 0 ? vector.request : vector.request.slice(0, q);
  const query: [string, string][] =
    q < 0
      ? []
      : vector.request
          .slice(q + 1)
          .split("&")
          .filter((pair) => pair !== "")
          .map((pair) => {
            const equals = pair.indexOf("=");
            return equals < 0 ? [pair, ""] : [pair.slice(0, equals), pair.slice(equals + 1)];
          });
  const signed = vector.signedHeaders.split(";");
  const headers = vector.headers.filter(([name]) => signed.includes(name.toLowerCase()));
  return { path, query, headers };
}

describe("SigV4 signature", () => {
  it.each(VECTORS)("matches AWS's test suite: $name", (vector) => {
    const { path, query, headers } = partsOf(vector);
    const claimed = vector.headers.find(([name]) => name.toLowerCase() === "x-amz-content-sha256")?.[1];
    const payloadHash = claimed ?? sha256Hex(vector.body ?? "");
    const parts = { method: vector.method, path, query, headers, payloadHash };
    const key = signingKey(SECRET, SCOPE);
    expect(signature(key, stringToSign(DATE, SCOPE, canonicalRequest(parts)))).toBe(vector.signature);
    // The verifier's way, hashing the pieces as they come; twice, the second from the block memos.
    expect(requestSignature(key, DATE, scopeText(SCOPE), parts)).toBe(vector.signature);
    expect(requestSignature(key, DATE, scopeText(SCOPE), parts)).toBe(vector.signature);
  });

  it("derives AWS's published signing key and canonical request for get-vanilla", () => {
    const canonical = canonicalRequest({
      method: "GET",
      path: "/",
      query: [],
      headers: [
        ["Host", "example.amazonaws.com"],
        ["X-Amz-Date", DATE],
      ],
      payloadHash: sha256Hex(""),
    });
    expect(canonical).toBe(
      "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(stringToSign(DATE, SCOPE, canonical)).toBe(
      "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
        "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
    );
  });

  it("normalizes paths as the SDKs do for services other than S3, and encodes segments again", () => {
    expect(canonicalUri("/")).toBe("/");
    expect(canonicalUri("//example//")).toBe("/example/");
    expect(canonicalUri("/example/../a/./b")).toBe("/a/b");
    // The SDK signs the path it sends, already encoded once: so its segments are encoded twice.
    expect(canonicalUri("/a%20b")).toBe("/a%2520b");
  });
});

describe("constantTimeEqual", () => {
  it("is true for equal strings only", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "ab")).toBe(false);
    expect(constantTimeEqual("", "a")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});
