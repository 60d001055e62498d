// The oracle over all axes of a normalised Model: one AxisEngine per axis, or one per probe size
// when SAME padding meets an unknown input size.

import { RfError } from '../errors.js';
import { show } from '../messages.js';
import type { Model, OracleLayerReport, OracleReport, PerAxis, Warning } from '../types.js';
import { AxisEngine, type AxisValues, lcm } from './axis.js';
import { type Budget, MAX_STEPS } from './budget.js';

export interface OracleOptions {
  /** Overrides the model's `input.size` (one value per axis, or a scalar for every axis). Default: the model's. */
  inputSize?: PerAxis;
}

/** Most stand-in sizes per axis for SAME padding with an unknown input size (each is a full run). */
const MAX_PROBES = 4096;
const WINDOWED = new Set(['conv', 'maxpool', 'avgpool']);
const MERGES = new Set(['add', 'concat', 'mul']);

/** The engines of one axis; `probing` when they run at stand-in sizes for an unknown input size. */
interface AxisGroup {
  engines: AxisEngine[];
  probing: boolean;
}

export function resolveInputSize(model: Model, override: PerAxis | undefined): number[] | null {
  if (override === undefined) return model.input.size;
  const size = typeof override === 'number' ? new Array<number>(model.axes).fill(override) : override;
  let ok = Array.isArray(size) && size.length === model.axes;
  for (let a = 0; ok && a < model.axes; a++) ok = Number.isSafeInteger(size[a]) && size[a]! >= 1;
  if (!ok) {
    throw new RfError(
      'invalid-argument',
      `inputSize: got ${show(override)}; expected ${model.axes} integer(s) >= 1`,
      'inputSize',
    );
  }
  return [...size];
}

/**
 * Stand-in input sizes for an unknown size on `axis`: one per residue of n modulo M, where M is a
 * multiple of every windowed layer's stride times the strides on the paths before it (so each
 * layer's own input size modulo its stride, all that SAME pads depend on, is fixed by n mod M), all
 * large enough that no layer's output is empty.
 */
function probeSizes(model: Model, axis: number): number[] {
  const byName = new Map<string, number>([['input', 1]]);
  let modulus = 1;
  let slack = 1;
  for (const l of model.layers) {
    let m = l.inputs.map((name) => byName.get(name) ?? 1).reduce(lcm, 1);
    if (WINDOWED.has(l.op)) m *= l.stride[axis]!;
    byName.set(l.name, m);
    modulus = lcm(modulus, m);
    const ke = l.dilation[axis]! * (l.kernel[axis]! - 1) + 1;
    const pad =
      l.padding.kind === 'explicit' ? Math.abs(l.padding.begin[axis]!) + Math.abs(l.padding.end[axis]!) : 0;
    slack += ke + pad + 2;
  }
  if (modulus > MAX_PROBES) {
    throw new RfError(
      'invalid-argument',
      `inputSize: without it the oracle would run ${modulus} probe sizes on axis ${axis} (SAME padding under strides); ` +
        `expected at most ${MAX_PROBES}: pass an input size`,
      'inputSize',
    );
  }
  const base = modulus * (slack + 1);
  return Array.from({ length: modulus }, (_, r) => base + r);
}

function axisGroups(model: Model, size: number[] | null): AxisGroup[] {
  const budget: Budget = { left: MAX_STEPS };
  const hasSame = model.layers.some((l) => WINDOWED.has(l.op) && l.padding.kind === 'same');
  return Array.from({ length: model.axes }, (_, a) => {
    if (size !== null)
      return { engines: [new AxisEngine(model, a, size[a]!, { checkSizes: true, budget })], probing: false };
    if (!hasSame)
      return { engines: [new AxisEngine(model, a, null, { checkSizes: true, budget })], probing: false };
    const engines = probeSizes(model, a).map(
      (n) => new AxisEngine(model, a, n, { checkSizes: false, budget }),
    );
    return { engines, probing: true };
  });
}

/** Runs every engine through layers 0..last, layer by layer so errors come in model order. */
function run(model: Model, size: number[] | null, last: number): AxisGroup[] {
  const groups = axisGroups(model, size);
  for (let i = 0; i <= last; i++) {
    for (const g of groups) for (const e of g.engines) e.step(i);
  }
  return groups;
}

/**
 * The engines of every axis run through layers 0…last: one per axis, or one per probe size where
 * SAME padding meets an unknown input size (`probing`). For siblings of the oracle (oracleErf).
 */
export function enginesOf(
  model: Model,
  options: OracleOptions,
  last: number,
): { engines: AxisEngine[]; probing: boolean }[] {
  return run(model, resolveInputSize(model, options.inputSize), last);
}

type Field = Exclude<keyof AxisValues, 'global'>;

/** A field's value on one axis: null where the probe sizes disagree (it depends on the unknown size). */
function agreed(group: AxisGroup, i: number, field: Field): number | null {
  const values = group.engines.map((e) => e.values[i]![field]);
  if (!group.probing) return values[0]!;
  if (field === 'outputSize') return null;
  if (group.engines[0]!.values[i]!.global && (field === 'rf' || field === 'covered')) return null;
  const first = values[0]!;
  return values.every((v) => v === first) ? first : null;
}

/** See `oracle` in oracle.ts. */
export function oracleOfModel(model: Model, options: OracleOptions = {}): OracleReport {
  const size = resolveInputSize(model, options.inputSize);
  const groups = run(model, size, model.layers.length - 1);
  const layers: OracleLayerReport[] = model.layers.map((layer, i) => {
    const pick = (field: Field) => groups.map((g) => agreed(g, i, field));
    return {
      name: layer.name,
      op: layer.op,
      inputs: [...layer.inputs],
      rf: pick('rf'),
      jump: pick('jump'),
      effectivePadding: pick('effectivePadding'),
      center: pick('center'),
      outputSize: pick('outputSize'),
      covered: pick('covered'),
      global: groups[0]!.engines[0]!.values[i]!.global,
    };
  });
  const warnings = [
    ...misalignedWarnings(model, groups),
    ...samePaddingWarnings(model, groups),
    ...exceedingWarnings(layers, size),
  ];
  const output = layers[layers.length - 1];
  if (!output)
    throw new RfError('invalid-model', 'layers: the model has no layers; expected at least one', 'layers');
  return {
    name: model.name,
    input: { size, channels: model.input.channels },
    axes: model.axes,
    layers,
    output,
    warnings,
  };
}

/** A value on one axis: null where the probe sizes disagree. */
function agreedValue(group: AxisGroup, read: (e: AxisEngine) => number | null): number | null {
  const values = group.engines.map(read);
  const first = values[0]!;
  return values.every((v) => v === first) ? first : null;
}

/**
 * DESIGN §1: merged paths whose unit centres differ (phase by phase) are misaligned. One warning
 * per merge, axis and path that differs from the first path in some phase at every input size
 * (every probe size when it is unknown; a centre that depends on it prints as `?`).
 */
function misalignedWarnings(model: Model, groups: AxisGroup[]): Warning[] {
  const warnings: Warning[] = [];
  model.layers.forEach((layer, i) => {
    if (!MERGES.has(layer.op) || groups[0]!.engines[0]!.isGlobal(i)) return;
    groups.forEach((g, a) => {
      const table = g.engines[0]!.centres[i]!;
      for (let k = 1; k < table.length; k++) {
        for (let r = 0; r < table[k]!.length; r++) {
          // Misaligned at every probe size, i.e. whatever the (unknown) input size is.
          const differ = g.engines.every((e) => {
            const [c0, ck] = [e.centres[i]![0]![r]!, e.centres[i]![k]![r]!];
            return c0 !== null && ck !== null && c0 !== ck;
          });
          if (!differ) continue;
          const c0 = agreedValue(g, (e) => e.centres[i]![0]![r]!);
          const ck = agreedValue(g, (e) => e.centres[i]![k]![r]!);
          warnings.push({
            code: 'misaligned-merge',
            message: `${layer.name}: inputs "${layer.inputs[0]}" and "${layer.inputs[k]}" are misaligned on axis ${a}: unit ${r} centres at input ${c0 ?? '?'} and ${ck ?? '?'}`,
            layers: [layer.name, layer.inputs[0]!, layer.inputs[k]!],
          });
          break;
        }
      }
    });
  });
  return warnings;
}

/** SAME layers whose left pad differs between probe sizes, i.e. depends on the unknown size. */
function samePaddingWarnings(model: Model, groups: AxisGroup[]): Warning[] {
  const warnings: Warning[] = [];
  model.layers.forEach((layer, i) => {
    if (layer.padding.kind !== 'same' || !WINDOWED.has(layer.op)) return;
    const axes = groups.flatMap((g, a) =>
      g.probing && !g.engines[0]!.isGlobal(i) && agreedValue(g, (e) => e.padBegin(i)) === null ? [a] : [],
    );
    if (axes.length === 0) return;
    warnings.push({
      code: 'same-padding-unknown-size',
      message: `${layer.name}: the "same" left padding on axis ${axes.join(', ')} depends on the unknown input size`,
      layers: [layer.name],
    });
  });
  return warnings;
}

/** Non-global layers whose rf exceeds the (known) input size on some axis. */
function exceedingWarnings(layers: OracleLayerReport[], size: number[] | null): Warning[] {
  if (size === null) return [];
  const names = layers
    .filter((l) => !l.global && l.rf.some((r, a) => r !== null && r > size[a]!))
    .map((l) => l.name);
  if (names.length === 0) return [];
  return [
    {
      code: 'rf-exceeds-input',
      message: `the receptive field exceeds the input size [${size.join(', ')}] at ${names.length} layer(s)`,
      layers: names,
    },
  ];
}

/**
 * Per axis, the sorted model-input indices that unit `index` of `layerName` depends on, once per
 * probe size (a single entry when the size is known or nothing depends on it); null on an axis
 * of a global layer without an input size.
 */
function regionSetsOfModel(
  model: Model,
  layerName: string,
  index: number[],
  options: OracleOptions,
): (number[][] | null)[] {
  const target = model.layers.findIndex((l) => l.name === layerName);
  if (target < 0) {
    throw new RfError('unknown-layer', `layer: "${layerName}" names no layer of the model`, 'layer');
  }
  if (index.length !== model.axes || !index.every((j) => Number.isInteger(j))) {
    throw new RfError(
      'invalid-argument',
      `index: got ${show(index)}; expected ${model.axes} integer(s)`,
      'index',
    );
  }
  const size = resolveInputSize(model, options.inputSize);
  const groups = run(model, size, target);
  return groups.map((g, a) => {
    if (g.engines[0]!.isGlobal(target)) {
      if (size === null) return null;
      g.engines[0]!.spend(size[a]!);
      return [Array.from({ length: size[a]! }, (_, x) => x)];
    }
    return g.engines.map((e) => [...e.region(target, index[a]!)].sort((x, y) => x - y));
  });
}

/**
 * Per axis, the sorted model-input indices that unit `index` of `layerName` depends on, or null on
 * an axis where that set depends on an unknown input size (SAME padding). A global layer depends
 * on every pixel of the input (null without an input size).
 */
export function regionAxesOfModel(
  model: Model,
  layerName: string,
  index: number[],
  options: OracleOptions = {},
): (number[] | null)[] {
  return regionSetsOfModel(model, layerName, index, options).map((sets) => {
    if (sets === null) return null;
    const first = sets[0]!;
    const same = sets.every((s) => s.length === first.length && s.every((v, k) => v === first[k]));
    return same ? first : null;
  });
}

/**
 * Per axis, the first and last input index of the unit's set (null, null for an empty set), or
 * null where that span depends on an unknown input size (the set itself may vary while its span
 * does not).
 */
export function regionSpansOfModel(
  model: Model,
  layerName: string,
  index: number[],
  options: OracleOptions = {},
): ({ start: number | null; end: number | null } | null)[] {
  return regionSetsOfModel(model, layerName, index, options).map((sets) => {
    if (sets === null) return null;
    const spans = sets.map((s) => ({ start: s[0] ?? null, end: s[s.length - 1] ?? null }));
    const first = spans[0]!;
    return spans.every((x) => x.start === first.start && x.end === first.end) ? first : null;
  });
}
