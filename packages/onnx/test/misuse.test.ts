// importOnnx, the one export of @rfkit/onnx, answers misuse with an RfError (code
// invalid-argument), never a TypeError: null or non-object options, unknown options, options of
// the wrong type, bytes that are not a Uint8Array.
import { readFileSync } from 'node:fs';
import { isRfError } from 'rfkit';
import { describe, expect, test } from 'vitest';
import * as onnx from '../src/index.js';

const bytes = new Uint8Array(readFileSync(new URL('./fixtures/conv1d.onnx', import.meta.url)));
const deep = (() => {
  let v: unknown = 1;
  for (let i = 0; i < 100_000; i++) v = [v];
  return v;
})();

const ROWS: [string, unknown[]][] = [
  ['options null', [bytes, null]],
  ['options a number', [bytes, 5]],
  ['options a string', [bytes, 'fast']],
  ['options an array', [bytes, []]],
  ['an unknown option', [bytes, { unknownAsIdentiy: true }]],
  ['maxBytes a string', [bytes, { maxBytes: '100' }]],
  ['maxBytes a bigint', [bytes, { maxBytes: 100n }]],
  ['maxBytes NaN', [bytes, { maxBytes: Number.NaN }]],
  ['maxBytes 0', [bytes, { maxBytes: 0 }]],
  ['name a number', [bytes, { name: 5 }]],
  ['name deep', [bytes, { name: deep }]],
  ['unknownAsIdentity a string', [bytes, { unknownAsIdentity: 'yes' }]],
  ['bytes null', [null]],
  ['bytes an ArrayBuffer', [bytes.buffer]],
  ['bytes an array of numbers', [[8, 1, 2]]],
  ['bytes deep', [deep]],
  ['nothing', []],
];

describe('importOnnx misuse', () => {
  test('the package exports only importOnnx', () => {
    expect(Object.keys(onnx)).toEqual(['importOnnx']);
  });

  test.each(ROWS)('%s', (_, args) => {
    let thrown: unknown;
    try {
      (onnx.importOnnx as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      thrown = e;
    }
    if (!isRfError(thrown)) throw new Error(`expected an RfError, got ${String(thrown)}`);
    expect(thrown.code).toBe('invalid-argument');
    expect(thrown.message).not.toMatch(/\n/);
    expect(thrown.message.length).toBeLessThan(300);
  });

  test('valid options still work', () => {
    const r = onnx.importOnnx(bytes, { maxBytes: 1 << 20, name: 'net', unknownAsIdentity: false });
    expect(r.model.name).toBe('net');
    expect(onnx.importOnnx(bytes, undefined).model.layers.length).toBeGreaterThan(0);
  });
});
