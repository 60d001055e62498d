// The fuzz targets: an arbitrary of inputs and what must hold for each (see support/pipeline.ts).
// They run in worker threads (support/fuzz.ts), so this file must not import src/index.ts (the
// search's wasm cannot load there); it takes each public function from its own module instead.

import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { analyze } from '../../src/analysis/analyze.js';
import { erfOf } from '../../src/analysis/erf-of.js';
import { footprintOf } from '../../src/analysis/footprint.js';
import { footprintSize, footprintSlice } from '../../src/analysis/footprint-slice.js';
import { regionOf } from '../../src/analysis/region.js';
import { deconvOutputSize, samePadding, splitPadding, windowOutputSize } from '../../src/analysis/sizes.js';
import { isRfError, RfError } from '../../src/errors.js';
import { toCompact } from '../../src/model/compact-write.js';
import { parseCompact, parseModel } from '../../src/model/parse.js';
import { oracle, oracleErf, oracleFootprint, oracleRegion } from '../../src/oracle/oracle.js';
import type { ModelSpec } from '../../src/types.js';
import { zoo, zooNames } from '../../src/zoo/index.js';
import { junk, numbers } from '../support/junk.js';
import { attempt, checkModelInput } from '../support/pipeline.js';
import { edgySpec, TRICKY_NAMES } from '../support/specs.js';

export interface Target<T> {
  arbitrary: fc.Arbitrary<T>;
  check: (input: T) => void;
}

// ───────────────────────────── 1. the compact text form ─────────────────────────────

const PIECES = [
  'conv',
  'maxpool',
  'avgpool',
  'deconv',
  'upsample',
  'up',
  'identity',
  'id',
  'add',
  'concat',
  'mul',
  'global',
  'in',
  '1d',
  '2d',
  '3d',
  'name=',
  's',
  'd',
  'p',
  'op',
  'c',
  'ceil',
  'same',
  'same-lower',
  'valid',
  'x',
  '/',
  '-',
  '(',
  ')',
  ',',
  ':',
  '"',
  '\\',
  ' ',
  ' ',
  ' ',
  '\t',
  '\n',
  '0',
  '1',
  '2',
  '3',
  '7',
  '16',
  '224',
  '9007199254740991',
  '99999999999999999999',
  'input',
  'a',
  'b',
  '\u00a0',
  'é',
];

/** Token soup from the grammar's own pieces (often almost valid), and plain random strings. */
const compactText = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join('')) },
  {
    weight: 2,
    arbitrary: modelArb().map((s) => {
      try {
        return toCompact(s);
      } catch {
        return 'conv3';
      }
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 50_000 }).map((n) => `${'('.repeat(n)}conv3${')'.repeat(n >> 1)}`),
  },
);

/** Mutates valid compact text: drops, repeats or swaps characters. */
const mutatedCompact = fc
  .tuple(
    modelArb({ wide: true }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PIECES), fc.constantFrom('insert', 'delete', 'replace')), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([spec, edits]) => {
    let t: string;
    try {
      t = toCompact(spec);
    } catch {
      t = 'conv3 conv3';
    }
    for (const [at, piece, how] of edits) {
      const i = at % (t.length + 1);
      if (how === 'insert') t = t.slice(0, i) + piece + t.slice(i);
      else if (how === 'delete') t = t.slice(0, i) + t.slice(i + 1);
      else t = t.slice(0, i) + piece + t.slice(i + 1);
    }
    return t;
  });

const compact: Target<string> = {
  arbitrary: fc.oneof(compactText, mutatedCompact),
  check: checkModelInput,
};

// ───────────────────────────── 2. JSON models ─────────────────────────────

const FIELD_NAMES = [
  'name',
  'op',
  'kernel',
  'stride',
  'dilation',
  'scale',
  'padding',
  'ceilMode',
  'outputPadding',
  'channels',
  'inputs',
  'begin',
  'end',
  'size',
  'input',
  'layers',
  'axes',
  'index',
];

/** JSON trees with the format's own keys and values, at random. */
const jsonTree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 4, withCrossShrink: true },
    numbers.filter((n) => typeof n === 'number'),
    fc.constantFrom<unknown>(
      'conv',
      'maxpool',
      'deconv',
      'add',
      'same',
      'same-lower',
      'valid',
      'input',
      true,
      false,
      null,
      ...TRICKY_NAMES,
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const jsonModel = fc.oneof(
  jsonTree,
  fc.record(
    {
      input: jsonTree,
      layers: fc.array(fc.dictionary(fc.constantFrom(...FIELD_NAMES), jsonTree, { maxKeys: 6 }), {
        maxLength: 6,
      }),
    },
    { requiredKeys: ['layers'] },
  ),
  edgySpec,
  fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v))),
);

const json: Target<unknown> = {
  arbitrary: jsonModel,
  check: checkModelInput,
};

// ───────────────────────────── 3. mutated zoo and random models ─────────────────────────────

type Edit = {
  at: number;
  field: string;
  value: unknown;
  kind: 'set' | 'delete' | 'duplicate' | 'swap' | 'op';
};

function mutate(spec: ModelSpec, edits: Edit[]): unknown {
  const s = JSON.parse(JSON.stringify(spec)) as {
    layers: Record<string, unknown>[];
    input?: Record<string, unknown>;
  };
  for (const e of edits) {
    const n = s.layers.length;
    if (n === 0) break;
    const l = s.layers[e.at % n]!;
    switch (e.kind) {
      case 'set':
        if (e.field === 'size') s.input = { ...(s.input ?? {}), size: e.value };
        else l[e.field] = e.value;
        break;
      case 'delete':
        delete l[e.field];
        break;
      case 'duplicate':
        s.layers.splice(e.at % n, 0, { ...l });
        break;
      case 'swap': {
        const j = (e.at * 7 + 3) % n;
        [s.layers[e.at % n], s.layers[j]] = [s.layers[j]!, l];
        break;
      }
      case 'op':
        l.op = e.value;
        break;
    }
  }
  return s;
}

const editValue = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 9 }) },
  { weight: 2, arbitrary: fc.array(fc.integer({ min: -2, max: 9 }), { minLength: 1, maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      'same',
      'valid',
      'same-lower',
      { begin: [1, 1], end: [0, 0] },
      ['input', 'input'],
      2 ** 53,
      2 ** 40,
      -(2 ** 40),
    ),
  },
  { weight: 1, arbitrary: junk },
);

const edits = fc.array(
  fc.record({
    at: fc.nat(),
    field: fc.constantFrom(
      'kernel',
      'stride',
      'dilation',
      'padding',
      'scale',
      'inputs',
      'name',
      'channels',
      'ceilMode',
      'outputPadding',
      'size',
    ),
    value: editValue,
    kind: fc.constantFrom<Edit['kind']>('set', 'set', 'set', 'delete', 'duplicate', 'swap', 'op'),
  }),
  { minLength: 1, maxLength: 4 },
);

const mutated: Target<unknown> = {
  arbitrary: fc.oneof(
    fc.tuple(fc.constantFrom(...zooNames), edits).map(([name, e]) => mutate(zoo[name]!, e)),
    fc.tuple(modelArb({ wide: true }), edits).map(([spec, e]) => mutate(spec, e)),
  ),
  check: checkModelInput,
};

/** Random small models, lightly edited (numbers only): most stay valid and go to the oracle. */
const smallEdits = fc.array(
  fc.record({
    at: fc.nat(),
    field: fc.constantFrom('kernel', 'stride', 'dilation', 'padding', 'scale', 'outputPadding', 'size'),
    value: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom<unknown>('same', 'same-lower')),
    kind: fc.constant<Edit['kind']>('set'),
  }),
  { maxLength: 2 },
);

const oracleSmall: Target<unknown> = {
  arbitrary: fc
    .tuple(fc.oneof(modelArb(), modelArb({ wide: true }), modelArb({ inputSize: 'always' })), smallEdits)
    .map(([spec, e]) => mutate(spec, e)),
  check: checkModelInput,
};

// ───────────────────────────── 4. the public API with junk arguments ─────────────────────────────

const REPORT = analyze('in16 conv3s2p1 b:conv3 up2 conv1');
const FOOTPRINT = footprintOf('in16 conv3s2p1 b:conv3 up2 conv1', 'b', [1, 2]);
const VIEW = { rowAxis: 0, colAxis: 1, rows: [0, 8], cols: [0, 8] };

/** Every public function of rfkit outside the search (test/misuse.test.ts checks the list). */
export const API: Record<string, (...args: never[]) => unknown> = {
  analyze,
  erfOf,
  footprintOf,
  footprintSize,
  footprintSlice,
  oracleErf,
  oracleFootprint,
  regionOf,
  windowOutputSize,
  samePadding,
  splitPadding,
  deconvOutputSize,
  parseCompact,
  parseModel,
  toCompact,
  oracle,
  oracleRegion,
  isRfError,
  RfError: (...args: never[]) => new (RfError as unknown as new (...a: unknown[]) => RfError)(...args),
};

/** Arguments: mostly junk, sometimes plausible (a real report, a model, a layer name, small ints). */
const arg = fc.oneof(
  { weight: 5, arbitrary: junk },
  { weight: 2, arbitrary: fc.integer({ min: -2, max: 20 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      REPORT,
      FOOTPRINT,
      VIEW,
      { map: [0, 1] },
      'conv3',
      'conv_0',
      'b',
      [0],
      [1, 1],
      { strict: true },
      { inputSize: 8 },
      zoo.vgg_16,
      false,
    ),
  },
);

const api: Target<[string, unknown[]]> = {
  arbitrary: fc.tuple(fc.constantFrom(...Object.keys(API)), fc.array(arg, { maxLength: 5 })),
  check([name, args]) {
    // The oracle on a real model with junk options could be slow but must still be bounded:
    // its step budget makes it refuse rather than run on.
    attempt(() => (API[name] as (...a: unknown[]) => unknown)(...args));
  },
};

export const targets: Record<string, Target<never>> = {
  compact,
  json,
  mutated,
  oracleSmall,
  api,
} as unknown as Record<string, Target<never>>;

// ───────────────────────────── the task the worker runs ─────────────────────────────

/**
 * An input for a report, bounded in time and length whatever it is: nested 10^5 deep, cyclic, or an
 * array of length 2^32 − 1 (fast-check's own printer would walk every index of that).
 */
export function describeInput(x: unknown): string {
  const out: string[] = [];
  let size = 0;
  const put = (s: string) => {
    out.push(s);
    size += s.length;
  };
  const seen = new Set<object>();
  const primitive = (v: unknown): string | null => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'string') return JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v);
    if (typeof v === 'symbol') return v.toString();
    if (typeof v === 'function') return '[function]';
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    return v === null || typeof v !== 'object' ? String(v) : null;
  };
  const walk = (v: unknown, depth: number): void => {
    if (size > 4000) return;
    const p = primitive(v);
    if (p !== null) {
      put(p);
      return;
    }
    const o = v as object;
    if (seen.has(o) || depth > 8) {
      put(seen.has(o) ? '[circular]' : Array.isArray(o) ? '[…]' : '{…}');
      return;
    }
    seen.add(o);
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const list = v as unknown as ArrayLike<unknown>;
      const n = list.length ?? 0;
      put(Array.isArray(v) ? '[' : `${v.constructor.name}[`);
      for (let i = 0; i < Math.min(n, 50); i++) {
        if (i > 0) put(',');
        if (Array.isArray(v) && !(i in v)) put('<hole>');
        else walk(list[i], depth + 1);
      }
      if (n > 50) put(`,…(length ${n})`);
      put(']');
    } else {
      put('{');
      let k = 0;
      for (const key of Object.keys(o).slice(0, 30)) {
        if (k++ > 0) put(',');
        put(`${JSON.stringify(key)}:`);
        walk((v as Record<string, unknown>)[key], depth + 1);
      }
      put('}');
    }
    seen.delete(o);
  };
  try {
    walk(x, 0);
  } catch (e) {
    put(`<unprintable: ${String(e)}>`);
  }
  const s = out.join('');
  return s.length > 4000 ? `${s.slice(0, 4000)}…` : s;
}

/**
 * Runs one target with fast-check (a task of support/bounded.ts: it reports each case's input
 * before running it, so that a case that hangs is named when the worker is stopped).
 */
export function runTarget(
  input: { target: string; seed: number; runs: number },
  report: (event: { case: string }) => void,
): { runs: number; failed: boolean; message: string | null } {
  const target = targets[input.target];
  if (!target) throw new Error(`no fuzz target "${input.target}"`);
  let i = 0;
  const details = fc.check(
    fc.property(target.arbitrary, (x) => {
      report({ case: `${i++}: ${describeInput(x)}` });
      target.check(x);
    }),
    { seed: input.seed, numRuns: input.runs },
  );
  let message: string | null = null;
  if (details.failed) {
    try {
      message = fc.defaultReportMessage(details) ?? null;
    } catch {
      message = `failed (seed ${details.seed}, path ${details.counterexamplePath}): ${String(details.errorInstance)}`;
    }
  }
  return { runs: details.numRuns, failed: details.failed, message };
}
