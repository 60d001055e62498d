// The shared state of the page: one AppState mirrored into the URL, and the analysis of the
// current draft, recomputed only when the draft changes.
import { type Analysis, analyzeDraft, zooDraft } from './lib.js';
import type { Draft } from './rows.js';
import { type AppState, decodeState, encodeState, type View } from './url-state.js';

export type Listener = (app: App, why: Change) => void;
/** What changed: views re-render only what depends on it. */
export type Change = 'draft' | 'structure' | 'options' | 'view' | 'vis' | 'search' | 'load';

export class App {
  state: AppState;
  private listeners: Listener[] = [];
  private cache = new Map<string, Analysis>();

  constructor(query: string) {
    this.state = decodeState(query, zooDraft);
  }

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Applies a change, writes the URL, and tells every view. */
  update(why: Change, mutate: (s: AppState) => void): void {
    mutate(this.state);
    if (why === 'draft' || why === 'structure') this.state.zoo = null;
    const url = `${location.pathname}?${encodeState(this.state)}`;
    if (why === 'view') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    for (const l of this.listeners) l(this, why);
  }

  /** Re-reads the URL (back/forward buttons). */
  reload(query: string): void {
    this.state = decodeState(query, zooDraft);
    for (const l of this.listeners) l(this, 'load');
  }

  setView(view: View): void {
    if (this.state.view !== view) this.update('view', (s) => void (s.view = view));
  }

  loadDraft(draft: Draft, zoo: string | null = null): void {
    this.update('load', (s) => {
      s.draft = draft;
      s.zoo = zoo;
      s.vis = { layer: null, unit: s.vis.unit.map(() => 0) };
    });
  }

  analysis(inputSize?: number[]): Analysis {
    const opts: { strict: boolean; inputSize?: number[] } = { strict: this.state.strict };
    if (inputSize) opts.inputSize = inputSize;
    const key = JSON.stringify([this.state.draft, opts]);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const analysis = analyzeDraft(this.state.draft, opts);
    // The calculator and the visualiser (which may force an input size) each keep their entry.
    if (this.cache.size >= 4) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, analysis);
    return analysis;
  }
}
