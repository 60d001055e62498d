import { naiveSearch, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRfError } from '../src/errors.js';
import { resultFromJSON, resultToJSON } from '../src/search/result/json.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import { type Json, resign } from './support/results.js';

const spec = {
  depth: 3,
  choices: { kernel: [1, 3, 5], stride: [1, 2] },
  constraints: { rf: { min: 5, max: 30 } },
  top: 4,
};

function jsonOf(): Json {
  return JSON.parse(JSON.stringify(resultToJSON(naiveSearch(spec))));
}

function errorOf(x: unknown): { path: string | undefined; message: string } {
  try {
    resultFromJSON(x);
  } catch (e) {
    if (isRfError(e) && e.code === 'invalid-result') return { path: e.path, message: e.message };
    throw e;
  }
  throw new Error('expected invalid-result');
}

describe('result JSON', () => {
  it('round-trips random results through JSON text', () => {
    fc.assert(
      fc.property(
        smallSweep(1500),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (s, f, partial) => {
          const sweep = normalizeSweep(s);
          const stop = BigInt(Math.floor(f * Number(sweep.total)));
          const r = partial
            ? { ...naiveSearch(sweep, { start: 0n, end: stop }), range: { start: 0n, end: sweep.total } }
            : naiveSearch(sweep);
          const text = JSON.stringify(resultToJSON(r));
          expect(resultFromJSON(JSON.parse(text))).toEqual(r);
          // With the space, every candidate is checked against it as well.
          expect(resultFromJSON(JSON.parse(text), { spec: sweep })).toEqual(r);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('writes BigInts as decimal strings', () => {
    const j = resultToJSON(naiveSearch(spec));
    expect(j.total).toBe('216');
    expect(j.evaluated).toBe('216');
    expect(typeof j.feasible).toBe('string');
    expect(j.range).toEqual({ start: '0', end: '216' });
    expect(j.nextIndex).toBe('216');
    expect(typeof j.top[0]!.index).toBe('string');
    expect(typeof j.histogram[0]!.count).toBe('string');
    expect(typeof j.top[0]!.cost).toBe('number');
  });

  it('accepts safe integers for counts and ignores unknown fields', () => {
    const plain = jsonOf();
    expect(resultFromJSON({ ...plain, total: 216, extra: 'x' })).toEqual(resultFromJSON(plain));
  });

  // Each mutation is re-signed (its checksum recomputed), so that the check behind the checksum is
  // reached: the field's type, or its relation to the other fields.
  const mutations: [string, (j: Json) => void, string, RegExp][] = [
    [
      'not an object',
      (j) => {
        for (const k of Object.keys(j)) delete j[k];
      },
      'range',
      /expected an object, got undefined/,
    ],
    ['total negative', (j) => (j.total = '-1'), 'total', /got "-1"/],
    ['total not decimal', (j) => (j.total = '0x10'), 'total', /decimal string/],
    ['total leading zero', (j) => (j.total = '0216'), 'total', /decimal string/],
    ['range missing', (j) => delete j.range, 'range', /expected an object/],
    ['range.start bad', (j) => (j.range.start = 1.5), 'range.start', /got 1.5/],
    ['range reversed', (j) => (j.range = { start: '10', end: '5' }), 'range', /start 10 is after end 5/],
    ['range past total', (j) => (j.range.end = '217'), 'range.end', /beyond total 216/],
    ['nextIndex outside', (j) => (j.nextIndex = '300'), 'nextIndex', /outside the range/],
    ['complete not boolean', (j) => (j.complete = 'yes'), 'complete', /true or false/],
    [
      'complete but short',
      (j) => {
        j.nextIndex = '200';
        j.evaluated = '200';
      },
      'complete',
      /true, but the result covers only \[0, 200\) of the space's \[0, 216\)/,
    ],
    [
      'complete false on the whole space',
      (j) => (j.complete = false),
      'complete',
      /false, but the result covers the whole space/,
    ],
    ['evaluated wrong', (j) => (j.evaluated = '215'), 'evaluated', /does not match/],
    ['feasible too big', (j) => (j.feasible = '217'), 'feasible', /exceeds evaluated/],
    ['backend unknown', (j) => (j.backend = 'gpu'), 'backend', /"wasm" or "js", got "gpu"/],
    ['elapsedMs negative', (j) => (j.elapsedMs = -1), 'elapsedMs', /finite number/],
    ['spaceId empty', (j) => (j.spaceId = ''), 'spaceId', /fingerprint/],
    ['spaceId without top', (j) => (j.spaceId = 'custom'), 'spaceId', /fingerprint like/],
    ['top not array', (j) => (j.top = {}), 'top', /expected an array/],
    ['top index past total', (j) => (j.top[0].index = '216'), 'top[0].index', /outside the covered range/],
    [
      'top entry missing',
      (j) => j.top.pop(),
      'top',
      /has 3 entries, but with \d+ feasible and top 4 it must have 4/,
    ],
    [
      'top layer kernel 0',
      (j) => (j.top[1].layers[2].kernel = 0),
      'top[1].layers[2].kernel',
      /integer >= 1, got 0/,
    ],
    ['top layers empty', (j) => (j.top[0].layers = []), 'top[0].layers', /at least one layer/],
    ['top layer missing', (j) => j.top[1].layers.pop(), 'top[1].layers', /has 2 layers, expected 3/],
    ['top rf 0', (j) => (j.top[0].rf = 0), 'top[0].rf', /got 0/],
    ['top cost NaN', (j) => (j.top[0].cost = null), 'top[0].cost', /finite number/],
    ['top out of order', (j) => j.top.reverse(), 'top[1]', /is not ranked after top\[0\]/],
    ['pareto stride', (j) => (j.pareto[0].stride = 'a'), 'pareto[0].stride', /got "a"/],
    ['pareto out of order', (j) => j.pareto.reverse(), 'pareto[1]', /must have larger rf and cost/],
    ['histogram count', (j) => (j.histogram[0].count = 'x'), 'histogram[0].count', /decimal string/],
    ['histogram zero bin', (j) => (j.histogram[0].count = '0'), 'histogram[0].count', /count >= 1/],
    ['histogram order', (j) => j.histogram.reverse(), 'histogram[1].rf', /must ascend/],
    ['histogram sum', (j) => j.histogram.pop(), 'histogram', /add up to .* but feasible is/],
    ['checksum not hex', (j) => (j.checksum = 'abc'), 'checksum', /16 hex digits, got "abc"/],
  ];
  for (const [name, mutate, path, message] of mutations) {
    it(`rejects ${name}`, () => {
      const j = jsonOf();
      mutate(j);
      if (path !== 'checksum') resign(j);
      const e = errorOf(j);
      expect(e.path).toBe(path);
      expect(e.message).toMatch(message);
    });
  }

  it('rejects non-objects and partial results whose candidates lie beyond nextIndex', () => {
    expect(errorOf(null).path).toBe('result');
    expect(errorOf([]).message).toMatch(/expected the JSON form of a search result \(an object\), got \[\]/);
    const whole = naiveSearch(spec);
    const stop = whole.top[0]!.index;
    const head = naiveSearch(spec, { start: 0n, end: stop });
    expect(head.feasible).toBeGreaterThan(0n);
    // The best candidate overall lies at `stop`, outside what the partial result covered.
    const j = resultToJSON({ ...head, range: { start: 0n, end: 216n } });
    j.top[0] = resultToJSON(whole).top[0]!;
    expect(errorOf(resign(j)).message).toMatch(
      new RegExp(`top\\[0\\]\\.index: ${stop} is outside the covered range \\[0, ${stop}\\)`),
    );
  });
});
