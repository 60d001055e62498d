// The brute-force oracle (DESIGN §1, last paragraph): receptive fields found by pushing explicit
// index sets backwards through every layer's definition. It shares no arithmetic with
// src/analysis, so the two can check each other.

import { RfError } from '../errors.js';
import { show } from '../messages.js';
import { isModel, normalizeSpec } from '../model/parse.js';
import { checkOptions } from '../options.js';
import type { Model, ModelSpec, OracleReport } from '../types.js';
import { type OracleErfAxis, oracleErfOfModel } from './erf.js';
import { footprintPointsOfModel } from './points.js';
import { type OracleOptions, oracleOfModel, regionAxesOfModel, regionSpansOfModel } from './report.js';

export type { OracleErfAxis } from './erf.js';
export type { OracleOptions } from './report.js';

/** A Model from parseModel as it is; anything else is validated as a ModelSpec. */
function toModel(m: ModelSpec | Model): Model {
  return isModel(m) ? m : normalizeSpec(m);
}

function checkRegionArgs(fn: string, layer: unknown, index: unknown): void {
  if (typeof layer !== 'string') {
    throw new RfError('invalid-argument', `${fn}: layer must be a layer name, got ${show(layer)}`, 'layer');
  }
  let ok = Array.isArray(index);
  for (let i = 0; ok && i < (index as unknown[]).length; i++)
    ok = Number.isSafeInteger((index as unknown[])[i]);
  if (!ok) {
    throw new RfError(
      'invalid-argument',
      `${fn}: index must be an array of integers (one per axis), got ${show(index)}`,
      'index',
    );
  }
}

/**
 * The per-layer report of DESIGN §3, by brute force — exact and slow. For tests and for checking
 * `analyze`, not for production use.
 *
 * For every layer and axis it propagates the index sets of output units 0…T (T = a multiple of
 * the period of the layer's units, the product of the up-sampling factors on its paths) back to
 * the model input, through each op's definition, and reads off rf (largest span over the phases
 * that read something), jump (left edge of unit T minus that of unit 0, over T), effective
 * padding and centre (of unit 0) and covered (size of unit 0's set). Output sizes come from
 * listing the windows (PyTorch's ceil-mode rule included). With SAME padding and no input size it
 * runs at one stand-in size per residue of n modulo the product of strides and reports `null`
 * where they disagree. Throws `RfError` (`empty-output`, `jump-mismatch`, `size-mismatch`, and
 * the parser's codes for a ModelSpec) where the model is invalid. `warnings` holds
 * `misaligned-merge` (paths whose unit centres differ in some phase, at every input size),
 * `same-padding-unknown-size` and `rf-exceeds-input`, with codes and layers as `analyze` gives
 * them (the messages differ). `rfMin`, `erf` and the warnings that derive from them are not part of
 * it: `oracleErf` brute-forces the ERF; the smallest rf over paths needs the paths listed.
 *
 * Cost grows with rf × period × depth² per axis (and × the product of strides with SAME padding
 * and an unknown size): keep models small.
 *
 * @param model A ModelSpec (parsed with `parseModel`) or an already normalised Model.
 * @param options `inputSize` overrides the model's input size (default: the model's).
 */
export function oracle(model: ModelSpec | Model, options?: OracleOptions): OracleReport {
  options = checkOptions<OracleOptions>('oracle', options, ['inputSize']);
  return oracleOfModel(toModel(model), options);
}

/**
 * Per spatial axis, the sorted set of model-input indices that output unit `index` of `layer`
 * depends on — exact and slow, by brute force over each op's definition. Indices range over all
 * integers: those outside `[0, n)` are padding (or units the closed form extrapolates), so the
 * set's size is `covered` and its span is the unit's receptive field. A global layer depends on
 * every pixel `[0, n)`.
 *
 * Throws `RfError('invalid-argument')` when the set depends on an input size that is unknown
 * (SAME padding, or a global layer, without `input.size` or `options.inputSize`).
 *
 * @param model A ModelSpec (parsed with `parseModel`) or an already normalised Model.
 * @param layer The layer's name.
 * @param index The output unit, one integer per axis (any integer: units outside the output are extrapolated).
 * @param options `inputSize` overrides the model's input size (default: the model's).
 */
export function oracleRegion(
  model: ModelSpec | Model,
  layer: string,
  index: number[],
  options?: OracleOptions,
): { indices: number[][] } {
  options = checkOptions<OracleOptions>('oracleRegion', options, ['inputSize']);
  const m = toModel(model);
  checkRegionArgs('oracleRegion', layer, index);
  const axes = regionAxesOfModel(m, layer, index, options);
  const indices = axes.map((set, a) => {
    if (set === null) {
      throw new RfError(
        'invalid-argument',
        `layer "${layer}": the input region on axis ${a} depends on the unknown input size; pass inputSize`,
        'inputSize',
      );
    }
    return set;
  });
  return { indices };
}

/**
 * Per axis, the first and last input index that unit `index` of `layer` depends on (both null if
 * it depends on none), or `null` where that span depends on the unknown input size — what
 * `regionOf` should report, unclipped. Exact and slow.
 */
export function oracleRegionSpans(
  model: ModelSpec | Model,
  layer: string,
  index: number[],
  options?: OracleOptions,
): ({ start: number | null; end: number | null } | null)[] {
  options = checkOptions<OracleOptions>('oracleRegionSpans', options, ['inputSize']);
  const m = toModel(model);
  checkRegionArgs('oracleRegionSpans', layer, index);
  return regionSpansOfModel(m, layer, index, options);
}

/**
 * Every model-input position (one integer per axis, padding included) that output unit `index` of
 * `layer` depends on, sorted — the n-D set that `footprintOf` gives in closed form, by brute force
 * over explicit points. Exact and very slow (the cost grows with the set's size × depth): for
 * tests on small models. SAME padding and global layers need an input size.
 */
export function oracleFootprint(
  model: ModelSpec | Model,
  layer: string,
  index: number[],
  options?: OracleOptions,
): { points: number[][] } {
  options = checkOptions<OracleOptions>('oracleFootprint', options, ['inputSize']);
  const m = toModel(model);
  checkRegionArgs('oracleFootprint', layer, index);
  return { points: footprintPointsOfModel(m, layer, index, options) };
}

/**
 * The effective receptive field of unit 0 of `layer`, by brute force in exact arithmetic — slow,
 * for tests and checking `analyze`'s `erf` and `erfOf`. Per axis: the weight of every input
 * position when each op spreads a unit's weight equally over what it reads (a window over its k
 * taps, a deconv unit over the taps that reach it, an upsample unit to its source, a merge over its
 * inputs), pushed backwards from unit 0 as explicit position → weight maps; with their standard
 * deviation and span. `null` on an axis of a global layer, or where unit 0 reads no input. With
 * SAME padding and no input size it runs at one stand-in size per residue, and a field is null
 * where they disagree. Cost: rf × depth per axis, with numbers that grow with depth.
 *
 * @param model A ModelSpec (parsed with `parseModel`) or an already normalised Model.
 * @param layer The layer's name.
 * @param options `inputSize` overrides the model's input size (default: the model's).
 */
export function oracleErf(
  model: ModelSpec | Model,
  layer: string,
  options?: OracleOptions,
): (OracleErfAxis | null)[] {
  options = checkOptions<OracleOptions>('oracleErf', options, ['inputSize']);
  const m = toModel(model);
  if (typeof layer !== 'string') {
    throw new RfError(
      'invalid-argument',
      `oracleErf: layer must be a layer name, got ${show(layer)}`,
      'layer',
    );
  }
  return oracleErfOfModel(m, layer, options);
}
