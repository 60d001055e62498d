// rfMin by listing paths: every path from the model input to a sink, analysed as a chain of its own
// by the brute-force oracle (a merge on the path becomes an identity), and the smallest rf over the
// paths through each layer. Exponential in the number of merges: for small models only.
import { isRfError } from '../../src/errors.js';
import { oracleOfModel } from '../../src/oracle/report.js';
import type { Axis, Model, NormalizedLayer } from '../../src/types.js';

const MERGES = new Set(['add', 'concat', 'mul']);

/** All paths from the input to a layer nobody reads, as layer indices; null when above `cap`. */
export function maximalPaths(m: Model, cap: number): number[][] | null {
  const index = new Map(m.layers.map((l, i) => [l.name, i]));
  const readers: number[][] = m.layers.map(() => []);
  const firsts: number[] = [];
  m.layers.forEach((l, i) => {
    for (const name of new Set(l.inputs)) {
      if (name === 'input') firsts.push(i);
      else readers[index.get(name)!]!.push(i);
    }
  });
  const paths: number[][] = [];
  const walk = (path: number[]): boolean => {
    const last = path[path.length - 1]!;
    const next = readers[last]!;
    if (next.length === 0) {
      paths.push(path);
      return paths.length <= cap;
    }
    return next.every((j) => walk([...path, j]));
  };
  for (const i of firsts) if (!walk([i])) return null;
  return paths;
}

/** One path as a model: its layers in order, each reading the one before. */
function chainOf(m: Model, path: number[]): Model {
  const layers: NormalizedLayer[] = path.map((i, pos) => {
    const l = m.layers[i]!;
    return {
      ...l,
      op: MERGES.has(l.op) ? 'identity' : l.op,
      index: pos,
      inputs: [pos === 0 ? 'input' : m.layers[path[pos - 1]!]!.name],
    };
  });
  return { ...m, layers };
}

/** Per layer, the smallest rf over the paths through it (per axis); null when there are too many paths. */
export function rfMinByPaths(m: Model, cap = 256): Axis<number>[] | null {
  const paths = maximalPaths(m, cap);
  if (paths === null) return null;
  const best: Axis<number>[] = m.layers.map(() =>
    new Array<number | null>(m.axes).fill(Number.POSITIVE_INFINITY),
  );
  for (const path of paths) {
    const chain = chainOf(m, path);
    let report: ReturnType<typeof oracleOfModel>;
    try {
      report = oracleOfModel(chain);
    } catch (e) {
      // A path through a global merge may have no valid sizes of its own (the merge had none):
      // its receptive field does not depend on them unless a SAME pad does.
      if (!isRfError(e) || e.code !== 'empty-output') throw e;
      report = oracleOfModel({ ...chain, input: { ...chain.input, size: null } });
      // A global layer's rf is the input's size, known all the same.
      for (const l of report.layers) if (l.global) l.rf = m.input.size ?? l.rf;
    }
    path.forEach((i, pos) => {
      const rf = report.layers[pos]!.rf;
      const cur = best[i]!;
      for (let a = 0; a < m.axes; a++) {
        const r = rf[a]!;
        // An unknown rf on some path leaves the minimum unknown.
        if (r === null || cur[a] === null) cur[a] = null;
        else cur[a] = Math.min(cur[a]!, r);
      }
    });
  }
  return best;
}
