// The joint ERF over two axes by brute force: a (position, position) → weight map pushed backwards
// from unit 0 through each op's definition, one unit at a time (SAME pads from the oracle's engines).
// For models with a known input size.
import { enginesOf } from '../../src/oracle/report.js';
import type { Model } from '../../src/types.js';

/** Where one unit's weight goes on one axis: (source unit, share) pairs. */
function taps(m: Model, i: number, axis: number, pad: number, o: number): [number, number][] {
  const l = m.layers[i]!;
  const k = l.kernel[axis]!;
  const s = l.stride[axis]!;
  const d = l.dilation[axis]!;
  switch (l.op) {
    case 'conv':
    case 'maxpool':
    case 'avgpool':
      return Array.from({ length: k }, (_, t) => [o * s - pad + t * d, 1 / k]);
    case 'deconv': {
      const reach: number[] = [];
      for (let t = 0; t < k; t++) if ((o + pad - t * d) % s === 0) reach.push((o + pad - t * d) / s);
      return reach.map((x) => [x, 1 / reach.length]);
    }
    case 'upsample':
      return [[Math.floor(o / l.scale[axis]!), 1]];
    default:
      return [[o, 1]];
  }
}

export function brute2d(
  m: Model,
  layer: string,
  [a, b]: [number, number],
): { start: [number, number]; height: number; width: number; weights: number[] } | null {
  const target = m.layers.findIndex((l) => l.name === layer);
  const groups = enginesOf(m, {}, target);
  const [ea, eb] = [groups[a]!.engines[0]!, groups[b]!.engines[0]!];
  if (ea.isGlobal(target)) return null;
  const index = new Map(m.layers.map((l, i) => [l.name, i]));
  const need: Map<string, number>[] = m.layers.map(() => new Map());
  need[target]!.set('0,0', 1);
  const result = new Map<string, number>();
  const add = (into: Map<string, number>, x: number, y: number, w: number) => {
    const key = `${x + 0},${y + 0}`;
    into.set(key, (into.get(key) ?? 0) + w);
  };
  for (let i = target; i >= 0; i--) {
    const l = m.layers[i]!;
    const srcs = l.inputs.map((n) => (n === 'input' ? -1 : index.get(n)!));
    for (const [key, w] of need[i]!) {
      const [x, y] = key.split(',').map(Number) as [number, number];
      for (const [u, su] of taps(m, i, a, ea.padBegin(i), x)) {
        for (const [v, sv] of taps(m, i, b, eb.padBegin(i), y)) {
          for (const s of srcs) add(s < 0 ? result : need[s]!, u, v, (w * su * sv) / srcs.length);
        }
      }
    }
  }
  const cells = [...result]
    .filter(([, w]) => w > 0)
    .map(([k, w]): [number, number, number] => {
      const [x, y] = k.split(',').map(Number) as [number, number];
      return [x, y, w];
    });
  if (cells.length === 0) return null;
  const x0 = Math.min(...cells.map((c) => c[0]));
  const y0 = Math.min(...cells.map((c) => c[1]));
  const height = Math.max(...cells.map((c) => c[0])) - x0 + 1;
  const width = Math.max(...cells.map((c) => c[1])) - y0 + 1;
  const total = cells.reduce((s, c) => s + c[2], 0);
  const weights = new Array<number>(height * width).fill(0);
  for (const [x, y, w] of cells) weights[(x - x0) * width + (y - y0)] = w / total;
  return { start: [x0, y0], height, width, weights };
}
