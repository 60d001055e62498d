// The search: a form for the space, checked against every limit as it changes; a run in a Web
// Worker with progress, cancel and resume; the results (table, Pareto front, histogram, downloads);
// a result opens in the calculator. A link restores the form but never starts a run.
import { type Candidate, isRfError, normalizeSweep, type SweepResult, type SweepSpec } from 'rfkit';
import type { App, Change } from './app.js';
import { h, tabPanel } from './dom.js';
import { draftFromChoices } from './lib.js';
import { HOLES, MAX_DEPTH, OBJECTIVES, type SearchField, specFromForm } from './search-form.js';
import { SearchResults } from './search-results.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const FIELDS: {
  key: Exclude<SearchField, 'objective' | 'holes'>;
  label: string;
  hint: string;
  wide?: boolean;
}[] = [
  { key: 'depth', label: 'depth', hint: `layers, 1–${MAX_DEPTH}` },
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
/** Form edits closer than this are checked once. */
const CHECK_DELAY_MS = 120;

export class SearchView {
  readonly root: HTMLElement;
  private inputs = new Map<SearchField, HTMLInputElement | HTMLSelectElement>();
  private errors = new Map<SearchField, HTMLElement>();
  private spaceInfo = h('p', { id: 'space-info', class: 'info', role: 'status', 'aria-live': 'polite' });
  private runBtn = h('button', { id: 'run-search', type: 'button', class: 'primary' }, 'Run search');
  private resumeBtn = h('button', { id: 'resume-search', type: 'button', hidden: true }, 'Resume');
  private cancelBtn = h('button', { id: 'cancel-search', type: 'button', disabled: true }, 'Cancel');
  private progress = h('progress', {
    id: 'search-progress',
    max: 1,
    value: 0,
    'aria-label': 'search progress',
  });
  private status = h('span', { id: 'search-status', class: 'info', role: 'status', 'aria-live': 'polite' });
  private results: SearchResults;
  private workerInstance: Worker | null = null;
  private nextId = 1;
  private current: { id: number; spec: SweepSpec } | null = null;
  /** The last cancelled run, resumable while the form still describes its space. */
  private partial: { result: SweepResult; key: string; spec: SweepSpec } | null = null;
  /** The pending limits check, and whether the form's space passed its last one. */
  private checking: { id: number; key: string } | null = null;
  private checkTimer: ReturnType<typeof setTimeout> | null = null;
  private passed: string | null = null;
  private ready = false;
  /** The space of the results on show (their input size opens them). */
  private shownSpec: SweepSpec | null = null;

  constructor(private app: App) {
    this.results = new SearchResults((c, label) => this.open(c, label));
    const form = h('div', { class: 'search-form', role: 'group', 'aria-label': 'search space' });
    for (const f of FIELDS) {
      const input = h('input', {
        id: `s-${f.key}`,
        'data-field': f.key,
        placeholder: f.hint,
        spellcheck: 'false',
        autocomplete: 'off',
        'aria-describedby': `s-err-${f.key}`,
      });
      input.addEventListener('input', () => this.edit(f.key, input.value));
      this.inputs.set(f.key, input);
      const err = h('div', { class: 'err', 'data-error': f.key, id: `s-err-${f.key}` });
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

    this.runBtn.addEventListener('click', () => this.run(false));
    this.resumeBtn.addEventListener('click', () => this.run(true));
    this.cancelBtn.addEventListener('click', () => this.cancel());
    this.root = tabPanel(
      'search',
      form,
      this.spaceInfo,
      h('div', { class: 'toolbar' }, this.runBtn, this.resumeBtn, this.cancelBtn, this.progress, this.status),
      this.results.root,
    );
    app.on((_, why) => this.onChange(why));
    this.fill();
    this.validate();
  }

  /**
   * The worker, started on first need — or by warm(), which the page calls once it is idle, so
   * the search works offline once the page has loaded without weighing on its first load.
   */
  private get worker(): Worker {
    this.workerInstance ??= this.startWorker();
    return this.workerInstance;
  }

  warm(): void {
    void this.worker;
  }

  private startWorker(): Worker {
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
    this.app.update(
      'search',
      (s) => {
        (s.search as unknown as Record<string, string>)[key] = value;
      },
      `search:${key}`,
    );
    this.validate();
  }

  private clearMarks(): void {
    for (const el of this.errors.values()) el.textContent = '';
    for (const el of this.inputs.values()) {
      el.classList.remove('invalid');
      el.removeAttribute('aria-invalid');
    }
  }

  /**
   * Marks field errors and shows the size of the space; then asks the worker whether a run would
   * pass every limit. Returns the spec when the form parses and the library accepts the space.
   */
  private validate(): SweepSpec | null {
    this.clearMarks();
    const { spec, errors } = specFromForm(this.app.state.search);
    for (const [k, msg] of errors) this.markError(k, msg);
    this.updateResume(spec);
    if (!spec) {
      this.spaceInfo.textContent = 'Fix the marked fields to run a search.';
      this.runBtn.disabled = true;
      return null;
    }
    try {
      const n = normalizeSweep(spec);
      this.spaceInfo.textContent = `${n.total.toLocaleString('en')} combinations over ${n.depth} layers, objective ${n.objective}.`;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.markError(fieldOfPath(isRfError(e) ? e.path : undefined), msg);
      this.spaceInfo.textContent = msg;
      this.runBtn.disabled = true;
      return null;
    }
    const key = JSON.stringify(spec);
    this.runBtn.disabled = this.current !== null || this.passed !== key;
    if (this.passed !== key) this.scheduleCheck(spec, key);
    return spec;
  }

  private scheduleCheck(spec: SweepSpec, key: string): void {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => {
      this.checkTimer = null;
      const id = this.nextId++;
      this.checking = { id, key };
      this.worker.postMessage({ type: 'check', id, spec } satisfies ToWorker);
    }, CHECK_DELAY_MS);
  }

  private markError(k: SearchField | null, msg: string): void {
    if (!k) return;
    const slot = this.errors.get(k);
    if (slot) slot.textContent = msg;
    const el = this.inputs.get(k);
    el?.classList.add('invalid');
    el?.setAttribute('aria-invalid', 'true');
  }

  private updateResume(spec: SweepSpec | null): void {
    const key = spec ? JSON.stringify(spec) : null;
    const can = this.partial !== null && this.partial.key === key;
    this.resumeBtn.hidden = this.partial === null;
    this.resumeBtn.disabled = !can || this.current !== null;
    this.resumeBtn.title = can
      ? 'continue the cancelled search where it stopped'
      : 'the form no longer describes the cancelled search';
  }

  private run(resume: boolean): void {
    const spec = resume ? (this.partial?.spec ?? null) : this.validate();
    if (!spec || this.current) return;
    const id = this.nextId++;
    this.current = { id, spec };
    this.runBtn.disabled = true;
    this.resumeBtn.disabled = true;
    this.cancelBtn.disabled = false;
    this.status.classList.remove('err');
    this.progress.value = resume && this.partial ? this.fraction(this.partial.result) : 0;
    this.status.textContent = this.ready
      ? resume
        ? 'Resuming…'
        : 'Searching…'
      : 'Starting the wasm kernel…';
    const msg: ToWorker = { type: 'run', id, spec };
    if (resume && this.partial) msg.resume = this.partial.result;
    this.worker.postMessage(msg);
  }

  private fraction(r: SweepResult): number {
    return r.complete
      ? 1
      : Number(r.nextIndex - r.range.start) / Math.max(1, Number(r.range.end - r.range.start));
  }

  private cancel(): void {
    const cur = this.current;
    if (!cur) return;
    this.status.textContent = 'Cancelling…';
    this.worker.postMessage({ type: 'cancel', id: cur.id } satisfies ToWorker);
    setTimeout(() => {
      if (this.current?.id !== cur.id) return;
      this.worker.terminate();
      this.workerInstance = this.startWorker();
      this.passed = null;
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
    if (msg.type === 'checked') {
      if (msg.id !== this.checking?.id) return;
      const { key } = this.checking;
      this.checking = null;
      if (key !== JSON.stringify(specFromForm(this.app.state.search).spec)) return;
      if (msg.error) {
        this.passed = null;
        this.markError(fieldOfPath(msg.error.path ?? undefined) ?? 'depth', msg.error.message);
        this.spaceInfo.textContent = msg.error.message;
        this.runBtn.disabled = true;
      } else {
        this.passed = key;
        this.runBtn.disabled = this.current !== null;
      }
      return;
    }
    if (msg.id !== this.current?.id) return;
    if (msg.type === 'progress') {
      this.progress.value = msg.total > 0 ? msg.done / msg.total : 0;
      this.status.textContent = `Searching… ${msg.done.toLocaleString('en')} / ${msg.total.toLocaleString('en')}`;
    } else if (msg.type === 'error') {
      this.fail(`Search failed: ${msg.message}`);
    } else {
      const spec = this.current.spec;
      const r = msg.result;
      this.partial = r.complete ? null : { result: r, key: JSON.stringify(spec), spec };
      this.finish();
      this.show(r, spec);
    }
  }

  private show(r: SweepResult, spec: SweepSpec): void {
    this.shownSpec = spec;
    this.progress.value = this.fraction(r);
    const done = r.complete ? 'Done' : 'Cancelled (partial result; Resume continues it)';
    this.status.textContent =
      `${done}: ${r.evaluated.toLocaleString('en')} evaluated, ` +
      `${r.feasible.toLocaleString('en')} feasible, ${Math.round(r.elapsedMs)} ms on ${r.backend}.`;
    this.app.announce(this.status.textContent);
    this.results.show({
      result: r,
      inputSize: spec.constraints?.inputSize,
      objective: spec.objective ?? 'kernel-area',
    });
  }

  private open(c: Candidate, label: string): void {
    this.app.loadDraft(draftFromChoices(c.layers, this.shownSpec?.constraints?.inputSize, label));
    this.app.setView('calc');
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
