// The size limits of the search (src/search/space/limits.ts, docs/limits.md): spaces beyond them are
// refused with RfError `space-too-large` (or `cost-overflow`) and details, at once — each case runs
// in a worker that is killed after a few seconds, so a limit that stops working fails here instead
// of hanging the suite. Spaces at the limits still work. No speed is asserted.
import { describe, expect, it } from 'vitest';
import {
  MAX_COUNT_STATES,
  MAX_COUNT_STRIDES,
  MAX_DEPTH,
  MAX_LAYER_CHOICES,
  MAX_SPACE_CHOICES,
} from '../src/search/space/limits.js';
import { runBounded, taskValue } from './support/bounded.js';
import type { CaseOutcome, LimitCase } from './support/limits-tasks.js';

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

/** Runs the cases in a worker killed when one takes longer than `caseMs`. */
async function run(cases: LimitCase[], caseMs: number): Promise<Map<string, CaseOutcome>> {
  const outcome = await runBounded<CaseOutcome[]>('limits-tasks.ts', 'runLimitCases', cases, { caseMs });
  const out = taskValue(outcome);
  if (process.env.RFKIT_LIMITS_TIMES) console.log(out.map((o) => `${o.name}: ${o.ms} ms`).join('\n'));
  return new Map(out.map((o) => [o.name, o]));
}

describe('search limits', () => {
  it('refuses spaces beyond each limit at once, with details', async () => {
    const cases: LimitCase[] = [
      // Was "Invalid array length".
      {
        name: 'depth 2^32',
        call: 'normalizeSweep',
        spec: { depth: 2 ** 32, choices: { kernel: [3], stride: [1] } },
      },
      // Was an out-of-memory abort at 4.9 GB after 29 s.
      {
        name: 'depth 1e8',
        call: 'count',
        spec: { depth: 1e8, choices: { kernel: [3], stride: [1] }, constraints: { rf: { min: 5 } } },
      },
      // Was 265 s in normalizeSweep.
      {
        name: 'depth 1e6, 100 strides',
        call: 'normalizeSweep',
        spec: { depth: 1e6, choices: { kernel: [3], stride: range(100) } },
      },
      {
        name: 'depth MAX+1',
        call: 'searchSync',
        spec: { depth: MAX_DEPTH + 1, choices: { kernel: [3], stride: [1] } },
      },
      // Was "Maximum call stack size exceeded" from Math.min(...list).
      {
        name: 'list of 200000',
        call: 'normalizeSweep',
        spec: { depth: 2, choices: { kernel: range(200_000), stride: [1] } },
      },
      {
        name: 'layer choices MAX+1',
        call: 'normalizeSweep',
        spec: {
          depth: 2,
          choices: { kernel: [3], stride: [1] },
          layers: { '1': { kernel: range(17), stride: range(241) } },
        },
      },
      {
        name: 'space choices MAX+1',
        call: 'normalizeSweep',
        // 1024 layers × 65 choices, and one more at layer 0.
        spec: {
          depth: MAX_DEPTH,
          choices: { kernel: range(64), stride: [1] },
          layers: { '0': { kernel: range(65) } },
        },
      },
      // Was 30 s, then "Set maximum size exceeded".
      {
        name: 'count, strides 1..1000',
        call: 'count',
        spec: {
          depth: 3,
          choices: { kernel: [3], stride: range(1000) },
          constraints: { rf: { max: 100_000 } },
        },
      },
      // Minutes of the sparse DP before: 23 million states bound by layer 14.
      {
        name: 'count, rf up to 10^5 over strides 1,2,3',
        call: 'count',
        spec: {
          depth: 20,
          choices: { kernel: [1, 3, 5, 7], stride: [1, 2, 3] },
          constraints: { rf: { min: 100, max: 100_000 } },
        },
      },
      // Was 96 s in normalizeSweep: the exact largest flops cost over millions of (channels, size) states.
      {
        name: 'flops at a huge input',
        call: 'normalizeSweep',
        spec: {
          depth: 6,
          choices: { kernel: [3], stride: range(64) },
          objective: 'flops',
          constraints: { inputSize: 2 ** 40 },
        },
      },
    ];
    // A refusal is immediate; a few seconds allow for a machine under load.
    const out = await run(cases, 5_000);
    const refused = (name: string) => {
      const o = out.get(name)!;
      expect(o, name).toMatchObject({ ok: false });
      return o;
    };
    expect(refused('depth 2^32')).toMatchObject({
      code: 'space-too-large',
      path: 'depth',
      details: { limit: 'depth', depth: 2 ** 32, max: MAX_DEPTH },
    });
    expect(refused('depth 1e8')).toMatchObject({
      code: 'space-too-large',
      details: { limit: 'depth', depth: 1e8 },
    });
    expect(refused('depth 1e6, 100 strides')).toMatchObject({
      code: 'space-too-large',
      details: { limit: 'depth' },
    });
    expect(refused('depth MAX+1').message).toMatch(/depth: 1025 layers, more than the 1024/);
    expect(refused('list of 200000')).toMatchObject({
      code: 'space-too-large',
      path: 'choices.kernel',
      details: { limit: 'layer-choices', choices: 200_000, max: MAX_LAYER_CHOICES },
    });
    expect(refused('layer choices MAX+1')).toMatchObject({
      code: 'space-too-large',
      path: 'layers.1',
      details: { limit: 'layer-choices', choices: 17 * 241 },
    });
    expect(refused('space choices MAX+1')).toMatchObject({
      code: 'space-too-large',
      details: { limit: 'space-choices', choices: MAX_SPACE_CHOICES + 1, max: MAX_SPACE_CHOICES },
    });
    expect(refused('count, strides 1..1000')).toMatchObject({
      code: 'space-too-large',
      details: { limit: 'count-strides', layer: 1, max: MAX_COUNT_STRIDES },
    });
    const states = refused('count, rf up to 10^5 over strides 1,2,3');
    expect(states).toMatchObject({
      code: 'space-too-large',
      details: { limit: 'count-states', max: MAX_COUNT_STATES },
    });
    expect(states.message).toMatch(/narrow rf\.max/);
    expect(refused('flops at a huge input')).toMatchObject({ code: 'cost-overflow', path: 'objective' });
  });

  it('runs spaces at the limits', async () => {
    const cases: LimitCase[] = [
      // One choice per layer: the whole space is one architecture, at the deepest allowed.
      {
        name: 'search at MAX_DEPTH (wasm)',
        call: 'search',
        spec: { depth: MAX_DEPTH, choices: { kernel: [3], stride: [1] } },
      },
      {
        name: 'searchSync at MAX_DEPTH (js)',
        call: 'searchSync',
        spec: { depth: MAX_DEPTH, choices: { kernel: [3], stride: [1] } },
      },
      {
        name: 'count at MAX_DEPTH',
        call: 'count',
        spec: {
          depth: MAX_DEPTH,
          choices: { kernel: [1, 3], stride: [1] },
          constraints: { rf: { min: 100, max: 2000 } },
        },
      },
      // 16 layers of MAX_LAYER_CHOICES: MAX_SPACE_CHOICES exactly.
      {
        name: 'MAX_SPACE_CHOICES',
        call: 'normalizeSweep',
        spec: {
          depth: MAX_SPACE_CHOICES / MAX_LAYER_CHOICES,
          choices: { kernel: range(64), stride: [1], dilation: range(64) },
        },
      },
      // The dynamic-programming engine's design point: depth 64 with 16 and with 32 choices a layer.
      {
        name: 'count, depth 64 × 16',
        call: 'count',
        spec: {
          depth: 64,
          choices: { kernel: range(8, 1), stride: [1], dilation: [1, 2] },
          constraints: { rf: { min: 200, max: 5000 } },
        },
      },
      {
        name: 'count, depth 64 × 32',
        call: 'count',
        spec: {
          depth: 64,
          choices: { kernel: [1, 3, 5, 7], stride: [1], dilation: [1, 2] },
          layers: Object.fromEntries(
            range(20, 0).map((i) => [String(i), { stride: [1, 2], dilation: range(4) }]),
          ),
          constraints: { rf: { min: 200, max: 5000 }, stride: 1024 },
        },
      },
      // A target with 12,960 divisors reached in the first 21 layers, then 1003 layers of stride 1
      // (1×1, so that rf stays exact): the stride reachability stays linear in the depth.
      {
        name: 'stride target with many divisors',
        call: 'normalizeSweep',
        spec: {
          depth: MAX_DEPTH,
          choices: { kernel: [1], stride: [1] },
          layers: Object.fromEntries(
            [2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 5, 5, 7, 7, 11, 13, 17, 19, 23].map((p, i) => [
              String(i),
              { stride: [1, p] },
            ]),
          ),
          constraints: { stride: 2 ** 8 * 3 ** 4 * 5 ** 2 * 7 ** 2 * 11 * 13 * 17 * 19 * 23 },
        },
      },
    ];
    // These do real work (count() at depth 1024 takes seconds): the watchdog only catches hangs.
    const out = await run(cases, 60_000);
    for (const c of cases) expect(out.get(c.name), c.name).toMatchObject({ ok: true });
    expect(out.get('search at MAX_DEPTH (wasm)')!.value).toBe('1');
    expect(out.get('searchSync at MAX_DEPTH (js)')!.value).toBe('1');
    expect(BigInt(out.get('count at MAX_DEPTH')!.value!)).toBeGreaterThan(0n);
    expect(BigInt(out.get('count, depth 64 × 32')!.value!)).toBeGreaterThan(0n);
  });
});
