// The JSON Schemas of docs/schema (ModelSpec, SweepSpec), checked with a real validator (ajv)
// against rfkit's own validation: every model and space rfkit accepts — the zoo, the docs'
// examples, random ones — is valid under the schema, and the schema rejects what it can express.
import { readFileSync } from 'node:fs';
import { modelArb, smallSweep } from '@rfkit/reference';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSweep, parseModel } from '../src/index.js';
import { zoo, zooNames } from '../src/zoo/index.js';

const docs = new URL('../../../docs/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, docs), 'utf8');
const modelSchema = JSON.parse(read('schema/model.json'));
const sweepSchema = JSON.parse(read('schema/sweep.json'));

// strict: unknown keywords or ambiguous schemas are errors, so a typo in a schema cannot hide
// (strictRequired off: a conditional `required` names properties defined at the top level).
const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
const validModel = ajv.compile(modelSchema);
const validSweep = ajv.compile(sweepSchema);

const accepts = (f: () => unknown) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

/** The ```json blocks of a docs page. */
function jsonBlocks(page: string): unknown[] {
  return [...read(page).matchAll(/```json\n([\s\S]*?)```/g)]
    .map((m) => m[1] as string)
    .flatMap((t) => {
      try {
        return [JSON.parse(t)];
      } catch {
        return []; // a fragment (e.g. editor settings), not a document
      }
    });
}

describe('the schemas', () => {
  it('are draft-07 schemas that ajv compiles in strict mode', () => {
    expect(modelSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(sweepSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(ajv.validateSchema(modelSchema)).toBe(true);
    expect(ajv.validateSchema(sweepSchema)).toBe(true);
  });

  it('describe constraints.holes as rfkit accepts it', () => {
    expect(sweepSchema.properties.constraints.properties.holes).toMatchObject({ enum: ['none', 'allow'] });
    expect(JSON.stringify(sweepSchema)).not.toMatch(/NEXT RELEASE/);
    for (const holes of ['none', 'allow'] as const) {
      const spec = { depth: 2, choices: { kernel: [3], stride: [1] }, constraints: { holes } };
      expect(normalizeSweep(spec).holes).toBe(holes);
      expect(validSweep(spec)).toBe(true);
    }
  });
});

describe('ModelSpec schema', () => {
  it.each(zooNames)('accepts zoo model %s', (name) => {
    expect(validModel(zoo[name as keyof typeof zoo]), JSON.stringify(validModel.errors)).toBe(true);
  });

  it("accepts the docs' example models, which rfkit parses", () => {
    const examples = jsonBlocks('model-format.md').filter((b) => typeof b === 'object' && b && 'layers' in b);
    expect(examples.length).toBeGreaterThan(0);
    for (const m of examples) {
      expect(() => parseModel(m)).not.toThrow();
      expect(validModel(m), JSON.stringify(validModel.errors)).toBe(true);
    }
  });

  it('accepts every random model rfkit accepts (chains and graphs, every op and padding form)', () => {
    fc.assert(
      fc.property(modelArb(), (m) => {
        expect(accepts(() => parseModel(m))).toBe(true);
        expect(validModel(m), JSON.stringify(validModel.errors)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never rejects what rfkit accepts, and rejects many mutations rfkit rejects', () => {
    const junk = fc.constantFrom<unknown>(
      0,
      -1,
      1.5,
      2,
      'same',
      'x',
      true,
      null,
      [],
      [0],
      [1, 2, 3, 4],
      { begin: 1 },
      {},
    );
    const field = fc.constantFrom(
      'kernel',
      'stride',
      'dilation',
      'padding',
      'scale',
      'ceilMode',
      'outputPadding',
      'channels',
      'inputs',
      'op',
      'name',
      'bogus',
    );
    let rejectedByBoth = 0;
    fc.assert(
      fc.property(modelArb(), fc.nat(), field, junk, fc.boolean(), (m, at, key, value, remove) => {
        const layers = m.layers.map((l) => ({ ...l })) as Record<string, unknown>[];
        const layer = layers[at % layers.length] as Record<string, unknown>;
        if (remove) delete layer[key];
        else layer[key] = value;
        const mutated = { ...m, layers };
        const rfkit = accepts(() => parseModel(mutated));
        const schema = validModel(mutated);
        if (rfkit)
          expect(schema, `schema rejects a model rfkit accepts: ${JSON.stringify(mutated)}`).toBe(true);
        if (!rfkit && !schema) rejectedByBoth++;
      }),
      { numRuns: 600 },
    );
    expect(rejectedByBoth).toBeGreaterThan(200);
  });

  it.each([
    ['an unknown top-level field', { layers: [{ op: 'conv', kernel: 3 }], $schema: 'x' }],
    ['no layers', { layers: [] }],
    ['a conv without kernel', { layers: [{ op: 'conv' }] }],
    ['a field the op does not take', { layers: [{ op: 'conv', kernel: 3, scale: 2 }] }],
    ['an unknown op', { layers: [{ op: 'conv2d', kernel: 3 }] }],
    ['stride 0', { layers: [{ op: 'conv', kernel: 3, stride: 0 }] }],
    ['four axes', { layers: [{ op: 'conv', kernel: [3, 3, 3, 3] }] }],
    ['an add with one input', { layers: [{ op: 'add', inputs: ['input'] }] }],
    ['a conv with two inputs', { layers: [{ op: 'conv', kernel: 3, inputs: ['input', 'input'] }] }],
    ['SAME on a deconv', { layers: [{ op: 'deconv', kernel: 4, stride: 2, padding: 'same' }] }],
    ['half a padding pair', { layers: [{ op: 'conv', kernel: 3, padding: { begin: 1 } }] }],
    ['ceilMode on a conv', { layers: [{ op: 'conv', kernel: 3, ceilMode: true }] }],
    ['a fractional kernel', { layers: [{ op: 'conv', kernel: 2.5 }] }],
    ['an empty name', { layers: [{ op: 'conv', kernel: 3, name: '' }] }],
  ])('rejects %s, as rfkit does', (_, m) => {
    expect(validModel(m)).toBe(false);
    expect(accepts(() => parseModel(m))).toBe(false);
  });
});

describe('SweepSpec schema', () => {
  it("accepts the docs' example space, which rfkit normalises", () => {
    const examples = jsonBlocks('search-space.md').filter((b) => typeof b === 'object' && b && 'depth' in b);
    expect(examples.length).toBeGreaterThan(0);
    for (const s of examples) {
      expect(() => normalizeSweep(s)).not.toThrow();
      expect(validSweep(s), JSON.stringify(validSweep.errors)).toBe(true);
    }
  });

  it('accepts every random space rfkit accepts', () => {
    fc.assert(
      fc.property(smallSweep(), (s) => {
        expect(accepts(() => normalizeSweep(s))).toBe(true);
        expect(validSweep(s), JSON.stringify(validSweep.errors)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never rejects what rfkit accepts, and rejects many mutations rfkit rejects', () => {
    const junk = fc.constantFrom<unknown>(
      0,
      1,
      2,
      1.5,
      -3,
      'x',
      'flops',
      'params',
      null,
      [],
      [1, 1],
      [2],
      {},
      { min: 5 },
    );
    const path = fc.constantFrom(
      ['depth'],
      ['choices', 'kernel'],
      ['choices', 'dilation'],
      ['choices', 'bogus'],
      ['constraints', 'rf'],
      ['constraints', 'stride'],
      ['constraints', 'minOutput'],
      ['constraints', 'inputSize'],
      ['objective'],
      ['top'],
      ['channels', 'growth'],
      ['layers', '0'],
      ['layers', 'x'],
      ['bogus'],
    );
    let rejectedByBoth = 0;
    fc.assert(
      fc.property(smallSweep(), path, junk, fc.boolean(), (s, [a, b], value, remove) => {
        const mutated: Record<string, unknown> = structuredClone(s) as unknown as Record<string, unknown>;
        if (b === undefined) {
          if (remove) delete mutated[a as string];
          else mutated[a as string] = value;
        } else {
          const inner = { ...((mutated[a as string] as Record<string, unknown> | undefined) ?? {}) };
          if (remove) delete inner[b];
          else inner[b] = value;
          mutated[a as string] = inner;
        }
        const rfkit = accepts(() => normalizeSweep(mutated));
        const schema = validSweep(mutated);
        if (rfkit)
          expect(schema, `schema rejects a space rfkit accepts: ${JSON.stringify(mutated)}`).toBe(true);
        if (!rfkit && !schema) rejectedByBoth++;
      }),
      { numRuns: 600 },
    );
    expect(rejectedByBoth).toBeGreaterThan(200);
  });

  it.each([
    ['no depth', { choices: { kernel: [3], stride: [1] } }],
    ['duplicate choices', { depth: 2, choices: { kernel: [3, 3], stride: [1] } }],
    ['an empty list', { depth: 2, choices: { kernel: [], stride: [1] } }],
    [
      'a layer key that is no index',
      { depth: 2, choices: { kernel: [3], stride: [1] }, layers: { first: {} } },
    ],
    ['flops without inputSize', { depth: 2, choices: { kernel: [3], stride: [1] }, objective: 'flops' }],
    [
      'minOutput without inputSize',
      { depth: 2, choices: { kernel: [3], stride: [1] }, constraints: { minOutput: 4 } },
    ],
    ['an unknown objective', { depth: 2, choices: { kernel: [3], stride: [1] }, objective: 'latency' }],
    ['an unknown field', { depth: 2, choices: { kernel: [3], stride: [1] }, engine: 'dp' }],
  ])('rejects %s, as rfkit does', (_, s) => {
    expect(validSweep(s)).toBe(false);
    expect(accepts(() => normalizeSweep(s))).toBe(false);
  });
});
