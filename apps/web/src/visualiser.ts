// The visualiser: the input as a pixel grid (or an opened image) with the exact input region of
// one output unit drawn on it, the output map to pick the unit, and a chart of rf and jump.
import type { Chart as ChartType } from 'chart.js';
import type { App, Change } from './app.js';
import { Chart } from './charts.js';
import { clear, h } from './dom.js';
import { formatAxis } from './fields.js';
import { clampUnit, holeCount, stepUnit, viewRange } from './geometry.js';
import { unitRegion } from './lib.js';

/** Input size used to draw a model that does not state one. */
const FALLBACK_SIZE = 64;
const MAX_INPUT_PX = 560;
const MAX_OUTPUT_PX = 280;

const COLORS = {
  padding: '#e4e4ec',
  input: '#ffffff',
  used: [37, 99, 235, 150] as const,
  usedInPadding: [234, 88, 12, 170] as const,
  hole: [37, 99, 235, 28] as const,
  span: '#1e3a8a',
  grid: 'rgba(0,0,0,0.12)',
};

export class Visualiser {
  readonly root: HTMLElement;
  private layerSelect = h('select', { id: 'vis-layer', 'aria-label': 'layer' });
  private info = h('p', { id: 'vis-info', class: 'info' });
  private note = h('p', { class: 'note', id: 'vis-note' });
  private inputCanvas = h('canvas', { id: 'input-canvas', width: 10, height: 10 });
  private outputCanvas = h('canvas', {
    id: 'output-canvas',
    tabindex: 0,
    width: 10,
    height: 10,
    title: 'click a unit, or use the arrow keys',
  });
  private chartCanvas = h('canvas', { id: 'rf-chart' });
  private chart: ChartType | null = null;
  private image: HTMLImageElement | null = null;
  /** How the output map was drawn, for turning clicks into units. */
  private outGeom: { cs: number; rowAxis: number | null; colAxis: number; outSize: number[] } | null = null;

  constructor(private app: App) {
    this.layerSelect.addEventListener('change', () =>
      app.update('vis', (s) => void (s.vis.layer = Number(this.layerSelect.value))),
    );
    const imageInput = h('input', { type: 'file', accept: 'image/*', id: 'vis-image' });
    imageInput.addEventListener('change', () => {
      const f = imageInput.files?.[0];
      if (!f) return;
      const img = new Image();
      img.onload = () => {
        URL.revokeObjectURL(img.src);
        this.image = img;
        this.render();
      };
      img.src = URL.createObjectURL(f);
    });
    this.outputCanvas.addEventListener('click', (e) => this.pick(e));
    this.outputCanvas.addEventListener('keydown', (e) => this.key(e));
    this.root = h(
      'section',
      { id: 'vis', class: 'view' },
      h(
        'div',
        { class: 'toolbar' },
        h('label', {}, 'layer ', this.layerSelect),
        h('label', { class: 'file' }, 'open image ', imageInput),
        h('button', { type: 'button', onclick: () => this.dropImage() }, 'grid only'),
      ),
      this.note,
      this.info,
      h(
        'div',
        { class: 'vis-panels' },
        h(
          'figure',
          {},
          h('div', { class: 'canvas-box' }, this.inputCanvas),
          h('figcaption', {}, 'input — ', legend()),
        ),
        h(
          'figure',
          {},
          h('div', { class: 'canvas-box' }, this.outputCanvas),
          h('figcaption', {}, 'output map of the layer: click a unit or use ← ↑ → ↓'),
        ),
      ),
      h('div', { class: 'chart-box' }, this.chartCanvas),
    );
    app.on((_, why) => this.onChange(why));
  }

  private onChange(why: Change): void {
    if (this.app.state.view === 'vis' && why !== 'search') this.render();
  }

  /** The analysis to draw: the model's, or with a stand-in input size when it states none. */
  private analysis() {
    const base = this.app.analysis();
    if (!base.report || base.report.input.size) return { a: base, forced: false };
    const size = Array<number>(base.report.axes).fill(FALLBACK_SIZE);
    return { a: this.app.analysis(size), forced: true, size };
  }

  private dropImage(): void {
    this.image = null;
    this.render();
  }

  render(): void {
    const { a, forced, size } = this.analysis();
    const report = a.report;
    this.note.textContent = forced
      ? `The model states no input size: drawn at ${FALLBACK_SIZE} per axis. Set one in the calculator.`
      : '';
    if (!report || report.layers.length === 0) {
      this.info.textContent =
        'Nothing to draw: the model has errors before its first layer (see the calculator).';
      clear(this.layerSelect);
      return;
    }
    const layers = report.layers;
    // By default the deepest layer that still has a spatial map: global layers see everything.
    const spatial = layers.findLastIndex((l) => !l.global);
    const sel = Math.min(
      this.app.state.vis.layer ?? (spatial >= 0 ? spatial : layers.length - 1),
      layers.length - 1,
    );
    clear(this.layerSelect);
    this.layerSelect.append(...layers.map((l, i) => h('option', { value: i }, `${i}: ${l.name} (${l.op})`)));
    this.layerSelect.value = String(sel);
    const lr = layers[sel]!;
    const axes = report.axes;
    const n = (report.input.size ?? size ?? []).map((v) => v);
    const outSize = lr.global ? Array<number>(axes).fill(1) : lr.outputSize.map((v) => Math.max(1, v ?? 1));
    const unit = clampUnit(this.app.state.vis.unit, outSize);
    if (unit.join() !== this.app.state.vis.unit.join()) this.app.state.vis.unit = unit;
    const rowAxis = axes === 1 ? null : axes - 2;
    const colAxis = axes - 1;

    const spec = forced && size ? { ...a.spec, input: { ...(a.spec.input ?? {}), size } } : a.spec;
    const region = unitRegion(spec, report, lr.name, unit);
    this.drawInput(n, region, rowAxis, colAxis);
    this.drawOutput(outSize, unit, rowAxis, colAxis);

    const known = region.start.every((v) => v !== null) && region.end.every((v) => v !== null);
    const ranges = region.start.map((s, ax) => `${s ?? '?'}…${region.end[ax] ?? '?'}`).join(' × ');
    const holes =
      known && region.indices
        ? holeCount(region.start as number[], region.end as number[], region.indices)
        : null;
    this.info.textContent =
      `${lr.name}: unit (${unit.join(', ')}) of ${outSize.join('×')} reads input ${ranges}` +
      ` — rf ${formatAxis(lr.rf)}${lr.global ? '' : `, jump ${formatAxis(lr.jump)}`}, covered ${formatAxis(lr.covered)}` +
      (holes === null ? '' : `, ${holes} hole${holes === 1 ? '' : 's'} in the span`) +
      (lr.global ? ' (global: every input pixel)' : '');
    this.drawChart(
      report.layers.map((l) => l.name),
      report.layers.map((l) => l.rf[colAxis] ?? null),
      report.layers.map((l) => l.jump[colAxis] ?? null),
    );
  }

  private drawInput(
    n: number[],
    region: ReturnType<typeof unitRegion>,
    rowAxis: number | null,
    colAxis: number,
  ): void {
    const axisRange = (ax: number | null) =>
      ax === null
        ? { lo: 0, hi: 0, n: 1 }
        : { ...viewRange(n[ax]!, region.start[ax] ?? null, region.end[ax] ?? null), n: n[ax]! };
    const R = axisRange(rowAxis);
    const C = axisRange(colAxis);
    const rows = R.hi - R.lo + 1;
    const cols = C.hi - C.lo + 1;
    const cs = Math.min(20, MAX_INPUT_PX / Math.max(rows, cols));
    const c = this.inputCanvas;
    c.width = Math.ceil(cols * cs);
    c.height = Math.max(Math.ceil(rows * cs), 4);
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.fillStyle = COLORS.padding;
    ctx.fillRect(0, 0, c.width, c.height);
    const ix = (col: number) => (col - C.lo) * cs;
    const iy = (row: number) => (row - R.lo) * cs;
    ctx.fillStyle = COLORS.input;
    ctx.fillRect(ix(0), iy(0), C.n * cs, R.n * cs);
    if (this.image) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.image, ix(0), iy(0), C.n * cs, R.n * cs);
      ctx.imageSmoothingEnabled = false;
    }

    // One pixel per cell off-screen, then scaled up: fast for big inputs, crisp for small ones.
    const off = document.createElement('canvas');
    off.width = cols;
    off.height = rows;
    const octx = off.getContext('2d');
    const span = (ax: number | null, lo: number, hi: number) =>
      ax === null ? [0, 0] : [Math.max(lo, region.start[ax] ?? lo), Math.min(hi, region.end[ax] ?? hi)];
    const [r0, r1] = span(rowAxis, R.lo, R.hi) as [number, number];
    const [c0, c1] = span(colAxis, C.lo, C.hi) as [number, number];
    if (octx && r1 >= r0 && c1 >= c0) {
      const img = octx.createImageData(cols, rows);
      const setOf = (ax: number | null) =>
        ax === null || !region.indices ? null : new Set(region.indices[ax]);
      const rowSet = setOf(rowAxis);
      const colSet = setOf(colAxis);
      for (let r = r0; r <= r1; r++) {
        const rUsed = rowSet === null || rowSet.has(r);
        const rIn = rowAxis === null || (r >= 0 && r < R.n);
        for (let col = c0; col <= c1; col++) {
          const used = rUsed && (colSet === null || colSet.has(col));
          const inside = rIn && col >= 0 && col < C.n;
          const color = used ? (inside ? COLORS.used : COLORS.usedInPadding) : COLORS.hole;
          const p = ((r - R.lo) * cols + (col - C.lo)) * 4;
          img.data.set(color, p);
        }
      }
      octx.putImageData(img, 0, 0);
      ctx.drawImage(off, 0, 0, cols * cs, rows * cs);
    }
    if (cs >= 5) {
      ctx.strokeStyle = COLORS.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i <= cols; i++) {
        ctx.moveTo(Math.round(i * cs) + 0.5, 0);
        ctx.lineTo(Math.round(i * cs) + 0.5, rows * cs);
      }
      for (let i = 0; i <= rows; i++) {
        ctx.moveTo(0, Math.round(i * cs) + 0.5);
        ctx.lineTo(cols * cs, Math.round(i * cs) + 0.5);
      }
      ctx.stroke();
    }
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 1;
    ctx.strokeRect(ix(0) + 0.5, iy(0) + 0.5, C.n * cs - 1, R.n * cs - 1);
    if (r1 >= r0 && c1 >= c0) {
      ctx.strokeStyle = COLORS.span;
      ctx.lineWidth = 2;
      ctx.strokeRect(ix(c0) + 1, iy(r0) + 1, (c1 - c0 + 1) * cs - 2, (r1 - r0 + 1) * cs - 2);
      const cy =
        rowAxis === null
          ? 0.5 * cs
          : iy(((region.start[rowAxis] ?? 0) + (region.end[rowAxis] ?? 0)) / 2) + cs / 2;
      const cx = ix(((region.start[colAxis] ?? 0) + (region.end[colAxis] ?? 0)) / 2) + cs / 2;
      const arm = Math.max(4, cs);
      ctx.beginPath();
      ctx.moveTo(cx - arm, cy);
      ctx.lineTo(cx + arm, cy);
      ctx.moveTo(cx, cy - arm);
      ctx.lineTo(cx, cy + arm);
      ctx.stroke();
    }
  }

  private drawOutput(outSize: number[], unit: number[], rowAxis: number | null, colAxis: number): void {
    const rows = rowAxis === null ? 1 : outSize[rowAxis]!;
    const cols = outSize[colAxis]!;
    const cs = Math.max(2, Math.min(28, MAX_OUTPUT_PX / Math.max(rows, cols)));
    const c = this.outputCanvas;
    c.width = Math.ceil(cols * cs);
    c.height = Math.ceil(rows * cs);
    this.outGeom = { cs, rowAxis, colAxis, outSize };
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#f8fafc';
    ctx.fillRect(0, 0, c.width, c.height);
    if (cs >= 5) {
      ctx.strokeStyle = COLORS.grid;
      ctx.beginPath();
      for (let i = 0; i <= cols; i++) {
        ctx.moveTo(Math.round(i * cs) + 0.5, 0);
        ctx.lineTo(Math.round(i * cs) + 0.5, c.height);
      }
      for (let i = 0; i <= rows; i++) {
        ctx.moveTo(0, Math.round(i * cs) + 0.5);
        ctx.lineTo(c.width, Math.round(i * cs) + 0.5);
      }
      ctx.stroke();
    }
    const ur = rowAxis === null ? 0 : unit[rowAxis]!;
    const uc = unit[colAxis]!;
    ctx.fillStyle = `rgba(${COLORS.used.slice(0, 3).join(',')},0.85)`;
    ctx.fillRect(uc * cs, ur * cs, cs, cs);
  }

  private drawChart(labels: string[], rf: (number | null)[], jump: (number | null)[]): void {
    if (this.chart) {
      this.chart.data.labels = labels;
      this.chart.data.datasets[0]!.data = rf;
      this.chart.data.datasets[1]!.data = jump;
      this.chart.update();
      return;
    }
    this.chart = new Chart(this.chartCanvas, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            type: 'bar',
            label: 'receptive field',
            data: rf,
            backgroundColor: 'rgba(37,99,235,0.6)',
            yAxisID: 'y',
          },
          {
            type: 'line',
            label: 'jump (stride to input)',
            data: jump,
            borderColor: '#ea580c',
            backgroundColor: '#ea580c',
            yAxisID: 'y1',
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          y: {
            type: 'linear',
            position: 'left',
            title: { display: true, text: 'rf (pixels)' },
            beginAtZero: true,
          },
          y1: {
            type: 'linear',
            position: 'right',
            title: { display: true, text: 'jump' },
            beginAtZero: true,
            grid: { drawOnChartArea: false },
          },
        },
      },
    });
  }

  private pick(e: MouseEvent): void {
    const g = this.outGeom;
    if (!g) return;
    const rect = this.outputCanvas.getBoundingClientRect();
    const scale = this.outputCanvas.width / rect.width;
    const col = Math.floor(((e.clientX - rect.left) * scale) / g.cs);
    const row = Math.floor(((e.clientY - rect.top) * scale) / g.cs);
    const unit = this.app.state.vis.unit.slice();
    unit[g.colAxis] = col;
    if (g.rowAxis !== null) unit[g.rowAxis] = row;
    this.outputCanvas.focus();
    this.app.update('vis', (s) => void (s.vis.unit = clampUnit(unit, g.outSize)));
  }

  private key(e: KeyboardEvent): void {
    const g = this.outGeom;
    if (!g) return;
    const next = stepUnit(this.app.state.vis.unit, g.outSize, g.rowAxis, g.colAxis, e.key);
    if (!next) return;
    e.preventDefault();
    this.app.update('vis', (s) => void (s.vis.unit = next));
  }
}

function legend(): HTMLElement {
  const sw = (color: string, label: string) =>
    h('span', { class: 'swatch' }, h('i', { style: `background:${color}` }), label);
  return h(
    'span',
    { class: 'legend' },
    sw('rgba(37,99,235,0.6)', 'read by the unit'),
    sw('rgba(234,88,12,0.7)', 'read, in padding'),
    sw('rgba(37,99,235,0.12)', 'hole (skipped by dilation/stride)'),
    sw(COLORS.padding, 'padding'),
  );
}
