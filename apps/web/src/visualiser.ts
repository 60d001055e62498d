// The visualiser: the input as a pixel grid (or an opened image) with the exact set of input
// positions one output unit reads — rfkit's footprintOf, the union over merged paths with every
// hole — beside it the unit's effective receptive field (erf-view.ts), the output map to pick the
// unit, a slice control for 3-D models, and a chart of rf and jump per layer.
import type { Chart as ChartType } from 'chart.js';
import type { Footprint, Report } from 'rfkit';
import { type App, type Change, FALLBACK_SIZE } from './app.js';
import { clear, h, tabPanel } from './dom.js';
import { ErfPanel } from './erf-view.js';
import { clampUnit, type Plane, planeOf, stepUnit } from './geometry.js';
import { unitFootprint } from './lib.js';
import { drawInput, drawOutput, inputView } from './vis-draw.js';
import { AXIS_NAMES, describe, legend } from './vis-text.js';

const MAX_INPUT_PX = 560;
const MAX_OUTPUT_PX = 280;
/** Below this width the figures stack (phones). */
const PHONE_PX = 720;
/** A canvas box's padding and border, the gap between figures (style.css), and room for rounding. */
const BOX_PX = 14;
const GAP_PX = 24;
const SLACK_PX = 8;

export class Visualiser {
  readonly root: HTMLElement;
  private layerSelect = h('select', { id: 'vis-layer', 'aria-label': 'layer' });
  private planeSelect = h('select', { id: 'vis-plane', 'aria-label': 'axes drawn (rows × columns)' });
  private depthInput = h('input', { type: 'range', id: 'vis-depth', min: 0, max: 0, value: 0 });
  private depthText = h('output', { id: 'vis-depth-value', for: 'vis-depth' });
  private unitDepth = h('input', { type: 'number', id: 'vis-unit-depth', min: 0, value: 0, size: 4 });
  private unitDepthLabel = h('span', {}, 'unit on the third axis');
  private sliceBar = h('div', { class: 'toolbar slice', id: 'vis-slice', hidden: true });
  private info = h('p', { id: 'vis-info', class: 'info', role: 'status', 'aria-live': 'polite' });
  private note = h('p', { class: 'note', id: 'vis-note' });
  private inputCanvas = h('canvas', {
    id: 'input-canvas',
    width: 10,
    height: 10,
    role: 'img',
    'aria-label': 'input positions read by the unit',
  });
  private outputCanvas = h('canvas', {
    id: 'output-canvas',
    tabindex: 0,
    width: 10,
    height: 10,
    role: 'application',
    'aria-label': 'output map: arrow keys move the unit (Page Up/Down along the third axis)',
    title: 'click a unit, or use the arrow keys',
  });
  /** The effective receptive field of the unit, beside its footprint at the same scale. */
  private erf = new ErfPanel();
  private pair = h('div', { class: 'vis-pair' });
  private inputFigure = h(
    'figure',
    { id: 'input-figure' },
    h('div', { class: 'canvas-box' }, this.inputCanvas),
    h('figcaption', {}, 'input — ', legend()),
  );
  private outputFigure = h(
    'figure',
    { id: 'output-figure' },
    h('div', { class: 'canvas-box' }, this.outputCanvas),
    h('figcaption', {}, 'output map of the layer: click a unit or use ← ↑ → ↓'),
  );
  private chartCanvas = h('canvas', { id: 'rf-chart', 'aria-label': 'rf and jump per layer', role: 'img' });
  private chart: ChartType | null = null;
  private chartKey = '';
  private layersKey = '';
  private image: HTMLImageElement | null = null;
  /** How the output map was drawn, for turning clicks into units. */
  private outGeom: { cs: number; plane: Plane; outSize: number[] } | null = null;

  constructor(private app: App) {
    this.layerSelect.addEventListener('change', () => app.select(Number(this.layerSelect.value)));
    this.planeSelect.addEventListener('change', () => {
      const [r, c] = this.planeSelect.value.split(',').map(Number) as [number, number];
      app.update(
        'vis',
        (s) => {
          s.vis.plane = [r, c];
          s.vis.depth = null;
        },
        'vis:plane',
      );
    });
    this.depthInput.addEventListener('input', () =>
      app.update('vis', (s) => void (s.vis.depth = Number(this.depthInput.value)), 'vis:depth'),
    );
    this.unitDepth.addEventListener('input', () => {
      const g = this.outGeom;
      const v = Number(this.unitDepth.value);
      if (!g || !Number.isInteger(v) || g.plane.hidden.length === 0) return;
      const unit = this.app.state.vis.unit.slice();
      unit[g.plane.hidden[0]!] = v;
      app.update(
        'vis',
        (s) => {
          s.vis.unit = clampUnit(unit, g.outSize);
          s.vis.depth = null;
        },
        'vis:unit',
      );
    });
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
    this.sliceBar.append(
      h('label', {}, 'draw ', this.planeSelect),
      h('label', {}, 'slice at ', this.depthInput, ' ', this.depthText),
      h(
        'label',
        { title: 'or Page Up / Page Down on the output map' },
        this.unitDepthLabel,
        ' ',
        this.unitDepth,
      ),
    );
    this.root = tabPanel(
      'vis',
      h(
        'div',
        { class: 'toolbar' },
        h('label', {}, 'layer ', this.layerSelect),
        h('label', { class: 'file' }, 'open image ', imageInput),
        h('button', { type: 'button', onclick: () => this.dropImage() }, 'grid only'),
      ),
      this.sliceBar,
      this.note,
      this.info,
      h('div', { class: 'vis-panels' }, this.pair, this.outputFigure),
      h('div', { class: 'chart-box' }, this.chartCanvas),
    );
    this.pair.append(this.inputFigure, this.erf.root);
    app.on((_, why) => this.onChange(why));
  }

  private onChange(why: Change): void {
    if (this.app.state.view === 'vis' && why !== 'search') this.render();
  }

  private dropImage(): void {
    this.image = null;
    this.render();
  }

  /** The drawing width available (phones are narrower than the 560 px canvas). */
  private maxPx(limit: number): number {
    const w = this.root.clientWidth || limit;
    return Math.max(120, Math.min(limit, w - 24));
  }

  /**
   * The width of the footprint drawing and of the ERF beside it: side by side with the output map
   * in one row (2-D), the ERF profile under the strip (1-D), or stacked on a phone.
   */
  private pairPx(axes: number): number {
    const w = this.root.clientWidth || 1200;
    if (w < PHONE_PX) return this.maxPx(MAX_INPUT_PX);
    const rest = w - (MAX_OUTPUT_PX + BOX_PX) - SLACK_PX;
    const each = axes === 1 ? rest - GAP_PX - BOX_PX : (rest - 2 * GAP_PX - 2 * BOX_PX) / 2;
    return Math.max(120, Math.min(MAX_INPUT_PX, Math.floor(each)));
  }

  render(): void {
    performance.mark('rfkit:vis-start');
    const { a, size } = this.app.drawable();
    const report = a.report;
    this.note.textContent = size
      ? `The model states no input size: drawn at ${FALLBACK_SIZE} per axis. Set one in the calculator.`
      : '';
    if (!report || report.layers.length === 0) {
      this.info.textContent =
        'Nothing to draw: the model has errors before its first layer (see the calculator).';
      clear(this.layerSelect);
      this.layersKey = '';
      this.erf.hide();
      return;
    }
    const layers = report.layers;
    const sel = this.app.selected(report);
    const key = layers.map((l) => `${l.name}:${l.op}`).join('|');
    if (key !== this.layersKey) {
      clear(this.layerSelect);
      this.layerSelect.append(
        ...layers.map((l, i) => h('option', { value: i }, `${i}: ${l.name} (${l.op})`)),
      );
      this.layersKey = key;
    }
    this.layerSelect.value = String(sel);
    const lr = layers[sel]!;
    const axes = report.axes;
    const n = report.input.size ?? size ?? [];
    const outSize = lr.global ? Array<number>(axes).fill(1) : lr.outputSize.map((v) => Math.max(1, v ?? 1));
    const vis = this.app.state.vis;
    const unit = clampUnit(vis.unit, outSize);
    if (unit.join() !== vis.unit.join()) vis.unit = unit;
    const plane = planeOf(axes, vis.plane);

    const got = unitFootprint(a.spec, sel, unit, size);
    const fp = got.ok ? got.footprint : null;
    const at = this.slice(fp, plane, n, axes);
    const view = inputView(fp, n, plane, this.pairPx(axes));
    this.pair.classList.toggle('stack', axes === 1);
    const d = drawInput(this.inputCanvas, fp, n, plane, at, view, this.image);
    // The caption wraps under the drawing rather than widening the figure (and pushing the ERF away).
    this.inputFigure.style.width = `${view.width + BOX_PX}px`;
    const rowsOut = plane.rowAxis === null ? 1 : outSize[plane.rowAxis]!;
    const cs = drawOutput(
      this.outputCanvas,
      rowsOut,
      outSize[plane.colAxis]!,
      [plane.rowAxis === null ? 0 : unit[plane.rowAxis]!, unit[plane.colAxis]!],
      this.maxPx(MAX_OUTPUT_PX),
    );
    this.outGeom = { cs, plane, outSize };
    this.outputFigure.style.width = `${Math.max(this.outputCanvas.width, 160) + BOX_PX}px`;
    this.inputCanvas.dataset.rows = d.rows.join(',');
    this.inputCanvas.dataset.cols = d.cols.join(',');
    this.inputCanvas.dataset.cs = String(d.cs);
    this.info.textContent = describe(lr, unit, outSize, fp, d, plane, at, got.ok ? null : got.error);
    this.erf.show({
      analysis: a,
      inputSize: size,
      strict: this.app.state.strict,
      layer: sel,
      unit,
      plane,
      at,
      n,
      view,
      footprint: fp,
    });
    this.drawChart(report, plane.colAxis);
    performance.measure('rfkit:vis-render', 'rfkit:vis-start');
  }

  /** The slice position on the hidden axes, and the 3-D controls that choose it. */
  private slice(fp: Footprint | null, plane: Plane, n: number[], axes: number): number[] {
    const at = new Array<number>(axes).fill(0);
    this.sliceBar.hidden = plane.hidden.length === 0;
    if (plane.hidden.length === 0) return at;
    const hAxis = plane.hidden[0]!;
    if (this.planeSelect.options.length !== 3) {
      clear(this.planeSelect);
      for (const [r, c] of [
        [1, 2],
        [0, 2],
        [0, 1],
      ] as const)
        this.planeSelect.append(h('option', { value: `${r},${c}` }, `${AXIS_NAMES[r]} × ${AXIS_NAMES[c]}`));
    }
    this.planeSelect.value = `${plane.rowAxis},${plane.colAxis}`;
    const lo = Math.min(0, fp?.start[hAxis] ?? 0);
    const hi = Math.max(n[hAxis]! - 1, fp?.end[hAxis] ?? 0);
    const centre = fp && fp.start[hAxis] !== null ? Math.floor((fp.start[hAxis]! + fp.end[hAxis]!) / 2) : 0;
    const depth = Math.max(lo, Math.min(hi, this.app.state.vis.depth ?? centre));
    this.depthInput.min = String(lo);
    this.depthInput.max = String(hi);
    this.depthInput.value = String(depth);
    this.depthInput.setAttribute('aria-label', `input position on ${AXIS_NAMES[hAxis]}`);
    this.depthText.textContent = `${AXIS_NAMES[hAxis]} = ${depth}${depth < 0 || depth >= n[hAxis]! ? ' (padding)' : ''}`;
    this.unitDepthLabel.textContent = `unit on ${AXIS_NAMES[hAxis]}`;
    this.unitDepth.value = String(this.app.state.vis.unit[hAxis] ?? 0);
    this.unitDepth.max = String((this.outGeom?.outSize[hAxis] ?? 1) - 1);
    at[hAxis] = depth;
    return at;
  }

  private async drawChart(report: Report, axis: number): Promise<void> {
    const key = `${report.layers.map((l) => `${l.name}:${l.rf[axis]}:${l.jump[axis]}`).join('|')}`;
    if (key === this.chartKey) return;
    this.chartKey = key;
    const labels = report.layers.map((l) => l.name);
    const rf = report.layers.map((l) => l.rf[axis] ?? null);
    const jump = report.layers.map((l) => l.jump[axis] ?? null);
    if (this.chart) {
      this.chart.data.labels = labels;
      this.chart.data.datasets[0]!.data = rf;
      this.chart.data.datasets[1]!.data = jump;
      this.chart.update();
      return;
    }
    // Chart.js is loaded with the first chart, not with the page.
    const { Chart } = await import('./charts.js');
    if (this.chart) return;
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
    unit[g.plane.colAxis] = col;
    if (g.plane.rowAxis !== null) unit[g.plane.rowAxis] = row;
    this.outputCanvas.focus();
    this.app.update('vis', (s) => void (s.vis.unit = clampUnit(unit, g.outSize)), 'vis:unit');
  }

  private key(e: KeyboardEvent): void {
    const g = this.outGeom;
    if (!g) return;
    const next = stepUnit(this.app.state.vis.unit, g.outSize, g.plane, e.key);
    if (!next) return;
    e.preventDefault();
    const hidden = e.key === 'PageUp' || e.key === 'PageDown';
    this.app.update(
      'vis',
      (s) => {
        s.vis.unit = next;
        if (hidden) s.vis.depth = null;
      },
      'vis:unit',
    );
  }
}
