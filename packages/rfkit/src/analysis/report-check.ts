// A Report handed back to rfkit (regionOf) may have been copied, sent through a worker or read back
// from JSON, so it is not trusted: before use, the parts that will be read are checked to have the
// shape analyze gives them. A bad report is an `invalid-argument` error naming the field.
import { RfError } from '../errors.js';
import { show } from '../messages.js';
import type { LayerReport, PhaseTable, Report } from '../types.js';
import { MAX_PERIOD } from './axis.js';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function bad(fn: string, path: string, want: string, got: unknown): never {
  throw new RfError(
    'invalid-argument',
    `${fn}: report.${path} must be ${want}, got ${show(got)} (pass a report returned by analyze)`,
    `report.${path}`,
  );
}

function isInt(x: unknown, min = Number.MIN_SAFE_INTEGER): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
}

/** An array of `n` entries, each an integer ≥ `min` or (with `nulls`) null. */
function checkAxisList(fn: string, path: string, x: unknown, n: number, min: number, nulls = true): void {
  const want = `${n} ${nulls ? 'integers or nulls' : 'integers'}${min > Number.MIN_SAFE_INTEGER ? ` >= ${min}` : ''}`;
  if (!Array.isArray(x) || x.length !== n) bad(fn, path, `an array of ${want}`, x);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (!(isInt(v, min) || (nulls && v === null)))
      bad(fn, `${path}[${i}]`, want.replace(/^\d+ /, 'one of '), v);
  }
}

/**
 * Checks the report's frame (axes, input size, layers with names) and returns it typed. The
 * layers' own fields are checked one layer at a time by `checkLayerReport`.
 */
export function checkReport(report: unknown, fn: string): Report {
  if (!isObject(report)) {
    throw new RfError(
      'invalid-argument',
      `${fn}: expected a report returned by analyze, got ${show(report)}`,
      'report',
    );
  }
  const axes = report.axes;
  if (!isInt(axes, 1) || axes > 3) bad(fn, 'axes', 'an integer from 1 to 3', axes);
  if (!isObject(report.input)) bad(fn, 'input', 'an object', report.input);
  if (report.input.size !== null) checkAxisList(fn, 'input.size', report.input.size, axes, 1, false);
  const layers = report.layers;
  if (!Array.isArray(layers) || layers.length === 0) bad(fn, 'layers', 'a non-empty array', layers);
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    if (!isObject(l)) bad(fn, `layers[${i}]`, 'a layer report (an object)', l);
    if (typeof l.name !== 'string') bad(fn, `layers[${i}].name`, 'a string', l.name);
  }
  return report as unknown as Report;
}

/** Checks the fields of one layer report that locate its units' regions. */
export function checkLayerReport(report: Report, i: number, fn: string): LayerReport {
  const l = report.layers[i] as unknown as Record<string, unknown>;
  const axes = report.axes;
  const at = `layers[${i}]`;
  if (typeof l.global !== 'boolean') bad(fn, `${at}.global`, 'a boolean', l.global);
  if (l.global) return l as unknown as LayerReport;
  checkAxisList(fn, `${at}.outputSize`, l.outputSize, axes, 1);
  if (l.phases !== undefined) {
    if (!Array.isArray(l.phases) || l.phases.length !== axes)
      bad(fn, `${at}.phases`, `${axes} phase tables`, l.phases);
    for (let a = 0; a < axes; a++) checkPhaseTable(fn, `${at}.phases[${a}]`, l.phases[a]);
    return l as unknown as LayerReport;
  }
  checkAxisList(fn, `${at}.rf`, l.rf, axes, 0);
  // Without phase tables every axis has period 1, so the jump is a whole number.
  checkAxisList(fn, `${at}.jump`, l.jump, axes, 1);
  checkAxisList(fn, `${at}.effectivePadding`, l.effectivePadding, axes, Number.MIN_SAFE_INTEGER);
  return l as unknown as LayerReport;
}

function checkPhaseTable(fn: string, path: string, t: unknown): asserts t is PhaseTable {
  if (!isObject(t)) bad(fn, path, 'a phase table { period, shift, start, end }', t);
  if (!isInt(t.period, 1) || t.period > MAX_PERIOD)
    bad(fn, `${path}.period`, `an integer from 1 to ${MAX_PERIOD}`, t.period);
  if (!isInt(t.shift)) bad(fn, `${path}.shift`, 'an integer', t.shift);
  checkAxisList(fn, `${path}.start`, t.start, t.period, Number.MIN_SAFE_INTEGER);
  checkAxisList(fn, `${path}.end`, t.end, t.period, Number.MIN_SAFE_INTEGER);
}
