/**
 * SHA-256 and HMAC-SHA-256 (FIPS 180-4, RFC 2104), synchronous and in plain JavaScript.
 *
 * Why not WebCrypto: a signature check hashes a few hundred bytes, and each `crypto.subtle` call
 * is an asynchronous trip into the runtime that cost more than the hashing; three of them per
 * request halved GetItem's throughput (docs/issue-16-security.md). An HMAC key keeps the states
 * after its padded key blocks, so signing with a cached key costs only the message's blocks and one
 * more.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const INITIAL = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/**
 * Folds the 64-byte block of `bytes` at `offset` into `state` (FIPS 180-4, 6.2.2). The message
 * schedule lives in 16 local words, each replaced as the next 16 are computed, and the rounds are
 * written out 16 at a time with the working variables renamed instead of shifted, so that V8
 * keeps it all in registers: about a sixth faster in workerd than a loop over a schedule array.
 * (Helper functions for Σ0, Σ1, σ0 and σ1 would be twice as slow: too many call sites to inline.)
 */
// biome-ignore format: one line per round and per schedule word reads best.
function compress(state: Int32Array, bytes: Uint8Array, offset: number): void {
  let w0 = (bytes[offset + 0] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
  let w1 = (bytes[offset + 4] << 24) | (bytes[offset + 5] << 16) | (bytes[offset + 6] << 8) | bytes[offset + 7];
  let w2 = (bytes[offset + 8] << 24) | (bytes[offset + 9] << 16) | (bytes[offset + 10] << 8) | bytes[offset + 11];
  let w3 = (bytes[offset + 12] << 24) | (bytes[offset + 13] << 16) | (bytes[offset + 14] << 8) | bytes[offset + 15];
  let w4 = (bytes[offset + 16] << 24) | (bytes[offset + 17] << 16) | (bytes[offset + 18] << 8) | bytes[offset + 19];
  let w5 = (bytes[offset + 20] << 24) | (bytes[offset + 21] << 16) | (bytes[offset + 22] << 8) | bytes[offset + 23];
  let w6 = (bytes[offset + 24] << 24) | (bytes[offset + 25] << 16) | (bytes[offset + 26] << 8) | bytes[offset + 27];
  let w7 = (bytes[offset + 28] << 24) | (bytes[offset + 29] << 16) | (bytes[offset + 30] << 8) | bytes[offset + 31];
  let w8 = (bytes[offset + 32] << 24) | (bytes[offset + 33] << 16) | (bytes[offset + 34] << 8) | bytes[offset + 35];
  let w9 = (bytes[offset + 36] << 24) | (bytes[offset + 37] << 16) | (bytes[offset + 38] << 8) | bytes[offset + 39];
  let w10 = (bytes[offset + 40] << 24) | (bytes[offset + 41] << 16) | (bytes[offset + 42] << 8) | bytes[offset + 43];
  let w11 = (bytes[offset + 44] << 24) | (bytes[offset + 45] << 16) | (bytes[offset + 46] << 8) | bytes[offset + 47];
  let w12 = (bytes[offset + 48] << 24) | (bytes[offset + 49] << 16) | (bytes[offset + 50] << 8) | bytes[offset + 51];
  let w13 = (bytes[offset + 52] << 24) | (bytes[offset + 53] << 16) | (bytes[offset + 54] << 8) | bytes[offset + 55];
  let w14 = (bytes[offset + 56] << 24) | (bytes[offset + 57] << 16) | (bytes[offset + 58] << 8) | bytes[offset + 59];
  let w15 = (bytes[offset + 60] << 24) | (bytes[offset + 61] << 16) | (bytes[offset + 62] << 8) | bytes[offset + 63];
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  let t = 0;
  let x = 0;
  let y = 0;
  for (let r = 0; r < 64; r += 16) {
    if (r > 0) {
      // w[i] += σ0(w[i+1]) + w[i+9] + σ1(w[i+14]), indices mod 16: the next 16 words of the schedule.
      x = w1;
      y = w14;
      w0 = (w0 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w9 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w2;
      y = w15;
      w1 = (w1 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w10 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w3;
      y = w0;
      w2 = (w2 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w11 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w4;
      y = w1;
      w3 = (w3 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w12 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w5;
      y = w2;
      w4 = (w4 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w13 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w6;
      y = w3;
      w5 = (w5 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w14 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w7;
      y = w4;
      w6 = (w6 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w15 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w8;
      y = w5;
      w7 = (w7 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w0 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w9;
      y = w6;
      w8 = (w8 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w1 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w10;
      y = w7;
      w9 = (w9 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w2 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w11;
      y = w8;
      w10 = (w10 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w3 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w12;
      y = w9;
      w11 = (w11 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w4 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w13;
      y = w10;
      w12 = (w12 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w5 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w14;
      y = w11;
      w13 = (w13 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w6 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w15;
      y = w12;
      w14 = (w14 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w7 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      x = w0;
      y = w13;
      w15 = (w15 + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w8 + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
    }
    // Round r + i: t = h + Σ1(e) + Ch(e, f, g) + K + w; d += t; h = t + Σ0(a) + Maj(a, b, c), the names rotated.
    t = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[r + 0] + w0) | 0;
    d = (d + t) | 0;
    h = (t + (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    t = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + ((d & e) ^ (~d & f)) + K[r + 1] + w1) | 0;
    c = (c + t) | 0;
    g = (t + (((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) ^ (h & b) ^ (a & b))) | 0;
    t = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + ((c & d) ^ (~c & e)) + K[r + 2] + w2) | 0;
    b = (b + t) | 0;
    f = (t + (((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) ^ (g & a) ^ (h & a))) | 0;
    t = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + ((b & c) ^ (~b & d)) + K[r + 3] + w3) | 0;
    a = (a + t) | 0;
    e = (t + (((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) ^ (f & h) ^ (g & h))) | 0;
    t = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + ((a & b) ^ (~a & c)) + K[r + 4] + w4) | 0;
    h = (h + t) | 0;
    d = (t + (((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) ^ (e & g) ^ (f & g))) | 0;
    t = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + ((h & a) ^ (~h & b)) + K[r + 5] + w5) | 0;
    g = (g + t) | 0;
    c = (t + (((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) ^ (d & f) ^ (e & f))) | 0;
    t = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + ((g & h) ^ (~g & a)) + K[r + 6] + w6) | 0;
    f = (f + t) | 0;
    b = (t + (((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) ^ (c & e) ^ (d & e))) | 0;
    t = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + ((f & g) ^ (~f & h)) + K[r + 7] + w7) | 0;
    e = (e + t) | 0;
    a = (t + (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) ^ (b & d) ^ (c & d))) | 0;
    t = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[r + 8] + w8) | 0;
    d = (d + t) | 0;
    h = (t + (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    t = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + ((d & e) ^ (~d & f)) + K[r + 9] + w9) | 0;
    c = (c + t) | 0;
    g = (t + (((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) ^ (h & b) ^ (a & b))) | 0;
    t = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + ((c & d) ^ (~c & e)) + K[r + 10] + w10) | 0;
    b = (b + t) | 0;
    f = (t + (((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) ^ (g & a) ^ (h & a))) | 0;
    t = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + ((b & c) ^ (~b & d)) + K[r + 11] + w11) | 0;
    a = (a + t) | 0;
    e = (t + (((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) ^ (f & h) ^ (g & h))) | 0;
    t = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + ((a & b) ^ (~a & c)) + K[r + 12] + w12) | 0;
    h = (h + t) | 0;
    d = (t + (((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) ^ (e & g) ^ (f & g))) | 0;
    t = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + ((h & a) ^ (~h & b)) + K[r + 13] + w13) | 0;
    g = (g + t) | 0;
    c = (t + (((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) ^ (d & f) ^ (e & f))) | 0;
    t = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + ((g & h) ^ (~g & a)) + K[r + 14] + w14) | 0;
    f = (f + t) | 0;
    b = (t + (((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) ^ (c & e) ^ (d & e))) | 0;
    t = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + ((f & g) ^ (~f & h)) + K[r + 15] + w15) | 0;
    e = (e + t) | 0;
    a = (t + (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) ^ (b & d) ^ (c & d))) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");
const encoder = new TextEncoder();
/** Where text is encoded before it is hashed; grown as needed. */
let scratch = new Uint8Array(1024);

/**
 * The first blocks of one kind of message, and the states they led to. A signature check hashes
 * texts that begin alike from one request to the next (the canonical request's method, path and
 * first headers; the string to sign's algorithm, date and scope), so their first blocks are often
 * the last ones seen, and comparing 24 words costs a fraction of compressing 64 bytes.
 */
export class BlockMemo {
  /** Per block position: the state before, the block's words, the state after; `valid` once filled. */
  readonly before = [new Int32Array(8), new Int32Array(8)];
  readonly words = [new Int32Array(16), new Int32Array(16)];
  readonly after = [new Int32Array(8), new Int32Array(8)];
  readonly valid = [false, false];
}

const sameWords = (a: Int32Array, b: Int32Array) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * One digest being computed: bytes and text go into a 64-byte block, compressed as it fills. Text
 * is hashed as UTF-8, its ASCII characters without an encoder. One instance is reused by every
 * digest: each runs start to end synchronously (the module runs on one thread).
 */
class Digest {
  readonly state = new Int32Array(8);
  private readonly block = new Uint8Array(64);
  /** The block's bytes as words, in the platform's byte order (only compared, never hashed). */
  private readonly blockWords = new Int32Array(this.block.buffer);
  private fill = 0;
  private total = 0;
  /** Blocks compressed since `start`, and the memo of their first ones, if any. */
  private blocks = 0;
  private memo: BlockMemo | undefined;

  /** Starts from `state`, which has already taken `before` bytes (a whole number of blocks). */
  start(state: Int32Array, before: number, memo?: BlockMemo): this {
    this.state.set(state);
    this.fill = 0;
    this.total = before;
    this.blocks = 0;
    this.memo = memo;
    return this;
  }

  /**
   * `text` as UTF-8: ASCII written straight into the block, a block's worth at a time (a call
   * into the runtime's encoder costs more than a short text's whole loop); from the first chunk
   * holding another character on, encoded natively into a reused buffer.
   */
  text(text: string): this {
    const block = this.block;
    const length = text.length;
    let i = 0;
    while (i < length) {
      const from = i;
      const fill = this.fill;
      const end = Math.min(length, i + 64 - fill);
      let high = 0;
      for (let j = fill; i < end; i++, j++) {
        const code = text.charCodeAt(i);
        high |= code;
        block[j] = code;
      }
      if (high >= 0x80) {
        this.total += from;
        return this.encoded(text.slice(from));
      }
      this.fill = fill + (end - from);
      if (this.fill === 64) this.flush();
    }
    this.total += length;
    return this;
  }

  /** The lowercase hex of `words` (a digest's state), as text. */
  hex(words: Int32Array): this {
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      for (let shift = 28; shift >= 0; shift -= 4) {
        this.block[this.fill++] = HEX_DIGITS[(word >>> shift) & 15];
        if (this.fill === 64) this.flush();
      }
    }
    this.total += words.length * 8;
    return this;
  }

  /** The big-endian bytes of `words` (a digest's state). */
  words(words: Int32Array): this {
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      for (let shift = 24; shift >= 0; shift -= 8) {
        this.block[this.fill++] = word >>> shift;
        if (this.fill === 64) this.flush();
      }
    }
    this.total += words.length * 4;
    return this;
  }

  private encoded(text: string): this {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, scratch);
    return this.bytes(scratch.subarray(0, written));
  }

  bytes(data: Uint8Array): this {
    let i = 0;
    while (this.fill !== 0 && i < data.length) {
      this.block[this.fill++] = data[i++];
      if (this.fill === 64) this.flush();
    }
    for (; i + 64 <= data.length; i += 64, this.blocks++) compress(this.state, data, i);
    for (; i < data.length; i++) this.block[this.fill++] = data[i];
    this.total += data.length;
    return this;
  }

  /** Pads and compresses the last block(s): `state` is then the digest. */
  finish(): this {
    const bits = this.total * 8;
    const block = this.block;
    block[this.fill++] = 0x80;
    if (this.fill > 56) {
      block.fill(0, this.fill);
      this.flush();
    }
    block.fill(0, this.fill, 56);
    const high = Math.floor(bits / 0x100000000);
    block[56] = high >>> 24;
    block[57] = high >>> 16;
    block[58] = high >>> 8;
    block[59] = high;
    block[60] = bits >>> 24;
    block[61] = bits >>> 16;
    block[62] = bits >>> 8;
    block[63] = bits;
    compress(this.state, block, 0);
    this.fill = 0;
    return this;
  }

  digestBytes(): Uint8Array {
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
      const word = this.state[i];
      out[i * 4] = word >>> 24;
      out[i * 4 + 1] = word >>> 16;
      out[i * 4 + 2] = word >>> 8;
      out[i * 4 + 3] = word;
    }
    return out;
  }

  digestHex(): string {
    let out = "";
    for (let i = 0; i < 8; i++) {
      const word = this.state[i];
      out += HEX[(word >>> 24) & 0xff] + HEX[(word >>> 16) & 0xff] + HEX[(word >>> 8) & 0xff] + HEX[word & 0xff];
    }
    return out;
  }

  /** Compresses the full block, or takes the state it led to last time from the memo. */
  private flush(): void {
    const memo = this.memo;
    const at = this.blocks++;
    this.fill = 0;
    if (memo === undefined || at > 1) {
      compress(this.state, this.block, 0);
    } else if (memo.valid[at] && sameWords(memo.words[at], this.blockWords) && sameWords(memo.before[at], this.state)) {
      this.state.set(memo.after[at]);
    } else {
      memo.before[at].set(this.state);
      memo.words[at].set(this.blockWords);
      compress(this.state, this.block, 0);
      memo.after[at].set(this.state);
      memo.valid[at] = true;
    }
  }
}

const digest = new Digest();

/** A digest being computed, fed piece by piece; after `finish()`, `state` holds it. */
export type Sha256 = Digest;

/** Data as the digest takes it: bytes, or text hashed as UTF-8. */
export type Hashable = Uint8Array | string;

/**
 * A SHA-256 to feed piece by piece. There is one at a time: it must be finished (and its state
 * read) before the next `sha256Stream`, `hmacStream` or any other digest here starts.
 */
export function sha256Stream(memo?: BlockMemo): Sha256 {
  return digest.start(INITIAL, 0, memo);
}

const take = (d: Digest, data: Hashable) => (typeof data === "string" ? d.text(data) : d.bytes(data));

export function sha256(data: Hashable): Uint8Array {
  return take(digest.start(INITIAL, 0), data).finish().digestBytes();
}

export function sha256Hex(data: Hashable): string {
  return take(digest.start(INITIAL, 0), data).finish().digestHex();
}

/** An HMAC-SHA-256 key: the states after its inner and outer padded key blocks. */
export interface HmacKey {
  inner: Int32Array;
  outer: Int32Array;
}

export function hmacKey(key: Uint8Array): HmacKey {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const pad = (byte: number) => {
    const padded = block.map((b) => b ^ byte);
    const state = INITIAL.slice();
    compress(state, padded, 0);
    return state;
  };
  return { inner: pad(0x36), outer: pad(0x5c) };
}

/** The inner digest, between the HMAC's two passes. */
const inner = new Int32Array(8);

/** An HMAC's message, to feed piece by piece (one at a time, as `sha256Stream`), then `hmacEnd`. */
export function hmacStream(key: HmacKey, memo?: BlockMemo): Sha256 {
  return digest.start(key.inner, 64, memo);
}

/** The HMAC of the message `message` (from `hmacStream(key)`) took: its inner digest, then the outer one. */
export function hmacEnd(key: HmacKey, message: Sha256): Sha256 {
  inner.set(message.finish().state);
  return digest.start(key.outer, 64).words(inner).finish();
}

function hmacDigest(key: HmacKey, data: Hashable): Digest {
  return hmacEnd(key, take(hmacStream(key), data));
}

export function hmac(key: HmacKey, data: Hashable): Uint8Array {
  return hmacDigest(key, data).digestBytes();
}

export function hmacHex(key: HmacKey, data: Hashable): string {
  return hmacDigest(key, data).digestHex();
}
