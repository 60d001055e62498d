// The search: a form for the space, a run in a Web Worker with progress and cancel, and the
// results as a table and a Pareto chart; a result opens in the calculator.
import type { Chart as ChartType } from 'chart.js';
import { type Candidate, isRfError, normalizeSweep, type SweepResult } from 'rfkit';
import type { App, Change } from './app.js';
import { Chart } from './charts.js';
import { clear, h } from './dom.js';
import { compactOf, draftFromChoices } from './lib.js';
import { HOLES, OBJECTIVES, type SearchField, specFromForm } from './search-form.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const FIELDS: {
  key: Exclude<SearchField, 'objective' | 'holes'>;
  label: string;
  hint: string;
  wide?: boolean;
}[] = [
  { key: 'depth', label: 'depth', hint: 'layers' },
  { key: 'kernel', label: 'kernels', hint: 'e.g. 1,3,5,7' },
  { key: 'stride', label: 'strides', hint: 'e.g. 1,2' },
  { key: 'dilation', label: 'dilations', hint: 'default 1' },
  { key: 'rfMin', label: 'min rf', hint: 'optional' },
  { key: 'rfMax', label: 'max rf', hint: 'optional' },
  { key: 'totalStride', label: 'total stride', hint: 'optional' },
  { key: 'inputSize', label: 'input size', hint: 'needed for flops, min output' },
  { key: 'minOutput', label: 'min output', hint: 'optional' },
  { key: 'top', label: 'top', hint: 'default 10' },
  {
    key: 'overrides',
    label: 'per-layer overrides (JSON)',
    hint: '{"0":{"kernel":[7],"stride":[2]}}',
    wide: true,
  },
];

/** A cancel that the worker does not answer in this time (a search stuck in one chunk) ends the worker. */
const CANCEL_GRACE_MS = 5000;

export class SearchView {
  readonly root: HTMLElement;
  private inputs = new Map<SearchField, HTMLInputElement | HTMLSelectElement>();
  private errors = new Map<SearchField, HTMLElement>();
  private spaceInfo = h('p', { id: 'space-info', class: 'info' });
  private runBtn = h('button', { id: 'run-search', type: 'button', class: 'primary' }, 'Run search');
  private cancelBtn = h('button', { id: 'cancel-search', type: 'button', disabled: true }, 'Cancel');
  private progress = h('progress', { id: 'search-progress', max: 1, value: 0 });
  private status = h('span', { id: 'search-status', class: 'info' });
  private results = h('div', { id: 'search-results' });
  private chartCanvas = h('canvas', { id: 'pareto-chart' });
  private chartBox = h('div', { class: 'chart-box', hidden: true }, this.chartCanvas);
  private chart: ChartType | null = null;
  private worker: Worker;
  private nextId = 1;
  private current: { id: number; spec: ReturnType<typeof specFromForm>['spec'] } | null = null;
  private ready = false;

  constructor(private app: App) {
    this.worker = this.startWorker();
    const form = h('div', { class: 'search-form' });
    for (const f of FIELDS) {
      const input = h('input', {
        id: `s-${f.key}`,
        'data-field': f.key,
        placeholder: f.hint,
        spellcheck: 'false',
      });
      input.addEventListener('input', () => this.edit(f.key, input.value));
      this.inputs.set(f.key, input);
      const err = h('div', { class: 'err', 'data-error': f.key });
      this.errors.set(f.key, err);
      form.append(h('label', { class: f.wide ? 'wide' : '' }, h('span', {}, f.label), input, err));
    }
    const objective = h(
      'select',
      { id: 's-objective' },
      OBJECTIVES.map((o) => h('option', { value: o }, o)),
    );
    objective.addEventListener('change', () => this.edit('objective', objective.value));
    this.inputs.set('objective', objective);
    const objErr = h('div', { class: 'err', 'data-error': 'objective' });
    this.errors.set('objective', objErr);
    form.append(h('label', {}, h('span', {}, 'objective'), objective, objErr));
    const holes = h(
      'select',
      { id: 's-holes', title: 'none: only architectures whose every layer reads each pixel of its field' },
      HOLES.map((o) =>
        h('option', { value: o }, o === 'none' ? 'none (every pixel read)' : 'allow (gridded too)'),
      ),
    );
    holes.addEventListener('change', () => this.edit('holes', holes.value));
    this.inputs.set('holes', holes);
    const holesErr = h('div', { class: 'err', 'data-error': 'holes' });
    this.errors.set('holes', holesErr);
    form.append(h('label', {}, h('span', {}, 'holes'), holes, holesErr));

    this.runBtn.addEventListener('click', () => this.run());
    this.cancelBtn.addEventListener('click', () => this.cancel());
    this.root = h(
      'section',
      { id: 'search', class: 'view' },
      form,
      this.spaceInfo,
      h('div', { class: 'toolbar' }, this.runBtn, this.cancelBtn, this.progress, this.status),
      h('div', { class: 'search-out' }, this.results, this.chartBox),
    );
    app.on((_, why) => this.onChange(why));
    this.fill();
    this.validate();
    if (app.state.ran) this.run();
  }

  private startWorker(): Worker {
    // Started with the page (not on first run) so the search works offline once the page has loaded.
    const w = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
    w.addEventListener('message', (e: MessageEvent<FromWorker>) => this.onMessage(e.data));
    w.addEventListener('error', (e) => this.fail(`The search worker failed: ${e.message}`));
    w.postMessage({ type: 'warm' } satisfies ToWorker);
    return w;
  }

  private onChange(why: Change): void {
    if (why === 'load') {
      this.fill();
      this.validate();
    }
  }

  private fill(): void {
    for (const [key, el] of this.inputs) el.value = this.app.state.search[key];
  }

  private edit(key: SearchField, value: string): void {
    this.app.update('search', (s) => {
      (s.search as unknown as Record<string, string>)[key] = value;
    });
    this.validate();
  }

  /** Shows field errors and the size of the space; returns the spec when it can run. */
  private validate() {
    for (const el of this.errors.values()) el.textContent = '';
    for (const el of this.inputs.values()) el.classList.remove('invalid');
    const { spec, errors } = specFromForm(this.app.state.search);
    for (const [k, msg] of errors) this.markError(k, msg);
    if (!spec) {
      this.spaceInfo.textContent = 'Fix the marked fields to run a search.';
      this.runBtn.disabled = true;
      return null;
    }
    try {
      const n = normalizeSweep(spec);
      this.spaceInfo.textContent = `${n.total.toLocaleString('en')} combinations over ${n.depth} layers, objective ${n.objective}.`;
      this.runBtn.disabled = this.current !== null;
      return spec;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.markError(fieldOfPath(isRfError(e) ? e.path : undefined), msg);
      this.spaceInfo.textContent = msg;
      this.runBtn.disabled = true;
      return null;
    }
  }

  private markError(k: SearchField | null, msg: string): void {
    if (!k) return;
    const slot = this.errors.get(k);
    if (slot) slot.textContent = msg;
    this.inputs.get(k)?.classList.add('invalid');
  }

  private run(): void {
    const spec = this.validate();
    if (!spec || this.current) return;
    const id = this.nextId++;
    this.current = { id, spec };
    this.app.update('search', (s) => void (s.ran = true));
    this.runBtn.disabled = true;
    this.cancelBtn.disabled = false;
    this.progress.value = 0;
    this.status.textContent = this.ready ? 'Searching…' : 'Starting the wasm kernel…';
    this.worker.postMessage({ type: 'run', id, spec } satisfies ToWorker);
  }

  private cancel(): void {
    const cur = this.current;
    if (!cur) return;
    this.status.textContent = 'Cancelling…';
    this.worker.postMessage({ type: 'cancel', id: cur.id } satisfies ToWorker);
    setTimeout(() => {
      if (this.current?.id !== cur.id) return;
      this.worker.terminate();
      this.worker = this.startWorker();
      this.finish();
      this.status.textContent = 'Cancelled.';
    }, CANCEL_GRACE_MS);
  }

  private finish(): void {
    this.current = null;
    this.cancelBtn.disabled = true;
    this.validate();
  }

  private fail(message: string): void {
    this.finish();
    this.status.textContent = message;
    this.status.classList.add('err');
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type === 'ready') {
      this.ready = true;
      return;
    }
    if (msg.id !== this.current?.id) return;
    if (msg.type === 'progress') {
      this.progress.value = msg.total > 0 ? msg.done / msg.total : 0;
      this.status.textContent = `Searching… ${msg.done.toLocaleString('en')} / ${msg.total.toLocaleString('en')}`;
    } else if (msg.type === 'error') {
      this.fail(`Search failed: ${msg.message}`);
    } else {
      const inputSize = this.current.spec?.constraints?.inputSize;
      this.finish();
      this.status.classList.remove('err');
      this.show(msg.result, inputSize);
    }
  }

  private show(r: SweepResult, inputSize: number | undefined): void {
    this.progress.value = r.complete
      ? 1
      : Number(r.nextIndex - r.range.start) / Math.max(1, Number(r.range.end - r.range.start));
    this.status.textContent =
      `${r.complete ? 'Done' : 'Cancelled (partial result)'}: ${r.evaluated.toLocaleString('en')} evaluated, ` +
      `${r.feasible.toLocaleString('en')} feasible, ${Math.round(r.elapsedMs)} ms on ${r.backend}.`;
    clear(this.results);
    const open = (c: Candidate, label: string) => {
      this.app.loadDraft(draftFromChoices(c.layers, inputSize, label));
      this.app.setView('calc');
    };
    if (r.top.length === 0) {
      // The library says why when nothing can be feasible (a constraint out of reach, or holes).
      const why = r.warnings.map((w) => w.message).join('; ');
      this.results.append(
        h(
          'p',
          { class: 'info', id: 'no-results' },
          why === ''
            ? 'No feasible combination: widen the rf range or the lists.'
            : `No feasible combination: ${why}.`,
        ),
      );
    } else {
      this.results.append(
        h(
          'table',
          { class: 'grid', id: 'top-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['#', 'rf', 'covered', 'stride', 'cost', 'layers (same padding)', ''].map((t) =>
                h('th', {}, t),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            r.top.map((c, i) =>
              h(
                'tr',
                { 'data-result': i },
                h('td', {}, String(i + 1)),
                h('td', {}, String(c.rf)),
                h(
                  'td',
                  { title: 'input pixels per axis unit 0 reads; below rf where the field has holes' },
                  String(c.covered),
                ),
                h('td', {}, String(c.stride)),
                h('td', {}, c.cost.toLocaleString('en')),
                h('td', { class: 'mono' }, compactOf(c.layers)),
                h(
                  'td',
                  {},
                  h(
                    'button',
                    { type: 'button', class: 'open-result', onclick: () => open(c, `search #${i + 1}`) },
                    'Open',
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    }
    this.drawPareto(r, (c) => open(c, `pareto rf ${c.rf}`));
  }

  private drawPareto(r: SweepResult, open: (c: Candidate) => void): void {
    const pts = (cs: Candidate[]) => cs.map((c) => ({ x: c.rf, y: c.cost }));
    this.chartBox.hidden = false;
    this.chart?.destroy();
    this.chart = new Chart(this.chartCanvas, {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'Pareto front (larger rf, lower cost)',
            data: pts(r.pareto),
            showLine: true,
            stepped: 'after',
            borderColor: '#2563eb',
            backgroundColor: '#2563eb',
            pointRadius: 4,
          },
          {
            label: 'top results',
            data: pts(r.top),
            borderColor: '#ea580c',
            backgroundColor: '#ea580c',
            pointRadius: 3,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'receptive field' } },
          y: { type: 'linear', title: { display: true, text: 'cost' } },
        },
        onClick: (_e, elements) => {
          const el = elements[0];
          if (!el) return;
          const c = (el.datasetIndex === 0 ? r.pareto : r.top)[el.index];
          if (c) open(c);
        },
      },
    });
  }
}

const PATH_FIELD: [RegExp, SearchField][] = [
  [/^depth/, 'depth'],
  [/^layers/, 'overrides'],
  [/kernel/, 'kernel'],
  [/dilation/, 'dilation'],
  [/constraints\.rf\.min/, 'rfMin'],
  [/constraints\.rf/, 'rfMax'],
  [/constraints\.stride/, 'totalStride'],
  [/constraints\.inputSize/, 'inputSize'],
  [/constraints\.minOutput/, 'minOutput'],
  [/constraints\.holes/, 'holes'],
  [/stride/, 'stride'],
  [/objective/, 'objective'],
  [/^top/, 'top'],
];

function fieldOfPath(path: string | undefined): SearchField | null {
  if (!path) return null;
  for (const [re, f] of PATH_FIELD) if (re.test(path)) return f;
  return null;
}
