// The visualiser's ERF figure: the effective receptive field of the chosen unit beside its exact
// footprint, at the same scale and position — a heat map (2-D; 3-D: of the drawn axes, summed over
// the third) or a bar profile (1-D), the ±2σ box, the theoretical field, a colour scale, and the
// numbers. The weights come from rfkit's erfOf in a worker, once per layer (every unit's ERF is
// unit 0's shifted by index·jump, see shiftExact) or, after upsampling and transposed
// convolutions, once per unit; results are kept, so stepping through units costs one drawImage.
import type { ErfAxis, ErfMap, Footprint } from 'rfkit';
import { h } from './dom.js';
import { ErfClient, type ErfOutcome } from './erf-client.js';
import {
  binFor,
  drawHeat,
  drawMarks,
  drawProfile,
  drawProfileMarks,
  type Extent,
  type HeatTile,
  heatTile,
  MARK,
  scaleGradient,
} from './erf-draw.js';
import {
  type AxisStats,
  axisStats,
  type ErfData,
  erfGap,
  shiftExact,
  weightInBox,
  weightInRange,
} from './erf-model.js';
import { erfLegend, erfNumbers, formatWeight, shiftNote } from './erf-text.js';
import type { Plane } from './geometry.js';
import type { Analysis } from './lib.js';
import type { InputView } from './vis-draw.js';
import { AXIS_NAMES } from './vis-text.js';

/** The "computing" state shows only when a result takes longer than this (no flicker on small models). */
const BUSY_DELAY_MS = 150;
/** The results kept: at most this many weights in all (resnet_v1_152 block4's map is 2.3 M). */
const CACHE_WEIGHTS = 12_000_000;

export interface ErfContext {
  /** The analysis drawn (the visualiser's: with a stand-in input size where the model has none). */
  analysis: Analysis;
  inputSize: number[] | undefined;
  strict: boolean;
  layer: number;
  unit: number[];
  plane: Plane;
  /** The slice position (3-D) on the hidden axis. */
  at: number[];
  /** Input size per axis. */
  n: number[];
  view: InputView;
  footprint: Footprint | null;
}

interface Entry {
  outcome: ErfOutcome;
  tiles: Map<number, HeatTile>;
  weights: number;
}

export class ErfPanel {
  readonly root: HTMLElement;
  private heat = h('canvas', {
    id: 'erf-canvas',
    width: 10,
    height: 10,
    role: 'img',
    'aria-label': 'effective receptive field of the unit',
  });
  private marks = h('canvas', { id: 'erf-marks', width: 10, height: 10, 'aria-hidden': 'true' });
  private box = h('div', { class: 'canvas-box' }, h('div', { class: 'erf-stack' }, this.heat, this.marks));
  private status = h('p', { id: 'erf-status', class: 'info', role: 'status', 'aria-live': 'polite' });
  private numbers = h('div', { id: 'erf-numbers' });
  private legend = h('div', { class: 'erf-legend' });
  private client = new ErfClient();
  private cache = new Map<string, Entry>();
  private cachedWeights = 0;
  private ids = new WeakMap<Analysis, number>();
  private nextId = 1;
  private current: { key: string; ctx: ErfContext; offset: number[]; exact: boolean } | null = null;
  private busyTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.root = h(
      'figure',
      { id: 'erf-figure', 'data-state': 'none' },
      this.box,
      h(
        'figcaption',
        {},
        h('strong', {}, 'Effective receptive field'),
        ' — how much each input pixel weighs in the unit, when every op spreads a unit’s weight ' +
          'equally over what it reads (see the glossary in the calculator)',
        this.legend,
      ),
      this.status,
      this.numbers,
    );
  }

  private idOf(a: Analysis): number {
    let id = this.ids.get(a);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(a, id);
    }
    return id;
  }

  /** Hides the figure (nothing to draw). */
  hide(): void {
    this.current = null;
    this.state('none');
    this.status.textContent = '';
  }

  /** Shows the ERF of `c.unit`: at once when known, else once the worker has it. */
  show(c: ErfContext): void {
    // As wide as the drawing beside it (the table under it scrolls if it must).
    this.root.style.width = `${Math.max(c.view.width + 14, 300)}px`;
    const report = c.analysis.report!;
    const drawn = c.plane.rowAxis === null ? [c.plane.colAxis] : [c.plane.rowAxis, c.plane.colAxis];
    const why = drawn.map((a) => erfGap(report, c.layer, a, true)).find((r) => r !== null);
    if (why) {
      this.current = null;
      this.state('none');
      this.status.textContent = `No effective receptive field for ${report.layers[c.layer]!.name}: ${why.text}.`;
      return;
    }
    const exact = shiftExact(report, c.layer);
    const lr = report.layers[c.layer]!;
    const offset = c.unit.map((u, a) => (exact ? u * lr.jump[a]! : 0));
    const pair: [number, number] | null =
      c.plane.rowAxis === null ? null : [c.plane.rowAxis, c.plane.colAxis];
    const model = this.idOf(c.analysis);
    const key = `${model}|${c.layer}|${pair?.join(',') ?? '-'}|${exact ? 'unit0' : c.unit.join(',')}`;
    this.current = { key, ctx: c, offset, exact };
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      this.draw(hit);
      return;
    }
    const already = this.root.dataset.state === 'computing' && this.client.busyWith(key);
    this.root.dataset.state = 'computing';
    this.box.classList.add('stale');
    // Steps while the same map is on its way change nothing here: it is drawn for the unit shown then.
    if (already) return;
    if (!this.client.busyWith(key)) {
      this.client.want({
        key,
        request: {
          model,
          spec: c.analysis.spec,
          strict: c.strict,
          inputSize: c.inputSize ?? null,
          job: { layer: c.layer, unit: exact ? null : c.unit, pair },
        },
        done: (k, outcome) => this.arrived(k, outcome),
      });
    }
    if (this.busyTimer) clearTimeout(this.busyTimer);
    const positions = drawn.map((a) => lr.rf[a] ?? '?').join(' × ');
    this.busyTimer = setTimeout(() => {
      this.busyTimer = null;
      if (this.root.dataset.state !== 'computing') return;
      this.status.replaceChildren(
        h('progress', { 'aria-label': 'computing the ERF' }),
        ` Computing the ERF of ${lr.name} (over ${positions} input positions)…`,
      );
    }, BUSY_DELAY_MS);
  }

  private arrived(key: string, outcome: ErfOutcome): void {
    const data = outcome.ok ? outcome.data : null;
    let weights = data?.map?.weights.length ?? 0;
    for (const ax of data?.axes ?? []) weights += ax?.weights.length ?? 0;
    const entry: Entry = { outcome, tiles: new Map(), weights };
    this.cache.set(key, entry);
    this.cachedWeights += weights;
    for (const [k, e] of this.cache) {
      if (this.cachedWeights <= CACHE_WEIGHTS || k === key) break;
      this.cache.delete(k);
      this.cachedWeights -= e.weights;
    }
    if (this.current?.key === key) this.draw(entry);
  }

  private state(s: 'none' | 'computing' | 'ready' | 'error'): void {
    this.root.dataset.state = s;
    this.box.hidden = s === 'none' || s === 'error';
    this.box.classList.toggle('stale', s === 'computing');
    if (s !== 'ready') {
      this.numbers.replaceChildren();
      this.legend.replaceChildren();
    }
    if (this.busyTimer && s !== 'computing') {
      clearTimeout(this.busyTimer);
      this.busyTimer = null;
    }
  }

  private draw(entry: Entry): void {
    const { ctx: c, offset, exact } = this.current!;
    const outcome = entry.outcome;
    const name = c.analysis.report!.layers[c.layer]!.name;
    if (!outcome.ok) {
      this.state('error');
      this.status.textContent = `The ERF of ${name} could not be computed: ${outcome.error}`;
      return;
    }
    const data = outcome.data;
    const stats = data.axes.map((ax, a) => (ax ? axisStats(ax, offset[a]!, rfOf(c.footprint, a)) : null));
    const drawn = c.plane.rowAxis === null ? [c.plane.colAxis] : [c.plane.rowAxis, c.plane.colAxis];
    if (drawn.some((a) => stats[a] === null) || (c.plane.rowAxis !== null && !data.map)) {
      this.state('none');
      this.status.textContent = `No effective receptive field to draw for ${name}: its positions depend on an unknown input size.`;
      return;
    }
    this.state('ready');
    const drawnStats = drawn.map((a) => stats[a]!);
    const { vmax, held } =
      c.plane.rowAxis === null
        ? this.drawProfile(c, data.axes[c.plane.colAxis]!, drawnStats[0]!, offset[c.plane.colAxis]!)
        : this.drawMap(c, entry, data.map!, drawnStats as [AxisStats, AxisStats], offset);
    const bin = binFor(c.view.cs);
    Object.assign(this.heat.dataset, {
      rows: c.view.rows.join(','),
      cols: c.view.cols.join(','),
      cs: String(c.view.cs),
      bin: String(bin),
      vmax: String(vmax),
    });
    this.heat.setAttribute(
      'aria-label',
      `effective receptive field of unit (${c.unit.join(', ')}) of ${name}: centre ${drawnStats.map((s) => s.mean.toFixed(1)).join(', ')}, σ ${drawnStats.map((s) => s.std.toFixed(1)).join(' × ')} input pixels`,
    );
    this.legend.replaceChildren(erfLegend(scaleGradient(), vmax, bin, MARK));
    const hidden = c.plane.hidden[0];
    const slice = hidden === undefined ? null : sliceShare(data, hidden, c.at[hidden]!, offset[hidden]!);
    this.numbers.replaceChildren(
      erfNumbers(
        drawn.map((a, i) => ({ label: axisLabel(a, c.plane), stats: drawnStats[i]! })),
        held,
        hidden === undefined ? null : { axis: AXIS_NAMES[hidden]!, at: c.at[hidden]!, share: slice },
      ),
    );
    this.status.textContent = shiftNote(name, c.unit, exact ? offset : null, outcome.ms);
    this.root.dataset.ms = outcome.ms.toFixed(1);
  }

  /** 1-D: bars under the strip. Returns the top of the scale and the weight within ±2σ. */
  private drawProfile(
    c: ErfContext,
    ax: ErfAxis,
    s: AxisStats,
    offset: number,
  ): { vmax: number; held: number } {
    const e = extentOf(c);
    const start = ax.start! + offset;
    const vmax = drawProfile(this.heat, c.view, e, ax.weights, start);
    const fp = c.footprint;
    const rf: [number, number] | null = fp && fp.start[0] !== null ? [fp.start[0]!, fp.end[0]!] : null;
    drawProfileMarks(this.marks, c.view, e, { rf, sigma: [s.lo, s.hi], mean: s.mean, vmax }, formatWeight);
    Object.assign(this.heat.dataset, { start: String(start), length: String(ax.weights.length) });
    Object.assign(this.marks.dataset, { mean: String(s.mean), sigma: `${s.lo},${s.hi}` });
    return { vmax, held: weightInRange(ax.weights, start, s.lo, s.hi) };
  }

  /** 2-D and 3-D: the heat map of the drawn axes. Returns the top of the scale and the weight in the ±2σ box. */
  private drawMap(
    c: ErfContext,
    entry: Entry,
    map: ErfMap,
    [sr, sc]: [AxisStats, AxisStats],
    offset: number[],
  ): { vmax: number; held: number } {
    const ra = c.plane.rowAxis!;
    const ca = c.plane.colAxis;
    const bin = binFor(c.view.cs);
    let tile = entry.tiles.get(bin);
    if (!tile) {
      tile = heatTile(map, bin);
      entry.tiles.set(bin, tile);
    }
    const row0 = map.start[0]! + offset[ra]!;
    const col0 = map.start[1]! + offset[ca]!;
    const e = extentOf(c);
    drawHeat(this.heat, c.view, e, tile, row0, col0);
    const fp = c.footprint;
    const rf =
      fp && fp.start[ra] !== null && fp.start[ca] !== null
        ? {
            rows: [fp.start[ra]!, fp.end[ra]!] as [number, number],
            cols: [fp.start[ca]!, fp.end[ca]!] as [number, number],
          }
        : null;
    drawMarks(this.marks, c.view, e, {
      rf,
      sigma: { rows: [sr.lo, sr.hi], cols: [sc.lo, sc.hi] },
      mean: [sr.mean, sc.mean],
    });
    Object.assign(this.heat.dataset, {
      row0: String(row0),
      col0: String(col0),
      height: String(map.height),
      width: String(map.width),
    });
    Object.assign(this.marks.dataset, {
      mean: `${sr.mean},${sc.mean}`,
      sigma: `${sr.lo},${sr.hi},${sc.lo},${sc.hi}`,
    });
    return {
      vmax: tile.vmax,
      held: weightInBox(map, [offset[ra]!, offset[ca]!], [sr.lo, sr.hi], [sc.lo, sc.hi]),
    };
  }
}

/** Input sizes of the drawn rows and columns. */
function extentOf(c: ErfContext): Extent {
  return { nr: c.plane.rowAxis === null ? 1 : c.n[c.plane.rowAxis]!, nc: c.n[c.plane.colAxis]! };
}

/** The unit's theoretical field on axis a: the span of the positions it reads. */
function rfOf(fp: Footprint | null, a: number): number | null {
  const s = fp?.start[a];
  const e = fp?.end[a];
  return s === null || s === undefined || e === null || e === undefined ? null : e - s + 1;
}

function axisLabel(a: number, plane: Plane): string {
  if (plane.rowAxis === null) return AXIS_NAMES[a]!;
  return `${AXIS_NAMES[a]} (${a === plane.rowAxis ? 'rows' : 'columns'})`;
}

/** The share of the ERF's weight in the drawn slice of a 3-D model (its hidden axis at `at`). */
function sliceShare(data: ErfData, hidden: number, at: number, offset: number): number | null {
  const ax = data.axes[hidden];
  if (!ax || ax.start === null) return null;
  return ax.weights[at - ax.start - offset] ?? 0;
}
