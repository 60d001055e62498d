// Helpers for the result-file tests: JSON forms as a file holds them, and re-signing a tampered
// one, so that the content checks are reached behind the checksum.
import { checksumOf } from '../../src/search/result/checksum.js';
import { bodyOf } from '../../src/search/result/json.js';
import { readResult } from '../../src/search/result/read.js';

// biome-ignore lint/suspicious/noExplicitAny: tests reach into untyped JSON on purpose
export type Json = Record<string, any>;

/** `x` with its checksum recomputed for its (possibly edited) content; unchanged if its fields do not parse. */
export function resign(x: Json): Json {
  try {
    x.checksum = checksumOf(bodyOf(readResult(x, '', 'json')));
  } catch {
    // Fields of the wrong type: the checksum cannot be computed, and is not reached either.
  }
  return x;
}
