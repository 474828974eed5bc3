/**
 * The admin API reads its bodies as the protocol does (workers/router/request-body.ts): within
 * 16 MB, refusing a larger body with 413 before it is read through, and as strict UTF-8.
 */

import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { ADMIN_AUTHORIZATION } from "../helpers/test-key";

const MB = 1024 * 1024;

let admin: AdminServer;

beforeAll(async () => {
  admin = await startAdminServer({});
});

afterAll(async () => {
  await admin?.stop();
});

interface NodeResponse {
  statusCode: number;
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "end", listener: () => void): void;
}

/** POSTs headers only to /admin/faults and resolves with the answer that comes before any body byte is sent. */
function postHeadersOnly(headers: Record<string, string | number>): Promise<{ status: number; body: unknown }> {
  const url = new URL(admin.server.url);
  const request = httpRequest({
    host: url.hostname,
    port: url.port,
    method: "POST",
    path: "/admin/faults",
    agent: false,
    headers: { ...ADMIN_AUTHORIZATION, ...headers },
  });
  return new Promise((resolve, reject) => {
    request.on("response", (response: NodeResponse) => {
      const chunks: Uint8Array[] = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode, body: JSON.parse(Buffer.concat(chunks).toString()) });
      });
    });
    request.on("error", reject);
    request.flushHeaders();
  });
}

describe("admin API bodies", () => {
  test("admin: a body over 16 MB answers 413 by its Content-Length, before any of it is sent", async () => {
    const answer = await postHeadersOnly({ "content-type": "application/json", "content-length": 16 * MB + 1 });
    expect(answer).toEqual({ status: 413, body: { message: "the body is larger than 16 MB" } });
  });

  test("admin: a chunked body over 16 MB answers 413", { timeout: 60_000 }, async () => {
    const chunks = Array.from({ length: 17 }, () => new Uint8Array(MB).fill(0x20));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.pop();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${admin.server.url}/admin/faults`, {
      method: "POST",
      headers: ADMIN_AUTHORIZATION,
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: "the body is larger than 16 MB" });
  });

  test("admin: a body that is not UTF-8 answers 400 instead of being read with U+FFFD", async () => {
    const response = await fetch(`${admin.server.url}/admin/faults`, {
      method: "POST",
      headers: ADMIN_AUTHORIZATION,
      body: new Uint8Array([...Buffer.from('{"action":"re'), 0xff, ...Buffer.from('set"}')]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "the body is not valid UTF-8" });
  });

  test("admin: a JSON body is still read and served", async () => {
    expect(await admin.admin("/admin/faults", { action: "reset" })).toHaveProperty("faults");
  });
});
