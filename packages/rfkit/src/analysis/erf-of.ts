// `erfOf(report, layer)`: the effective-receptive-field weights behind a report's `erf`, for
// drawing. A report does not carry the weights (a long chain's are megabytes per layer), so
// analyze() remembers which model each report came from, and erfOf recomputes one layer.
import { RfError } from '../errors.js';
import { show } from '../messages.js';
import { checkOptions } from '../options.js';
import type { ErfAxis, ErfDistribution, ErfOptions, LayerReport, Model, Report } from '../types.js';
import { dense, MAX_WEIGHTS } from './erf-dist.js';
import { erfMap } from './erf-map.js';
import { type Resolved, unitErf } from './erf-pass.js';
import { centralSpan } from './erf-span.js';
import { findLayer } from './region.js';
import { checkReport } from './report-check.js';

const sources = new WeakMap<Report, { m: Model; resolved: Resolved }>();

/** Called by analyze(): the model (with its input size) and pads a report was computed from. */
export function registerReport(report: Report, m: Model, resolved: Resolved): void {
  sources.set(report, { m, resolved });
}

/** Relative tolerance for probe runs (stand-in input sizes) to agree on an ERF std. */
const AGREE = 1e-9;

/**
 * Fills an ERF left null because it depends on unknown SAME pads when every stand-in input size
 * gives the same one (cf. the other fields in analyze's refineByResidues).
 */
export function refineErf(rep: LayerReport, probes: LayerReport[]): void {
  for (let a = 0; a < rep.erf.std.length; a++) {
    if (rep.erf.std[a] !== null) continue;
    const std = probes[0]?.erf.std[a] ?? null;
    const span = probes[0]?.erf.span[a] ?? null;
    if (std === null || span === null) continue;
    const agree = probes.every((p) => {
      const s = p.erf.std[a];
      return (
        s !== null &&
        s !== undefined &&
        Math.abs(s - std) <= AGREE * Math.max(1, std) &&
        p.erf.span[a] === span
      );
    });
    if (agree) {
      rep.erf.std[a] = std;
      rep.erf.span[a] = span;
    }
  }
}

/**
 * The effective receptive field of unit 0 of `layer` (a name or an index): per axis, the weight of
 * every input position of the unit's region, from its first position (`start`), with the mean,
 * the standard deviation and the positions `erf.span` counts. With `options.map`, also the joint
 * weights over two axes, for a heat map (the per-axis weights are its row and column sums).
 *
 * `report` must be the object analyze() returned in this program (a report read back from JSON
 * carries no model). An axis is null where the report's `erf` is; also where only stand-in input
 * sizes determined it (SAME padding with an unknown input size).
 */
export function erfOf(report: Report, layer: string | number, options?: ErfOptions): ErfDistribution {
  options = checkOptions<ErfOptions>('erfOf', options, ['map']);
  // A WeakMap lookup accepts anything: the report is known to be analyze's before it is read.
  const source = sources.get(report);
  if (source === undefined) {
    throw new RfError(
      'invalid-argument',
      'erfOf: the report must be one that analyze() returned in this program (a copy or a report read back from JSON has no model); analyse the model again',
      'report',
    );
  }
  const l = findLayer(checkReport(report, 'erfOf'), layer, 'erfOf');
  if (options.map !== undefined) checkMapAxes(options.map, source.m.axes);
  const { m, resolved } = source;
  const index = report.layers.indexOf(l);
  const axes: (ErfAxis | null)[] = [];
  for (let a = 0; a < m.axes; a++) {
    if (l.erf.std[a] === null) {
      axes.push(null);
      continue;
    }
    const unit = unitErf(m, resolved, index, a);
    if (unit === null) {
      axes.push(null);
      continue;
    }
    const d = unit.d;
    const stored = d.w === null ? null : dense(d.w);
    const span = centralSpan(d);
    if (stored === null || span === null || d.hi - d.lo + 1 > MAX_WEIGHTS) {
      // Too many weights to keep (erf.span is null there too).
      axes.push(null);
      continue;
    }
    let total = 0;
    for (const w of stored) total += w;
    const weights = new Float64Array(d.hi - d.lo + 1);
    const at = d.w!.f0 - d.lo;
    for (let i = 0; i < stored.length; i++) weights[at + i] = stored[i]! / total;
    axes.push({
      start: unit.relative ? null : d.lo,
      weights,
      mean: unit.relative ? null : d.mean,
      std: Math.sqrt(Math.max(d.variance, 0)),
      span: { first: span[0] - d.lo, last: span[1] - d.lo },
    });
  }
  const out: ErfDistribution = { layer: l.name, axes };
  if (options.map !== undefined) out.map = erfMap(m, resolved, index, options.map);
  return out;
}

/** `options.map`: two different axes of the model. */
function checkMapAxes(map: unknown, axes: number): void {
  const ok =
    Array.isArray(map) &&
    map.length === 2 &&
    Number.isInteger(map[0]) &&
    Number.isInteger(map[1]) &&
    map[0] >= 0 &&
    map[1] >= 0 &&
    map[0] < axes &&
    map[1] < axes &&
    map[0] !== map[1];
  if (!ok) {
    throw new RfError(
      'invalid-argument',
      `erfOf: options.map must name two different axes of the model (0…${axes - 1}), got ${show(map)}`,
      'options.map',
    );
  }
}
