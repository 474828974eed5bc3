/**
 * Seeded randomness for the workloads: a small fast PRNG (sfc32), so a run with the same seed
 * chooses the same keys and writes the same values, and each client has its own stream.
 */

/** A source of uniform doubles in [0, 1). */
export type Random = () => number;

/** sfc32 seeded from `seed` through splitmix32; streams for different seeds are independent. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const splitmix = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `length` characters of [A-Za-z0-9], one byte each in UTF-8. */
export function randomText(random: Random, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += ALPHABET[randomInt(random, ALPHABET.length)];
  return text;
}
