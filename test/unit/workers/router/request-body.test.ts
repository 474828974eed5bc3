import { describe, expect, test } from "vitest";
import { decodeUtf8, readBody, TOO_LARGE } from "../../../../workers/router/request-body";

const KB = 1024;

/** A body source of `chunks` chunks of `size` bytes that counts what was pulled and whether it was cancelled. */
function source(chunks: number, size: number) {
  const seen = { pulled: 0, cancelled: false };
  let left = chunks;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (left-- === 0) return controller.close();
        seen.pulled += size;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

function post(body: ReadableStream<Uint8Array> | string | null, headers: Record<string, string> = {}): Request {
  return new Request("http://dynaflare.test/", { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

describe("readBody", () => {
  test("a body with a Content-Length under the limit is returned whole", async () => {
    const bytes = await readBody(post('{"a":1}', { "content-length": "7" }), KB);
    expect(bytes).not.toBe(TOO_LARGE);
    expect(new TextDecoder().decode(bytes as Uint8Array)).toBe('{"a":1}');
  });

  test("a Content-Length over the limit is refused without reading the body, which is cancelled", async () => {
    const { stream, seen } = source(100, KB);
    expect(await readBody(post(stream, { "content-length": String(100 * KB) }), 10 * KB)).toBe(TOO_LARGE);
    expect(seen.pulled).toBe(0);
    expect(seen.cancelled).toBe(true);
  });

  test("a streamed body of exactly the limit is returned whole, its chunks joined in order", async () => {
    let n = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (n === 4) return controller.close();
        controller.enqueue(new Uint8Array(KB).fill(n++));
      },
    });
    const bytes = (await readBody(post(stream), 4 * KB)) as Uint8Array;
    expect(bytes.byteLength).toBe(4 * KB);
    expect([bytes[0], bytes[KB], bytes[2 * KB], bytes[4 * KB - 1]]).toEqual([0, 1, 2, 3]);
  });

  test("a streamed body over the limit is refused once the count passes it, and cancelled", async () => {
    const { stream, seen } = source(1000, KB);
    expect(await readBody(post(stream), 10 * KB)).toBe(TOO_LARGE);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(12 * KB);
  });

  test("a streamed body one byte over the limit is refused", async () => {
    const { stream } = source(1, KB + 1);
    expect(await readBody(post(stream), KB)).toBe(TOO_LARGE);
  });

  test("a Content-Length that is not a decimal number is ignored: the body is streamed and counted", async () => {
    const { stream, seen } = source(1000, KB);
    expect(await readBody(post(stream, { "content-length": "1e3" }), 10 * KB)).toBe(TOO_LARGE);
    expect(seen.cancelled).toBe(true);
  });

  test("a request without a body reads as no bytes", async () => {
    const bytes = await readBody(new Request("http://dynaflare.test/", { method: "POST" }), KB);
    expect(bytes).toEqual(new Uint8Array(0));
  });
});

describe("decodeUtf8", () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  const utf8 = (text: string) => new TextEncoder().encode(text);

  test.each([
    { case: "ASCII", input: utf8('{"a":"b"}'), expected: '{"a":"b"}' },
    { case: "multi-byte text", input: utf8("clé 🔑 ключ"), expected: "clé 🔑 ключ" },
    { case: "U+FFFD sent as its bytes", input: bytes(0x63, 0xef, 0xbf, 0xbd), expected: "c\ufffd" },
    { case: "a leading byte order mark, dropped", input: bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d), expected: "{}" },
    { case: "no bytes", input: bytes(), expected: "" },
  ])("decodes $case", ({ input, expected }) => {
    expect(decodeUtf8(input)).toBe(expected);
  });

  test.each([
    { case: "a 0xFF byte", input: bytes(0x63, 0xff) },
    { case: "a stray continuation byte", input: bytes(0x80) },
    { case: "a lead byte without its continuation", input: bytes(0xc3, 0x28) },
    { case: "an overlong encoding", input: bytes(0xc0, 0xaf) },
    { case: "an encoded surrogate", input: bytes(0xed, 0xa0, 0x80) },
    { case: "a code point past U+10FFFF", input: bytes(0xf4, 0x90, 0x80, 0x80) },
    { case: "a sequence cut at the end", input: bytes(0x7b, 0xe2, 0x82) },
  ])("refuses $case", ({ input }) => {
    expect(decodeUtf8(input)).toBeUndefined();
  });
});
