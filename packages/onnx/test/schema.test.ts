// Every model the importer writes is valid under rfkit's published ModelSpec schema
// (docs/schema/model.json, shipped as rfkit/schema/model.json), as editors and other tools read it.
import { readdirSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { expect, test } from 'vitest';
import { importOnnx } from '../src/index.js';

const schema = JSON.parse(readFileSync(new URL('../../../docs/schema/model.json', import.meta.url), 'utf8'));
const valid = new Ajv({ strict: true, strictRequired: false, allErrors: true }).compile(schema);
const dir = new URL('./fixtures/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.onnx'));

test.each(names)('the import of %s is a valid ModelSpec', (name) => {
  const { model } = importOnnx(new Uint8Array(readFileSync(new URL(name, dir))));
  expect(valid(model), JSON.stringify(valid.errors?.slice(0, 3))).toBe(true);
});

test('the check is not vacuous', () => {
  expect(names.length).toBeGreaterThanOrEqual(10);
  expect(valid({ layers: [{ op: 'conv', kernel: 3, channels: 0 }] })).toBe(false);
});
