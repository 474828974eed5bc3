/**
 * Strict base64 (RFC 4648, padded, standard alphabet) for B and BS values, in the
 * form DynamoDB accepts: the length is a multiple of 4, only the last one or two
 * characters may be "=", and the unused bits of the last character are zero, so
 * every byte string has exactly one text. Runs the same in Node and workerd.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Why `text` is not strict base64, in the deserializer's words, or undefined if it is. */
export function base64Problem(text: string): string | undefined {
  if (text.length % 4 !== 0) {
    return `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`;
  }
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const end = text.length - padding;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || VALUES[code] < 0) return `Invalid Base64 character: '${text[i]}'`;
  }
  if (padding > 0) {
    const last = VALUES[text.charCodeAt(end - 1)];
    if ((padding === 2 && (last & 0x0f) !== 0) || (padding === 1 && (last & 0x03) !== 0)) {
      return "Invalid last non-pad Base64 character dectected";
    }
  }
  return undefined;
}

/** Decodes strict base64. Throws Error (message from `base64Problem`) on anything else. */
export function decodeBase64(text: string): Uint8Array {
  const problem = base64Problem(text);
  if (problem) throw new Error(problem);
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (VALUES[text.charCodeAt(i)] << 18) |
      (VALUES[text.charCodeAt(i + 1)] << 12) |
      (Math.max(VALUES[text.charCodeAt(i + 2)], 0) << 6) |
      Math.max(VALUES[text.charCodeAt(i + 3)], 0);
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >>> 6) & 63] : "=";
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : "=";
  }
  return out;
}

/** Length in bytes of strict base64 text, without decoding it. */
export function base64ByteLength(text: string): number {
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}
