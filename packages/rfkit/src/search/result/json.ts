// SweepResult ⇄ JSON: counts and indices are decimal strings in JSON (they may pass 2^53).

import { RfError } from '../../errors.js';
import { show } from '../../messages.js';
import type { Backend, Candidate, LayerChoice, SweepResult } from '../../types.js';
import { compareCandidates } from './rank.js';

export interface CandidateJSON {
  index: string;
  layers: LayerChoice[];
  rf: number;
  stride: number;
  cost: number;
}

/** A SweepResult as JSON: every BigInt as a decimal string. */
export interface SweepResultJSON {
  evaluated: string;
  feasible: string;
  top: CandidateJSON[];
  pareto: CandidateJSON[];
  histogram: { rf: number; count: string }[];
  backend: Backend;
  elapsedMs: number;
  range: { start: string; end: string };
  complete: boolean;
  nextIndex: string;
  total: string;
  spaceId: string;
}

function candidateToJSON(c: Candidate): CandidateJSON {
  return {
    index: c.index.toString(),
    layers: c.layers.map((l) => ({ kernel: l.kernel, stride: l.stride, dilation: l.dilation })),
    rf: c.rf,
    stride: c.stride,
    cost: c.cost,
  };
}

/** The JSON form of a result (plain data: `JSON.stringify` it as is). */
export function resultToJSON(r: SweepResult): SweepResultJSON {
  return {
    evaluated: r.evaluated.toString(),
    feasible: r.feasible.toString(),
    top: r.top.map(candidateToJSON),
    pareto: r.pareto.map(candidateToJSON),
    histogram: r.histogram.map((h) => ({ rf: h.rf, count: h.count.toString() })),
    backend: r.backend,
    elapsedMs: r.elapsedMs,
    range: { start: r.range.start.toString(), end: r.range.end.toString() },
    complete: r.complete,
    nextIndex: r.nextIndex.toString(),
    total: r.total.toString(),
    spaceId: r.spaceId,
  };
}

function bad(path: string, message: string): never {
  throw new RfError('invalid-result', `${path}: ${message}`, path);
}

function obj(x: unknown, path: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x))
    bad(path, `expected an object, got ${show(x)}`);
  return x as Record<string, unknown>;
}

function arr(x: unknown, path: string): unknown[] {
  if (!Array.isArray(x)) bad(path, `expected an array, got ${show(x)}`);
  return x;
}

function count(x: unknown, path: string): bigint {
  // Strings as the format says; safe integers too, as hand-written JSON may have them.
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return BigInt(x);
  if (typeof x !== 'string' || !/^(0|[1-9][0-9]*)$/.test(x)) {
    bad(path, `expected a non-negative integer as a decimal string, got ${show(x)}`);
  }
  return BigInt(x);
}

function int(x: unknown, path: string, min: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min)
    bad(path, `expected an integer >= ${min}, got ${show(x)}`);
  return x;
}

function candidate(x: unknown, path: string, total: bigint): Candidate {
  const o = obj(x, path);
  const index = count(o.index, `${path}.index`);
  if (index >= total) bad(`${path}.index`, `${index} is not below total ${total}`);
  const layers = arr(o.layers, `${path}.layers`).map((l, i) => {
    const lp = `${path}.layers[${i}]`;
    const lo = obj(l, lp);
    return {
      kernel: int(lo.kernel, `${lp}.kernel`, 1),
      stride: int(lo.stride, `${lp}.stride`, 1),
      dilation: int(lo.dilation, `${lp}.dilation`, 1),
    };
  });
  if (layers.length === 0) bad(`${path}.layers`, 'expected at least one layer');
  const rf = int(o.rf, `${path}.rf`, 1);
  const stride = int(o.stride, `${path}.stride`, 1);
  if (typeof o.cost !== 'number' || !Number.isFinite(o.cost) || o.cost < 0) {
    bad(`${path}.cost`, `expected a finite number >= 0, got ${show(o.cost)}`);
  }
  return { index, layers, rf, stride, cost: o.cost };
}

/**
 * Parses and validates the JSON form of a result (an object, not a string). Every field is
 * checked, including the relations between them (range inside [0, total], nextIndex inside the
 * range and equal to its end when complete, evaluated = nextIndex − start, feasible ≤ evaluated,
 * histogram rf ascending and summing to feasible, candidates of one depth); fields it does not
 * know are ignored. Throws RfError `invalid-result` naming the field.
 */
export function resultFromJSON(x: unknown): SweepResult {
  const o = obj(x, 'result');
  const total = count(o.total, 'total');
  const rangeObj = obj(o.range, 'range');
  const start = count(rangeObj.start, 'range.start');
  const end = count(rangeObj.end, 'range.end');
  if (start > end) bad('range', `start ${start} is after end ${end}`);
  if (end > total) bad('range.end', `${end} is beyond total ${total}`);
  const nextIndex = count(o.nextIndex, 'nextIndex');
  if (nextIndex < start || nextIndex > end)
    bad('nextIndex', `${nextIndex} is outside the range [${start}, ${end}]`);
  if (typeof o.complete !== 'boolean') bad('complete', `expected true or false, got ${show(o.complete)}`);
  if (o.complete && nextIndex !== end)
    bad('nextIndex', `a complete result must end at range.end ${end}, got ${nextIndex}`);
  const evaluated = count(o.evaluated, 'evaluated');
  if (evaluated !== nextIndex - start) {
    bad(
      'evaluated',
      `${evaluated} does not match the covered range [${start}, ${nextIndex}) of ${nextIndex - start}`,
    );
  }
  const feasible = count(o.feasible, 'feasible');
  if (feasible > evaluated) bad('feasible', `${feasible} exceeds evaluated ${evaluated}`);
  if (o.backend !== 'wasm' && o.backend !== 'js')
    bad('backend', `expected "wasm" or "js", got ${show(o.backend)}`);
  if (typeof o.elapsedMs !== 'number' || !Number.isFinite(o.elapsedMs) || o.elapsedMs < 0) {
    bad('elapsedMs', `expected a finite number >= 0, got ${show(o.elapsedMs)}`);
  }
  if (typeof o.spaceId !== 'string' || o.spaceId === '')
    bad('spaceId', `expected a non-empty string, got ${show(o.spaceId)}`);

  const top = arr(o.top, 'top').map((c, i) => candidate(c, `top[${i}]`, total));
  const pareto = arr(o.pareto, 'pareto').map((c, i) => candidate(c, `pareto[${i}]`, total));
  const depth = top[0]?.layers.length ?? pareto[0]?.layers.length;
  for (const [name, list] of [
    ['top', top],
    ['pareto', pareto],
  ] as const) {
    list.forEach((c, i) => {
      if (c.layers.length !== depth)
        bad(`${name}[${i}].layers`, `has ${c.layers.length} layers, expected ${depth}`);
      if (c.index < start || c.index >= nextIndex) {
        bad(`${name}[${i}].index`, `${c.index} is outside the covered range [${start}, ${nextIndex})`);
      }
    });
  }
  if (BigInt(top.length) > feasible) bad('top', `has ${top.length} entries but only ${feasible} feasible`);
  top.forEach((c, i) => {
    if (i > 0 && compareCandidates(top[i - 1]!, c) >= 0) {
      bad(`top[${i}]`, `is not ranked after top[${i - 1}] (lower cost, then larger rf, then lower index)`);
    }
  });
  pareto.forEach((c, i) => {
    const prev = pareto[i - 1];
    if (prev !== undefined && (c.rf <= prev.rf || c.cost <= prev.cost)) {
      bad(`pareto[${i}]`, `(rf ${c.rf}, cost ${c.cost}) must have larger rf and cost than pareto[${i - 1}]`);
    }
  });

  let sum = 0n;
  let prevRf = 0;
  const histogram = arr(o.histogram, 'histogram').map((h, i) => {
    const path = `histogram[${i}]`;
    const ho = obj(h, path);
    const rf = int(ho.rf, `${path}.rf`, 1);
    if (rf <= prevRf) bad(`${path}.rf`, `${rf} is not above the previous rf ${prevRf} (rf must ascend)`);
    prevRf = rf;
    const n = count(ho.count, `${path}.count`);
    if (n === 0n) bad(`${path}.count`, 'expected a count >= 1 (empty bins are left out)');
    sum += n;
    return { rf, count: n };
  });
  if (sum !== feasible) bad('histogram', `counts add up to ${sum}, but feasible is ${feasible}`);

  return {
    evaluated,
    feasible,
    top,
    pareto,
    histogram,
    backend: o.backend,
    elapsedMs: o.elapsedMs,
    range: { start, end },
    complete: o.complete,
    nextIndex,
    total,
    spaceId: o.spaceId,
  };
}
