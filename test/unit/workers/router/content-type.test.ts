import { expect, test } from "vitest";
import { AMZ_JSON, jsonContentType, PLAIN_JSON } from "../../../../workers/router/content-type";

test.each([
  { header: "application/x-amz-json-1.0", expected: AMZ_JSON },
  { header: "application/json", expected: PLAIN_JSON },
  { header: "application/x-amz-json-1.0; charset=utf-8", expected: AMZ_JSON },
  { header: "application/x-amz-json-1.0;charset=UTF-8", expected: AMZ_JSON },
  { header: "Application/X-Amz-Json-1.0", expected: AMZ_JSON },
  { header: "APPLICATION/JSON ; charset=utf-8", expected: PLAIN_JSON },
  { header: null, expected: undefined },
  { header: "", expected: undefined },
  { header: "text/plain", expected: undefined },
  { header: "text/plain;charset=UTF-8", expected: undefined },
  { header: "application/x-amz-json-1.1", expected: undefined },
  { header: "application/x-amz-cbor-1.1", expected: undefined },
  { header: "application/jsonx", expected: undefined },
  { header: "application/x-amz-json-1.0x", expected: undefined },
])("jsonContentType($header) is $expected", ({ header, expected }) => {
  expect(jsonContentType(header)).toBe(expected);
});
