// The content checksum of a result's JSON form: a 64-bit hash of a canonical serialisation, so
// that a file that was edited by hand or corrupted is refused with that reason. It is not a
// signature — a program that rewrites a file can recompute it — and content checks still apply.
// Plain arithmetic only (no Node built-ins): it runs in browsers too.

/**
 * Two 32-bit multiply–xor lanes over the UTF-16 code units, mixed at the end (the cyrb53
 * construction, kept at 64 bits): 16 hex digits.
 */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** Tag of the canonical form: changing what goes into it changes every checksum. */
const FORM = 'rfkit-result-1';

/**
 * The checksum of a result's JSON form (without its `checksum` field): the hash of
 * `JSON.stringify([FORM, json])`, with the fields in the order resultToJSON writes them.
 */
export function checksumOf(json: object): string {
  return hash64(JSON.stringify([FORM, json]));
}
