// The input box of any output unit (DESIGN §3).
import { RfError } from '../errors.js';
import { show } from '../messages.js';
import type { Axis, LayerReport, Region, Report } from '../types.js';
import { add, isBareOverflow, mul, sub } from './checked.js';
import { checkLayerReport, checkReport } from './report-check.js';

/** A layer of a checked report by name or index; `fn` names the caller in errors. */
export function findLayer(report: Report, layer: string | number, fn = 'regionOf'): LayerReport {
  let i: number;
  if (typeof layer === 'number') {
    if (!Number.isInteger(layer) || layer < 0 || layer >= report.layers.length) {
      throw new RfError(
        'invalid-argument',
        `${fn}: layer index must be an integer in [0, ${report.layers.length - 1}], got ${show(layer)}`,
        'layer',
      );
    }
    i = layer;
  } else if (typeof layer === 'string') {
    i = report.layers.findIndex((l) => l.name === layer);
    if (i < 0) {
      const names = report.layers.map((l) => l.name);
      const shown = names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
      throw new RfError('unknown-layer', `${fn}: no layer named ${show(layer)} (layers: ${shown})`, 'layer');
    }
  } else {
    throw new RfError(
      'invalid-argument',
      `${fn}: layer must be a layer name or index, got ${show(layer)}`,
      'layer',
    );
  }
  return checkLayerReport(report, i, fn);
}

/**
 * The input region (inclusive, unclipped: indices outside [0, n) are padding) of output unit
 * `index` of `layer`, and the same box clipped to the input when its size is known. A scalar index
 * applies to every axis. Entries are null where undetermined; a unit that reads no input (a deconv
 * phase with no taps) has null start/end; a clipped entry is null where the box lies wholly in padding.
 * The report is checked before use (it may be a copy, or read back from JSON). A region beyond
 * ±(2^53 − 1) is an `overflow` error.
 */
export function regionOf(report: Report, layer: string | number, index: number | number[]): Region {
  report = checkReport(report, 'regionOf');
  const l = findLayer(report, layer);
  const axes = report.axes;
  const idx = typeof index === 'number' ? new Array<number>(axes).fill(index) : index;
  if (!Array.isArray(idx) || idx.length !== axes) {
    throw new RfError(
      'invalid-argument',
      `regionOf: index must be an integer or ${axes} integers (one per axis), got ${show(index)}`,
      'index',
    );
  }
  for (let a = 0; a < axes; a++) {
    const j = idx[a]!;
    const n = l.outputSize[a];
    if (!Number.isSafeInteger(j) || j < 0) {
      throw new RfError(
        'invalid-argument',
        `regionOf: index on axis ${a} must be an integer >= 0, got ${show(j)}`,
        'index',
      );
    }
    if (n !== null && n !== undefined && j >= n) {
      throw new RfError(
        'invalid-argument',
        `regionOf: index ${j} on axis ${a} is outside layer "${l.name}" (output size ${n}: indices 0..${n - 1})`,
        'index',
      );
    }
  }
  try {
    return regionAt(report, l, idx);
  } catch (e) {
    if (!isBareOverflow(e)) throw e;
    throw new RfError(
      'overflow',
      `regionOf: unit ${show(index)} of layer "${l.name}": ${e.message}`,
      'index',
    );
  }
}

function regionAt(report: Report, l: LayerReport, idx: number[]): Region {
  const axes = report.axes;
  const size = report.input.size;
  const start: Axis<number> = [];
  const end: Axis<number> = [];
  for (let a = 0; a < axes; a++) {
    const j = idx[a]!;
    if (l.global) {
      start.push(size ? 0 : null);
      end.push(size ? size[a]! - 1 : null);
      continue;
    }
    const table = l.phases?.[a];
    if (table) {
      const r = j % table.period;
      const shiftBy = mul((j - r) / table.period, table.shift, 'region');
      const s = table.start[r];
      const e = table.end[r];
      start.push(s === null || s === undefined ? null : add(s, shiftBy, 'region'));
      end.push(e === null || e === undefined ? null : add(e, shiftBy, 'region'));
      continue;
    }
    const P = l.effectivePadding[a];
    const rf = l.rf[a];
    const jump = l.jump[a];
    if (
      P === null ||
      P === undefined ||
      rf === null ||
      rf === undefined ||
      jump === null ||
      jump === undefined
    ) {
      start.push(null);
      end.push(null);
      continue;
    }
    const first = sub(mul(j, jump, 'region'), P, 'region');
    start.push(first);
    end.push(add(first, rf - 1, 'region'));
  }
  let clipped: Region['clipped'] = null;
  if (size) {
    const cs: Axis<number> = [];
    const ce: Axis<number> = [];
    for (let a = 0; a < axes; a++) {
      const s = start[a];
      const e = end[a];
      const n = size[a]!;
      if (s === null || s === undefined || e === null || e === undefined || e < 0 || s > n - 1) {
        cs.push(null);
        ce.push(null);
      } else {
        cs.push(Math.max(s, 0));
        ce.push(Math.min(e, n - 1));
      }
    }
    clipped = { start: cs, end: ce };
  }
  return { start, end, clipped };
}
