import { describe, expect, it } from "vitest";
import { RequestHeaders } from "../../../../workers/router/request-headers";

describe("RequestHeaders", () => {
  it("reads each header from the runtime once, absent ones included", () => {
    const reads: string[] = [];
    const source = new Headers({ "x-amz-date": "20261207T000000Z" });
    const headers = new RequestHeaders({
      get: (name: string) => {
        reads.push(name);
        return source.get(name);
      },
    });
    expect(headers.get("x-amz-date")).toBe("20261207T000000Z");
    expect(headers.get("x-amz-date")).toBe("20261207T000000Z");
    expect(headers.get("x-amz-security-token")).toBeNull();
    expect(headers.get("x-amz-security-token")).toBeNull();
    expect(reads).toEqual(["x-amz-date", "x-amz-security-token"]);
  });
});
