import { describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  fromWire,
  InternalServerError,
  ResourceNotFoundException,
} from "../../../../shared/api/errors";

describe("errors", () => {
  it("AccessDeniedException is the coral service error, HTTP 400, with a capitalised Message", () => {
    const error = new AccessDeniedException("Access is denied");
    expect(error.status).toBe(400);
    expect(error.body()).toEqual({
      __type: "com.amazon.coral.service#AccessDeniedException",
      Message: "Access is denied",
    });
  });

  it("AccessDeniedException survives an RPC hop as itself, not as InternalServerError", () => {
    const rebuilt = fromWire(new AccessDeniedException("Access is denied").toWire());
    expect(rebuilt).toBeInstanceOf(AccessDeniedException);
    expect(rebuilt.body()).toEqual({
      __type: "com.amazon.coral.service#AccessDeniedException",
      Message: "Access is denied",
    });
  });

  it("an unknown error type across RPC becomes InternalServerError; a known one keeps its message", () => {
    expect(fromWire({ type: "NoSuchType", message: "x" })).toBeInstanceOf(InternalServerError);
    const notFound = fromWire(
      new ResourceNotFoundException("Requested resource not found: Table: t not found").toWire(),
    );
    expect(notFound).toBeInstanceOf(ResourceNotFoundException);
    expect(notFound.message).toBe("Requested resource not found: Table: t not found");
  });
});
