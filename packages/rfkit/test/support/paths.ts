// rfMin by listing paths: every path from the model input to a sink, analysed as a chain of its own
// by the brute-force oracle (a merge on the path becomes an identity), and the smallest rf over the
// paths through each layer. Exponential in the number of merges: for small models only.
import { isRfError } from '../../src/errors.js';
import { oracleOfModel } from '../../src/oracle/report.js';
import type { Model, NormalizedLayer } from '../../src/types.js';

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

/**
 * Per layer, the smallest rf over the paths through it (per axis); `undefined` on an axis the brute
 * force cannot tell (see below); null when there are too many paths.
 */
export function rfMinByPaths(m: Model, cap = 256): (number | null | undefined)[][] | null {
  const paths = maximalPaths(m, cap);
  if (paths === null) return null;
  const best: (number | null | undefined)[][] = m.layers.map(() =>
    new Array<number | null | undefined>(m.axes).fill(Number.POSITIVE_INFINITY),
  );
  for (const path of paths) {
    const chain = chainOf(m, path);
    let report: ReturnType<typeof oracleOfModel>;
    // Layers before the first one whose output would be empty keep their sizes (a layer's rf
    // depends only on the path up to it): only those after it are analysed without sizes.
    let sized: ReturnType<typeof oracleOfModel> | null = null;
    try {
      report = oracleOfModel(chain);
    } catch (e) {
      // A path through a global merge may have no valid sizes of its own (the merge had none):
      // its receptive field does not depend on them unless a SAME pad does.
      if (!isRfError(e) || e.code !== 'empty-output') throw e;
      report = oracleOfModel({ ...chain, input: { ...chain.input, size: null } });
      // A global layer's rf is the input's size, known all the same.
      for (const l of report.layers) if (l.global) l.rf = m.input.size ?? l.rf;
      for (let len = path.length - 1; len > 0 && sized === null; len--) {
        try {
          sized = oracleOfModel(chainOf(m, path.slice(0, len)));
        } catch (e2) {
          if (!isRfError(e2) || e2.code !== 'empty-output') throw e2;
        }
      }
    }
    path.forEach((i, pos) => {
      const exact = sized === null || pos < sized.layers.length;
      const rf = (exact && sized !== null ? sized : report).layers[pos]!.rf;
      const cur = best[i]!;
      for (let a = 0; a < m.axes; a++) {
        const r = rf[a]!;
        // An unknown rf on some path leaves the minimum unknown. Past an empty output the path is
        // analysed without sizes, where a SAME pad is unknown although the model knew it: there
        // the brute force cannot tell (undefined), unless another path already says null.
        if (cur[a] === null) continue;
        if (r === null) cur[a] = exact ? null : undefined;
        else if (cur[a] !== undefined) cur[a] = Math.min(cur[a]!, r);
      }
    });
  }
  return best;
}
