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

/** The message schedule, reused by every compression (the module runs on one thread). */
const W = new Int32Array(64);

/** Folds the 64-byte block of `bytes` at `offset` into `state`. */
function compress(state: Int32Array, bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    W[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15];
    const b = W[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
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
const encoder = new TextEncoder();
/** Where text is encoded before it is hashed; grown as needed. */
let scratch = new Uint8Array(1024);

/**
 * One digest being computed: bytes and text go into a 64-byte block, compressed as it fills. Text
 * is hashed as UTF-8, its ASCII characters without an encoder. One instance is reused by every
 * digest: each runs start to end synchronously (the module runs on one thread).
 */
class Digest {
  readonly state = new Int32Array(8);
  private readonly block = new Uint8Array(64);
  private fill = 0;
  private total = 0;

  /** Starts from `state`, which has already taken `before` bytes (a whole number of blocks). */
  start(state: Int32Array, before: number): this {
    this.state.set(state);
    this.fill = 0;
    this.total = before;
    return this;
  }

  /** `text` as UTF-8, encoded natively into a reused buffer. */
  text(text: string): this {
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
    for (; i + 64 <= data.length; i += 64) compress(this.state, data, i);
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

  private flush(): void {
    compress(this.state, this.block, 0);
    this.fill = 0;
  }
}

const digest = new Digest();

/** Data as the digest takes it: bytes, or text hashed as UTF-8. */
export type Hashable = Uint8Array | string;

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

/** The inner digest of `data`, then the outer one of it: `digest` holds the HMAC. */
function hmacDigest(key: HmacKey, data: Hashable): Digest {
  const inner = take(digest.start(key.inner, 64), data).finish().digestBytes();
  return digest.start(key.outer, 64).bytes(inner).finish();
}

export function hmac(key: HmacKey, data: Hashable): Uint8Array {
  return hmacDigest(key, data).digestBytes();
}

export function hmacHex(key: HmacKey, data: Hashable): string {
  return hmacDigest(key, data).digestHex();
}
