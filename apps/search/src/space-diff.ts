// Which fields two search spaces differ in, for the messages of `--resume` and `merge`: a result
// file names its space only by a fingerprint, which says that two spaces differ but not where.
import type { NormalizedSweep } from 'rfkit';

/** How a field of a NormalizedSweep is called in a SPACE.json file (and flags). */
const FIELD_NAMES: Record<string, string> = {
  depth: 'depth',
  rfMin: 'rf.min',
  rfMax: 'rf.max',
  stride: 'constraints.stride',
  inputSize: 'constraints.inputSize',
  minOutput: 'constraints.minOutput',
  objective: 'objective',
  top: 'top',
};

function text(x: unknown): string {
  if (x === null || x === undefined) return 'none';
  if (Array.isArray(x)) return `[${x.join(', ')}]`;
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}

/**
 * The fields in which `a` and `b` differ, e.g. `depth 8 in part-0.json, 9 in part-1.json; kernel
 * choices [1, 3] in part-0.json, [1, 3, 5] in part-1.json`. Every field is compared (fields
 * added later too), a per-layer list once for all layers when it differs the same way on each.
 * Empty when they are equal.
 */
export function spaceDifference(
  a: NormalizedSweep,
  b: NormalizedSweep,
  nameA: string,
  nameB: string,
): string {
  const diffs: string[] = [];
  const both = (x: unknown, y: unknown) => `${text(x)} in ${nameA}, ${text(y)} in ${nameB}`;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (key === 'layers' || key === 'total') continue;
    const x = ra[key];
    const y = rb[key];
    if (key === 'channels' && typeof x === 'object' && typeof y === 'object' && x && y) {
      const cx = x as Record<string, unknown>;
      const cy = y as Record<string, unknown>;
      for (const k of new Set([...Object.keys(cx), ...Object.keys(cy)])) {
        if (cx[k] !== cy[k]) diffs.push(`channels.${k} ${both(cx[k], cy[k])}`);
      }
      continue;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) diffs.push(`${FIELD_NAMES[key] ?? key} ${both(x, y)}`);
  }
  if (a.depth === b.depth) diffs.push(...layerDifferences(a, b, both));
  return diffs.join('; ');
}

function layerDifferences(
  a: NormalizedSweep,
  b: NormalizedSweep,
  both: (x: unknown, y: unknown) => string,
): string[] {
  const out: string[] = [];
  for (const key of ['kernel', 'stride', 'dilation'] as const) {
    const differing = a.layers
      .map((l, i) => ({ i, x: l[key], y: b.layers[i]![key] }))
      .filter((d) => d.x.join() !== d.y.join());
    if (differing.length === 0) continue;
    const first = differing[0]!;
    const uniform =
      differing.length === a.depth &&
      differing.every((d) => d.x.join() === first.x.join() && d.y.join() === first.y.join());
    if (uniform) out.push(`${key} choices ${both(first.x, first.y)}`);
    else {
      const shown = differing.slice(0, 3).map((d) => `layer ${d.i} ${key} choices ${both(d.x, d.y)}`);
      if (differing.length > 3) shown.push(`and ${differing.length - 3} more layers`);
      out.push(...shown);
    }
  }
  return out;
}
