// A Distill-style picture of a chain, layer by layer along one axis: the units of every layer at
// the input positions of their centres, the units the chosen unit depends on, and lines from each
// of those to the units it reads in the layer below. Which units depend on which is rfkit's
// footprintOf on the sub-chain between two layers: the page repeats none of the arithmetic.
import { footprintOf, type LayerSpec, type Model, type ModelSpec, parseModel, type Report } from 'rfkit';
import { svg } from './dom.js';

/** True when every layer reads exactly the one before it (the model input for the first). */
export function isChain(report: Report): boolean {
  return report.layers.every(
    (l, i) =>
      l.inputs.length === 1 &&
      l.inputs[0] === (i === 0 ? 'input' : report.layers[i - 1]!.name) &&
      l.op !== 'add' &&
      l.op !== 'concat' &&
      l.op !== 'mul',
  );
}

/** Layer `l` of a parsed model on axis `a` only, as a 1-D layer spec. */
function axisLayer(l: Model['layers'][number], a: number): LayerSpec {
  const out: LayerSpec = {
    op: l.op,
    kernel: [l.kernel[a]!],
    stride: [l.stride[a]!],
    dilation: [l.dilation[a]!],
  };
  if (l.op === 'upsample') {
    delete out.kernel;
    delete out.stride;
    delete out.dilation;
    out.scale = [l.scale[a]!];
  }
  if (l.op === 'identity' || l.op === 'global') return { op: l.op };
  out.padding =
    l.padding.kind === 'explicit'
      ? { begin: [l.padding.begin[a]!], end: [l.padding.end[a]!] }
      : l.padding.lower
        ? 'same-lower'
        : 'same';
  if (l.op === 'deconv') out.outputPadding = [l.outputPadding[a]!];
  if (l.op === 'maxpool' || l.op === 'avgpool') out.ceilMode = l.ceilMode;
  return out;
}

/** The positions of layer `from`'s output (−1: the model input) that unit `u` of layer `to` reads, on one axis. */
function depends(m: Model, report: Report, from: number, to: number, u: number, a: number): number[] {
  const n = from < 0 ? report.input.size![a]! : report.layers[from]!.outputSize[a]!;
  const spec: ModelSpec = {
    input: { size: [n] },
    layers: m.layers.slice(from + 1, to + 1).map((l) => axisLayer(l, a)),
  };
  const fp = footprintOf(spec, to - from - 1, [u]);
  const out: number[] = [];
  for (const box of fp.boxes) {
    const runs = box[0]!;
    for (let i = 0; i < runs.length; i += 2) for (let x = runs[i]!; x <= runs[i + 1]!; x++) out.push(x);
  }
  return [...new Set(out)].sort((x, y) => x - y);
}

export interface ChainPick {
  layer: number;
  unit: number;
}

const ROW_H = 34;
/** Rows with more lines than this draw a band between the dependent ranges instead. */
const MAX_LINES = 1200;

/**
 * The diagram for unit `unit` (on axis `a`) of layer `target`. `spec` is the analysed model and
 * `report` its analysis, with an input size. `onPick` is called when a unit is clicked.
 */
export function chainDiagram(
  spec: ModelSpec,
  report: Report,
  target: number,
  unit: number,
  a: number,
  width: number,
  onPick: (p: ChainPick) => void,
): SVGSVGElement {
  const m = parseModel(spec, { inputSize: report.input.size! });
  const rows = target + 2; // the input and layers 0…target
  const deps: number[][] = [];
  for (let l = -1; l < target; l++) deps.push(depends(m, report, l, target, unit, a));
  deps.push([unit]);
  // Input positions of a unit's centre: exact per unit from its region (phases included).
  const centreOf = (l: number, j: number): number | null => {
    if (l < 0) return j;
    const r = report.layers[l]!;
    if (r.global || r.jump[a] === null || r.center[a] === null) return null;
    if (!r.phases) return r.center[a]! + j * r.jump[a]!;
    const t = r.phases[a]!;
    const ph = ((j % t.period) + t.period) % t.period;
    const s = t.start[ph];
    const e = t.end[ph];
    if (s === null || e === null || s === undefined || e === undefined) return null;
    return (s + e) / 2 + ((j - ph) / t.period) * t.shift;
  };
  const sizeOf = (l: number) => (l < 0 ? report.input.size![a]! : report.layers[l]!.outputSize[a]!);
  const inputDeps = deps[0]!;
  const n0 = sizeOf(-1);
  let lo = Math.min(0, inputDeps[0] ?? 0);
  let hi = Math.max(n0 - 1, inputDeps[inputDeps.length - 1] ?? 0);
  if (hi - lo > 160) {
    lo = (inputDeps[0] ?? 0) - 4;
    hi = (inputDeps[inputDeps.length - 1] ?? 0) + 4;
  }
  // Room for the layer names: less on a phone, where the units need the width.
  const LABEL_W = width < 600 ? 96 : 190;
  const plotW = Math.max(160, width - LABEL_W - 10);
  const scale = plotW / (hi - lo + 1);
  const X = (c: number) => LABEL_W + (c - lo + 0.5) * scale;
  const Y = (row: number) => (rows - 1 - row) * ROW_H + ROW_H / 2 + 4;
  const root = svg('svg', {
    id: 'chain-diagram',
    viewBox: `0 0 ${width} ${rows * ROW_H + 8}`,
    width,
    height: rows * ROW_H + 8,
    role: 'img',
    'aria-label': `the units layer ${report.layers[target]!.name} unit ${unit} depends on, layer by layer`,
  });
  const lines = svg('g', { class: 'deps' });
  const cells = svg('g', { class: 'cells' });
  root.append(lines, cells);
  for (let row = 0; row < rows; row++) {
    const l = row - 1;
    const name = l < 0 ? 'input' : report.layers[l]!.name;
    const rep = l < 0 ? null : report.layers[l]!;
    const label = svg(
      'text',
      { x: 4, y: Y(row) + 4, class: `row-label${l === target ? ' selected' : ''}`, 'data-layer': l },
      `${name.length > (LABEL_W < 190 ? 13 : 24) ? `…${name.slice(LABEL_W < 190 ? -12 : -23)}` : name}`,
      svg(
        'title',
        {},
        rep
          ? `${name} (${rep.op}): rf ${rep.rf[a]}, jump ${rep.jump[a]}, ${deps[row]!.length} units read`
          : `input: ${deps[row]!.length} positions read`,
      ),
    );
    if (l >= 0) {
      // A row's label follows the middle unit it depends on.
      const mid = deps[row]![Math.floor(deps[row]!.length / 2)];
      if (mid !== undefined && mid >= 0 && mid < sizeOf(l))
        label.addEventListener('click', () => onPick({ layer: l, unit: mid }));
    }
    cells.append(label);
    const n = sizeOf(l);
    const step = l < 0 ? 1 : (report.layers[l]!.jump[a] ?? 1);
    const size = Math.max(3, Math.min(16, step * scale * 0.8));
    const depSet = new Set(deps[row]!);
    // The layer's units with centres in the window, and every dependent one (padding included).
    const units = new Set<number>(deps[row]);
    const c0 = centreOf(l, 0);
    if (c0 !== null && step > 0) {
      const first = Math.max(0, Math.ceil((lo - c0) / step));
      const last = Math.min(n - 1, Math.floor((hi - c0) / step));
      if (last - first < 400) for (let j = first; j <= last; j++) units.add(j);
    }
    for (const j of units) {
      const c = centreOf(l, j);
      if (c === null || c < lo - 0.5 || c > hi + 0.5) continue;
      const pad = j < 0 || j >= n;
      const cls =
        l === target && j === unit
          ? 'unit target'
          : depSet.has(j)
            ? pad
              ? 'unit dep pad'
              : 'unit dep'
            : 'unit';
      const r = svg('rect', {
        x: X(c) - size / 2,
        y: Y(row) - size / 2,
        width: size,
        height: size,
        class: cls,
        'data-layer': l,
        'data-unit': j,
      });
      if (l >= 0 && !pad) r.addEventListener('click', () => onPick({ layer: l, unit: j }));
      cells.append(r);
    }
  }
  // Lines from each dependent unit to the units it reads one layer down.
  for (let row = 1; row < rows; row++) {
    const l = row - 1;
    const upper = deps[row]!.filter((j) => j >= 0 && j < sizeOf(l));
    const reads = upper.map((j) => ({ j, below: depends(m, report, l - 1, l, j, a) }));
    const total = reads.reduce((t, r) => t + r.below.length, 0);
    if (total > MAX_LINES) {
      const below = deps[row - 1]!;
      const top = upper.map((j) => centreOf(l, j)!).filter((c) => c !== null);
      const x0 = X(Math.min(...top));
      const x1 = X(Math.max(...top));
      const b0 = X(centreOf(l - 1, below[0]!) ?? lo);
      const b1 = X(centreOf(l - 1, below[below.length - 1]!) ?? hi);
      lines.append(
        svg('polygon', {
          class: 'band',
          points: `${x0},${Y(row)} ${x1},${Y(row)} ${b1},${Y(row - 1)} ${b0},${Y(row - 1)}`,
        }),
      );
      continue;
    }
    for (const { j, below } of reads) {
      const cu = centreOf(l, j);
      if (cu === null) continue;
      for (const w of below) {
        const cw = centreOf(l - 1, w);
        if (cw === null) continue;
        lines.append(svg('line', { x1: X(cu), y1: Y(row), x2: X(cw), y2: Y(row - 1), class: 'dep-line' }));
      }
    }
  }
  return root;
}
