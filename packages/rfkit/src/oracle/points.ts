// The oracle's n-D region of one unit: explicit points pushed backwards through each op's
// definition over all axes at once (the per-axis engines in axis.ts only project it). The engines
// still run first, to validate the model and resolve each layer's padding; nothing here shares
// arithmetic with src/analysis.
import { RfError } from '../errors.js';
import type { Model } from '../types.js';
import { AxisEngine } from './axis.js';
import { type Budget, MAX_STEPS, spend } from './budget.js';
import { type OracleOptions, resolveInputSize } from './report.js';

/** Budget steps per n-D point (see budget.ts). */
const POINT_STEPS = 4;

function product(lists: number[][]): number[][] {
  let out: number[][] = [[]];
  for (const list of lists) {
    const next: number[][] = [];
    for (const prefix of out) for (const x of list) next.push([...prefix, x]);
    out = next;
  }
  return out;
}

/** See `oracleFootprint` in oracle.ts. */
export function footprintPointsOfModel(
  model: Model,
  layerName: string,
  index: number[],
  options: OracleOptions,
): number[][] {
  const target = model.layers.findIndex((l) => l.name === layerName);
  if (target < 0)
    throw new RfError('unknown-layer', `layer: "${layerName}" names no layer of the model`, 'layer');
  if (index.length !== model.axes || !index.every((j) => Number.isInteger(j))) {
    throw new RfError('invalid-argument', `index: expected ${model.axes} integer(s)`, 'index');
  }
  const size = resolveInputSize(model, options.inputSize);
  const budget: Budget = { left: MAX_STEPS };
  const hasSame = model.layers.some((l) => l.op !== 'deconv' && l.padding.kind === 'same');
  if (size === null && hasSame) {
    throw new RfError('invalid-argument', 'oracleFootprint: SAME padding needs an input size', 'inputSize');
  }
  const engines = Array.from(
    { length: model.axes },
    (_, a) => new AxisEngine(model, a, size?.[a] ?? null, { checkSizes: true, budget }),
  );
  for (let i = 0; i <= target; i++) for (const e of engines) e.step(i);
  if (engines[0]!.isGlobal(target)) {
    if (size === null)
      throw new RfError(
        'invalid-argument',
        'oracleFootprint: a global layer needs an input size',
        'inputSize',
      );
    spend(budget, POINT_STEPS * size.reduce((p, n) => p * n, 1));
    return product(size.map((n) => Array.from({ length: n }, (_, x) => x)));
  }
  const byName = new Map(model.layers.map((l, i) => [l.name, i]));
  const need: (Map<string, number[]> | undefined)[] = [];
  need[target] = new Map([[index.join(','), index]]);
  const result = new Map<string, number[]>();
  const add = (src: number, p: number[]) => {
    const key = p.join(',');
    if (src < 0) result.set(key, p);
    else {
      let m = need[src];
      if (!m) need[src] = m = new Map();
      m.set(key, p);
    }
  };
  for (let l = target; l >= 0; l--) {
    const units = need[l];
    if (!units) continue;
    const layer = model.layers[l]!;
    const inputs = layer.inputs.map((n) => (n === 'input' ? -1 : byName.get(n)!));
    const src = inputs[0]!;
    for (const u of units.values()) {
      const perAxis: number[][] = u.map((x, a) => {
        const k = layer.kernel[a]!;
        const s = layer.stride[a]!;
        const d = layer.dilation[a]!;
        const p = engines[a]!.padBegin(l);
        const xs: number[] = [];
        switch (layer.op) {
          case 'conv':
          case 'maxpool':
          case 'avgpool':
            for (let t = 0; t < k; t++) xs.push(x * s - p + t * d);
            break;
          case 'deconv':
            for (let t = 0; t < k; t++) {
              const y = x + p - t * d;
              if (y % s === 0) xs.push(y / s + 0);
            }
            break;
          case 'upsample':
            xs.push(Math.floor(x / layer.scale[a]!) + 0);
            break;
          default:
            xs.push(x);
        }
        return xs;
      });
      // An n-D point (an array and a string key) costs about a hundred set entries.
      spend(budget, POINT_STEPS * perAxis.reduce((n, xs) => n * xs.length, 1));
      const points = product(perAxis);
      const targets = layer.op === 'add' || layer.op === 'concat' || layer.op === 'mul' ? inputs : [src];
      for (const t of targets) for (const pt of points) add(t, pt);
    }
  }
  return [...result.values()].sort((x, y) => {
    for (let a = 0; a < x.length; a++) if (x[a] !== y[a]) return x[a]! - y[a]!;
    return 0;
  });
}
