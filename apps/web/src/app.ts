// The shared state of the page: one AppState mirrored into the URL (and the browser history), and
// the analysis of the current draft, recomputed only when the draft changes.
import type { Report } from 'rfkit';
import { type Analysis, analyzeDraft, zooDraft } from './lib.js';
import type { Draft } from './rows.js';
import { type AppState, decodeState, encodeState, type View } from './url-state.js';

export type Listener = (app: App, why: Change) => void;
/**
 * What changed: views re-render only what depends on it. `select` is the selected layer (shared
 * by the table, the visualiser and the diagram); `vis` the unit or slice shown.
 */
export type Change = 'draft' | 'structure' | 'options' | 'view' | 'select' | 'vis' | 'search' | 'load';

/** Input size used to draw a model that does not state one. */
export const FALLBACK_SIZE = 64;

/** Edits of one field closer together than this share one history entry. */
const EDIT_SESSION_MS = 1500;
/**
 * A URL update waits this long for the typing to pause: Chromium's history.replaceState costs
 * ~15 ms with a long URL, as much as the whole rest of a keystroke on resnet_v1_152.
 */
const URL_DELAY_MS = 250;

/**
 * History entries written in order; a queued replace takes the newest state. A replace's state is
 * copied only when it is written or a new entry follows it (null until then): copying the state
 * of resnet_v1_152 on every keystroke cost half a millisecond.
 */
interface UrlWrite {
  push: boolean;
  state: AppState | null;
  started: boolean;
}

export class App {
  state: AppState;
  private listeners: Listener[] = [];
  private cache = new Map<string, Analysis>();
  /** Bumped whenever the draft or the analysis options change: the analysis cache key. */
  private revision = 0;
  private lastEdit: { key: string; at: number } | null = null;
  private queue: UrlWrite[] = [];
  private writing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on back/forward: writes still queued for the old entry are dropped. */
  private epoch = 0;
  /** The polite live region: short messages a screen reader announces. */
  live: HTMLElement | null = null;

  private constructor(state: AppState) {
    this.state = state;
  }

  static async fromQuery(query: string): Promise<App> {
    return new App(await decodeState(query, zooDraft));
  }

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  /**
   * Applies a change, writes the URL and tells every view. A new history entry starts with each
   * tab change, load, structural edit, and each burst of typing in one field (`key`), so that
   * Back and Forward step through edits.
   */
  update(why: Change, mutate: (s: AppState) => void, key: string = why): void {
    // The whole of a keystroke's synchronous work, from the state change to every view's update.
    const start = performance.now();
    const now = start;
    const push =
      why === 'view' ||
      why === 'load' ||
      why === 'structure' ||
      this.lastEdit === null ||
      this.lastEdit.key !== key ||
      now - this.lastEdit.at > EDIT_SESSION_MS;
    // The replace before a new entry keeps the state it had, not the one this change makes.
    const last = this.queue[this.queue.length - 1];
    if (push && last && last.state === null) last.state = structuredClone(this.state);
    mutate(this.state);
    if (why === 'draft' || why === 'structure') this.state.zoo = null;
    if (why === 'draft' || why === 'structure' || why === 'options' || why === 'load') this.revision++;
    this.lastEdit = why === 'view' || why === 'load' || why === 'structure' ? null : { key, at: now };
    this.write(push);
    for (const l of this.listeners) l(this, why);
    performance.measure(`rfkit:update:${why}`, { start, end: performance.now() });
  }

  private write(push: boolean): void {
    const last = this.queue[this.queue.length - 1];
    if (push) this.queue.push({ push, state: structuredClone(this.state), started: false });
    else if (last && !last.started) last.state = null;
    else this.queue.push({ push, state: null, started: false });
    // A new entry is written at once (after any pending replace, which the queue keeps in order);
    // replaces wait for a pause.
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (push) void this.drain(false);
    else this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain(true);
    }, URL_DELAY_MS);
  }

  /**
   * Writes the queued entries in order: up to the last new entry, or (`all`, after a pause in the
   * typing) everything. A replace that comes in while a write is under way waits for its pause.
   */
  private async drain(all: boolean): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    while (this.queue.length > 0) {
      if (!all && !this.queue.some((q) => q.push)) break;
      const w = this.queue[0]!;
      w.started = true;
      const epoch = this.epoch;
      const url = `${location.pathname}?${await encodeState(w.state ?? structuredClone(this.state))}`;
      this.queue.shift();
      if (epoch !== this.epoch) continue;
      if (w.push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    }
    this.writing = false;
    // Entries that came in meanwhile: a new one is written now, replaces after their pause.
    if (this.queue.some((q) => q.push)) void this.drain(false);
    else if (this.queue.length > 0 && this.timer === null) this.schedule();
  }

  /** True when every URL write has reached the history (tests and screenshots wait for it). */
  idle(): boolean {
    return !this.writing && this.queue.length === 0 && this.timer === null;
  }

  /** Re-reads the URL (back/forward buttons), without writing history. */
  async reload(query: string): Promise<void> {
    this.epoch++;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastEdit = null;
    this.state = await decodeState(query, zooDraft);
    this.revision++;
    for (const l of this.listeners) l(this, 'load');
  }

  setView(view: View): void {
    if (this.state.view !== view) this.update('view', (s) => void (s.view = view));
  }

  select(layer: number | null): void {
    if (this.state.vis.layer !== layer) this.update('select', (s) => void (s.vis.layer = layer), 'select');
  }

  loadDraft(draft: Draft, zoo: string | null = null): void {
    this.update('load', (s) => {
      s.draft = draft;
      s.zoo = zoo;
      s.vis = { layer: null, unit: s.vis.unit.map(() => 0), plane: null, depth: null };
    });
  }

  /** Says `text` through the live region (screen readers announce it). */
  announce(text: string): void {
    if (this.live) this.live.textContent = text;
  }

  /**
   * The draft's analysis (cached per edit). `erf: false` leaves the ERF out — the larger part of
   * a deep model's analysis — and is answered by the full one when that is already there.
   */
  analysis(inputSize?: number[], erf = true): Analysis {
    const size = inputSize?.join(',') ?? '';
    const full = this.cache.get(`${this.revision}|${size}|erf`);
    if (full) return full;
    const key = `${this.revision}|${size}|${erf ? 'erf' : 'quick'}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const opts: { strict: boolean; inputSize?: number[]; erf?: boolean } = { strict: this.state.strict };
    if (inputSize) opts.inputSize = inputSize;
    if (!erf) opts.erf = false;
    const analysis = analyzeDraft(this.state.draft, opts);
    // The calculator and the visualiser (which may force an input size) each keep their entries.
    if (this.cache.size >= 6) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, analysis);
    return analysis;
  }

  /** The full analysis of the draft as it is, if it has been made. */
  analyzed(): Analysis | null {
    return this.cache.get(`${this.revision}||erf`) ?? null;
  }

  /** The analysis to draw: the model's, or at FALLBACK_SIZE per axis when it states no size. */
  drawable(): { a: Analysis; size: number[] | undefined } {
    const base = this.analysis();
    if (!base.report || base.report.input.size) return { a: base, size: undefined };
    const size = Array<number>(base.report.axes).fill(FALLBACK_SIZE);
    return { a: this.analysis(size), size };
  }

  /** The selected layer of a report: the chosen one, else the deepest with a spatial map. */
  selected(report: Report): number {
    const layers = report.layers;
    // Global layers see everything: by default the deepest layer that still has a map.
    const spatial = layers.map((l) => l.global).lastIndexOf(false);
    return Math.min(this.state.vis.layer ?? (spatial >= 0 ? spatial : layers.length - 1), layers.length - 1);
  }
}
