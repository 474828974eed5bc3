/**
 * CRC-32 (IEEE) of a response body, sent as `x-amz-crc32`: the AWS SDKs verify it.
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const NON_ASCII = /[\u0080-\uffff]/;
const encoder = new TextEncoder();

/** CRC-32 of a text's UTF-8 bytes; ASCII text (the usual body) is read without encoding it. */
export function crc32Text(text: string): number {
  if (NON_ASCII.test(text)) return crc32(encoder.encode(text));
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
