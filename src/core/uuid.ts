/**
 * Deterministic uuids for cards and suggestions. The same patient, as-of date and content give the
 * same uuid, so the CLI, the CDS Hooks service and the app produce identical cards and feedback
 * can be matched to the card it is about. Pure: no clock, no random source.
 *
 * The uuid is a genuine RFC 4122 version-5 (name-based, SHA-1) uuid of the seed in the project's
 * own namespace; SHA-1 is used here as a name hash, not for security.
 */

import { boundedMemo } from './memo.js';

/** The project's uuid namespace: the version-5 uuid of `https://aih-navigator.org/` in the URL namespace. */
export const AIH_NAVIGATOR_UUID_NAMESPACE = 'da11a3ad-66c3-55e5-b4bf-cd7f57054bb6';

/** RFC 4122 namespace for URLs (appendix C), exported for tests against published vectors. */
export const URL_UUID_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
export const DNS_UUID_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** The card and suggestion uuid of a seed: a version-5 uuid in the project namespace. */
export function deterministicUuid(seed: string): string {
  return uuidV5(seed, AIH_NAVIGATOR_UUID_NAMESPACE);
}

/**
 * A short digest of long content (two 32-bit FNV-1a lanes) for uuid seeds: the card's Markdown is
 * long, and SHA-1 over it would dominate the cost of an assessment. Collisions only matter between
 * cards of the same patient and as-of date, where 64 bits are ample.
 */
export function contentDigest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** RFC 4122 §4.3 name-based uuid with SHA-1 (version 5). */
export function uuidV5(name: string, namespace: string): string {
  const ns = namespaceBytes(namespace);
  const nameBytes = encoder.encode(name);
  const input = new Uint8Array(ns.length + nameBytes.length);
  input.set(ns, 0);
  input.set(nameBytes, ns.length);
  const bytes = sha1(input);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50; // version 5
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  let text = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
    text += HEX[bytes[i] ?? 0];
  }
  return text;
}

/** Two hex digits of every byte value: a uuid is written without a string per digit. */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

const encoder = new TextEncoder();
/** Parsed namespaces: a run uses one or two, for thousands of uuids. */
const namespaceBytes = boundedMemo((namespace: string) => uuidBytes(namespace), 16);

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a uuid: ${uuid}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The message schedule, reused: every assessment hashes a few seeds, and each is one or two blocks. */
const schedule = new Int32Array(80);

/**
 * SHA-1 (FIPS 180-4) of a byte array; small and synchronous so the core stays pure and portable.
 * Words are 32-bit integers throughout (`| 0`), which keeps the arithmetic in machine integers.
 */
export function sha1(message: Uint8Array): Uint8Array {
  const length = message.length;
  const paddedLength = Math.ceil((length + 9) / 64) * 64;
  const padded = new Uint8Array(paddedLength);
  padded.set(message);
  padded[length] = 0x80;
  // Message length in bits as a 64-bit big-endian integer (high word first).
  const bitsHigh = Math.floor(length / 0x20000000);
  const bitsLow = (length * 8) >>> 0;
  for (let i = 0; i < 4; i++) {
    padded[paddedLength - 8 + i] = (bitsHigh >>> (24 - 8 * i)) & 0xff;
    padded[paddedLength - 4 + i] = (bitsLow >>> (24 - 8 * i)) & 0xff;
  }
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  const w = schedule;
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let t = 0; t < 16; t++) {
      const at = offset + t * 4;
      w[t] =
        ((padded[at] ?? 0) << 24) |
        ((padded[at + 1] ?? 0) << 16) |
        ((padded[at + 2] ?? 0) << 8) |
        (padded[at + 3] ?? 0);
    }
    for (let t = 16; t < 80; t++) {
      const x = (w[t - 3] ?? 0) ^ (w[t - 8] ?? 0) ^ (w[t - 14] ?? 0) ^ (w[t - 16] ?? 0);
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + (w[t] ?? 0)) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  const out = new Uint8Array(20);
  [h0, h1, h2, h3, h4].forEach((word, i) => {
    out[i * 4] = word >>> 24;
    out[i * 4 + 1] = (word >>> 16) & 0xff;
    out[i * 4 + 2] = (word >>> 8) & 0xff;
    out[i * 4 + 3] = word & 0xff;
  });
  return out;
}
