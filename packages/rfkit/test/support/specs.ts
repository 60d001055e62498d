// fast-check arbitraries of ModelSpecs that stress the edges of the format rather than the
// arithmetic: names that look like ops or need quoting, repeated and explicit inputs, every
// per-axis and padding form mixed with scalars, flags and channels on every op, 1–3 axes. Many
// are invalid (unknown inputs, axis mismatches…): parseModel sorts them out.
import fc from 'fast-check';
import { OPS } from '../../src/model/parse.js';
import type { LayerSpec, ModelSpec } from '../../src/types.js';

/** Names a compact writer could get wrong: op words, tokens, numbers, spaces, quotes, unicode. */
export const TRICKY_NAMES = [
  'a',
  'conv3',
  'in224',
  'inc3',
  's2',
  'x',
  'x1',
  'id',
  'up2',
  '1d',
  '3d',
  'p1',
  'c3',
  'ceil',
  'op1',
  'conv_0',
  'conv_1',
  'identity_1',
  'add_2',
  'd2',
  'a.b',
  'a-b',
  '_',
  'name=x',
  'has space',
  '/layer1/conv/Conv',
  'a:b',
  'f(x)',
  'a,b',
  'quo"te',
  'back\\slash',
  'tab\there',
  'new\nline',
  'ünï',
  '日本',
  '😀',
  '',
];

const FIELDS: Record<string, readonly string[]> = {
  conv: ['kernel', 'stride', 'dilation', 'padding'],
  maxpool: ['kernel', 'stride', 'dilation', 'padding', 'ceilMode'],
  avgpool: ['kernel', 'stride', 'dilation', 'padding', 'ceilMode'],
  deconv: ['kernel', 'stride', 'dilation', 'padding', 'outputPadding'],
  upsample: ['scale'],
};
const MERGES = new Set(['add', 'concat', 'mul']);

/** A scalar or an array of 1–3 entries. */
const dims = (min: number, max: number) =>
  fc.oneof(fc.integer({ min, max }), fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: 3 }));

const rawLayer = fc.record(
  {
    name: fc.option(fc.constantFrom(...TRICKY_NAMES), { nil: undefined }),
    op: fc.constantFrom(...OPS),
    kernel: dims(1, 4),
    stride: dims(1, 3),
    dilation: dims(1, 3),
    scale: dims(1, 3),
    padding: fc.oneof(
      dims(-2, 3),
      fc.constantFrom('valid', 'same', 'same-lower'),
      fc.record({ begin: dims(-2, 3), end: dims(-2, 3) }),
    ),
    ceilMode: fc.boolean(),
    outputPadding: dims(0, 2),
    channels: fc.integer({ min: 1, max: 9 }),
    inputs: fc.array(fc.integer({ min: -1, max: 6 }), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['op'] },
);

/** ModelSpecs at the edges of the format (about half of them valid). */
export const edgySpec: fc.Arbitrary<ModelSpec> = fc
  .record(
    {
      name: fc.constantFrom('model', 'm', 'vgg 16', 'x"y', '', 'name=n'),
      input: fc.record(
        {
          size: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 3 }),
          channels: fc.integer({ min: 1, max: 4 }),
        },
        { requiredKeys: [] },
      ),
      layers: fc.array(rawLayer, { minLength: 1, maxLength: 6 }),
    },
    { requiredKeys: ['layers'] },
  )
  .map((s) => {
    const names: string[] = [];
    const layers = s.layers.map((l, i) => {
      const out: Record<string, unknown> = { op: l.op };
      if (l.name !== undefined) out.name = l.name;
      const src = l as Record<string, unknown>;
      for (const k of FIELDS[l.op] ?? []) if (src[k] !== undefined) out[k] = src[k];
      if (['conv', 'maxpool', 'avgpool', 'deconv'].includes(l.op) && out.kernel === undefined) out.kernel = 3;
      if (l.op === 'upsample' && out.scale === undefined) out.scale = 2;
      if (l.channels !== undefined) out.channels = l.channels;
      // Inputs among the earlier layers and the model input, repeats included.
      const pool = ['input', ...names];
      const picks = l.inputs?.map((j) => pool[(j + 1) % pool.length]!);
      if (MERGES.has(l.op))
        out.inputs = picks && picks.length >= 2 ? picks : [pool[0]!, pool[pool.length - 1]!];
      else if (picks) out.inputs = picks.slice(0, 1);
      names.push((l.name ?? `${l.op}_${i}`) as string);
      return out as unknown as LayerSpec;
    });
    return { ...s, layers } as ModelSpec;
  });
