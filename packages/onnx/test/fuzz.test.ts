// Property tests: whatever the bytes, importOnnx returns a result or throws an RfError — never
// another exception, never a hang (each run is bounded by vitest's timeout).

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isRfError, type ModelSpec, parseModel } from 'rfkit';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../src/index.js';
import { chain } from './helpers/build.js';

const names = ['resnet18', 'unet_small', 'ops_zoo', 'conv1d', 'googlenet', 'resnet18_dynamic'];
const fixtures = names.map(
  (n) => new Uint8Array(readFileSync(new URL(`./fixtures/${n}.onnx`, import.meta.url))),
);

/**
 * Imports and classifies: 'ok' or the error code. A model the importer returns must be one that
 * `parseModel` accepts: whatever the file holds, the importer's output is a valid ModelSpec.
 */
function outcome(bytes: Uint8Array): string {
  let model: ModelSpec;
  try {
    model = importOnnx(bytes, { maxBytes: 1 << 20 }).model;
  } catch (e) {
    if (!isRfError(e)) throw e;
    // Internal errors are wrapped as invalid-onnx; none should occur.
    expect(e.message).not.toMatch(/internal error/);
    return e.code;
  }
  expect(() => parseModel(model), JSON.stringify(model).slice(0, 500)).not.toThrow();
  return 'ok';
}

const fixture = fc.integer({ min: 0, max: fixtures.length - 1 }).map((i) => fixtures[i] as Uint8Array);

describe('fuzzing the reader', () => {
  test('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        outcome(bytes);
      }),
      { numRuns: 400 },
    );
  });

  test('random bytes behind a valid ModelProto prefix', () => {
    // Field 7 (graph), length-delimited, then garbage: reaches the graph decoder.
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), (tail) => {
        const head = [0x08, 0x08, 0x3a];
        let n = tail.length;
        const len: number[] = [];
        do {
          len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
          n >>= 7;
        } while (n > 0);
        outcome(Uint8Array.from([...head, ...len, ...tail]));
      }),
      { numRuns: 300 },
    );
  });

  test('truncations of real models', () => {
    fc.assert(
      fc.property(fixture, fc.double({ min: 0, max: 1, noNaN: true }), (bytes, at) => {
        outcome(bytes.subarray(0, Math.floor(bytes.length * at)));
      }),
      { numRuns: 200 },
    );
  });

  test('bit flips in real models', () => {
    fc.assert(
      fc.property(
        fixture,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 7 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (bytes, flips) => {
          const copy = bytes.slice();
          for (const [where, bit] of flips) {
            const i = Math.min(copy.length - 1, Math.floor(where * copy.length));
            copy[i] = (copy[i] as number) ^ (1 << bit);
          }
          outcome(copy);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('byte overwrites in real models', () => {
    fc.assert(
      fc.property(
        fixture,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (bytes, writes) => {
          const copy = bytes.slice();
          for (const [where, value] of writes)
            copy[Math.min(copy.length - 1, Math.floor(where * copy.length))] = value;
          outcome(copy);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('random conv/deconv/pool chains, degenerate weight dims and groups included', () => {
    // Weight dims of 0 or beyond 2^53 / group once gave `channels: 0` (or an unsafe count) that
    // parseModel rejected; such counts are unknown, not a channel count.
    const dim = fc.constantFrom(0, 1, 3, 8, 2 ** 40);
    const k = fc.integer({ min: 1, max: 4 });
    const op = fc.oneof(
      fc.record({ op: fc.constant('Conv'), weight: fc.tuple(dim, dim, k, k) }),
      fc.record({
        op: fc.constant('ConvTranspose'),
        weight: fc.tuple(dim, dim, k, k),
        attrs: fc.record({ group: fc.constantFrom(1, 2, 2 ** 20), strides: fc.tuple(k, k) }),
      }),
      fc.record({
        op: fc.constant('MaxPool'),
        attrs: fc.record({ kernel_shape: fc.tuple(k, k), strides: fc.tuple(k, k) }),
      }),
    );
    const input = fc.tuple(
      fc.constant(1),
      fc.constantFrom(0, 1, 3),
      fc.constantFrom(0, 1, 7, 32),
      fc.constantFrom(1, 32),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 4 }), input, (ops, shape) => {
        outcome(chain(ops as Parameters<typeof chain>[0], shape));
      }),
      { numRuns: 300 },
    );
  });

  test('an unmodified fixture imports (the properties above are not vacuous)', () => {
    for (const f of fixtures) expect(outcome(f)).toBe('ok');
  });
});
