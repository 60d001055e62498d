// The layer table: one row of inputs per layer and the result columns, which follow every
// keystroke. Inputs are rebuilt only when rows are added, removed, moved or loaded (so typing never
// loses focus), and a refresh writes only the cells whose text changed: on resnet_v1_152 (215
// rows) rewriting every cell cost more than the analysis itself. Only the rows near the screen are
// laid out (row-window.ts); a keystroke writes the rows on screen at once and the others in idle
// slices right after, the laid-out ones first.
import type { Op, Warning } from 'rfkit';
import type { App } from './app.js';
import { clear, h } from './dom.js';
import { type TermId, termLabel } from './glossary.js';
import { buildRow, type RowView } from './layer-row.js';
import type { Analysis } from './lib.js';
import { OUT_FIELDS, OUT_TITLES, outCell } from './result-cells.js';
import { RowWindow } from './row-window.js';
import { emptyRow, type FieldName, rowName } from './rows.js';

/** Rows written per idle slice at most: about half a millisecond of script. */
const CATCH_UP_ROWS = 40;

export class LayerTable {
  readonly root: HTMLElement;
  private table = h('table', { id: 'layers', class: 'grid layers', role: 'table' });
  private tbody = h('tbody');
  private views: RowView[] = [];
  /** What each changeable cell shows now, so refresh skips the unchanged ones. */
  private shown = new Map<HTMLElement, string>();
  private titles = new Map<HTMLElement, string>();
  private marked = new Set<Element>();
  /** Error slots that show a message now (the others are empty). */
  private errShown = new Set<HTMLElement>();
  /** The analysis the result columns follow, with its warnings by row. */
  private current: { a: Analysis; warned: Map<number, Warning[]>; withErf: boolean } | null = null;
  /** Rows whose result cells do not show `current` yet, nearest to the screen first. */
  private behind = new Set<number>();
  /** Which rows are laid out (the others are hidden, and written in idle time). */
  private onScreen = new RowWindow(this.tbody, (i) => {
    if (this.behind.has(i)) this.writeRow(i);
  });
  private catchUp: { cancel: () => void } | null = null;

  constructor(private app: App) {
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, '#'),
      h('th', { scope: 'col' }, 'name'),
      h('th', { scope: 'col' }, 'op'),
      h(
        'th',
        { scope: 'col', title: 'kernel (the scale factor for upsample): "3" or per axis "3,5"' },
        'kernel',
      ),
      h('th', { scope: 'col' }, 'stride'),
      h('th', { scope: 'col' }, 'dilation'),
      h(
        'th',
        {
          scope: 'col',
          title: 'integer (negative crops), per axis "1,2", begin/end "0,0/1,1", same, same-lower, valid',
        },
        'padding',
      ),
      h(
        'th',
        { scope: 'col', title: 'pools: ceil mode; transposed conv: output padding' },
        'ceil /',
        h('br'),
        'out pad',
      ),
      h('th', { scope: 'col', title: 'output channels (used by the search costs)' }, 'ch'),
      h('th', { scope: 'col', title: 'layer names, comma-separated; empty = previous layer' }, 'inputs'),
      OUT_FIELDS.map((f) =>
        h(
          'th',
          { class: f.startsWith('erf') ? 'out erf' : 'out', scope: 'col' },
          termLabel(f as TermId, OUT_TITLES[f]),
        ),
      ),
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'warnings')),
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'row actions')),
    );
    this.root = h('div', { class: 'table-wrap' }, this.table);
    this.table.append(
      h('caption', { class: 'sr-only' }, 'Layers of the model, with their receptive fields'),
      h('thead', { role: 'rowgroup' }, head),
      this.tbody,
    );
    head.setAttribute('aria-rowindex', '1');
    // The rows are laid out as grids (see style.css), so the table roles are stated outright.
    this.tbody.setAttribute('role', 'rowgroup');
    head.setAttribute('role', 'row');
    for (const th of head.children) th.setAttribute('role', 'columnheader');
  }

  addRow(op: Op): void {
    const rows = this.app.state.draft.rows;
    const row = emptyRow(op);
    if ((op === 'add' || op === 'concat') && rows.length >= 2) {
      row.inputs = rows
        .slice(-2)
        .map((r, i) => rowName(r, rows.length - 2 + i))
        .join(', ');
    }
    this.app.update('structure', (s) => void s.draft.rows.push(row));
  }

  /** Builds the inputs of every row from the state. */
  build(): void {
    clear(this.tbody);
    this.shown.clear();
    this.titles.clear();
    this.marked.clear();
    this.errShown.clear();
    this.views = this.app.state.draft.rows.map((row, i) => buildRow(this.app, row, i));
    this.catchUp?.cancel();
    this.catchUp = null;
    this.behind.clear();
    this.tbody.append(...this.views.map((v) => v.tr));
    // Rows off screen are not laid out, so assistive technology is told how many there are.
    this.table.setAttribute('aria-rowcount', String(this.views.length + 1));
    this.onScreen.reset(this.views.map((v) => v.tr));
    this.highlight();
  }

  /** True when every row shows the last analysis (the tests and the measurements wait for it). */
  idle(): boolean {
    return this.behind.size === 0;
  }

  /** A cell's tooltip, written only when it changes. */
  private setTitle(el: HTMLElement, title: string): void {
    if ((this.titles.get(el) ?? '') === title) return;
    this.titles.set(el, title);
    if (title) el.title = title;
    else el.removeAttribute('title');
  }

  private set(el: HTMLElement, text: string): void {
    if ((this.shown.get(el) ?? '') === text) return;
    this.shown.set(el, text);
    // Changing the text node in place is cheaper than replacing it (textContent) on 1000 cells.
    const node = el.firstChild;
    if (node && node.nodeType === Node.TEXT_NODE && !node.nextSibling && text !== '')
      (node as Text).data = text;
    else el.textContent = text;
  }

  /**
   * Fills the result columns, the field errors and the row warnings (`withErf` false: all but the
   * ERF columns). Returns the errors that have no field in the table (for the list under it).
   */
  refresh(a: Analysis, withErf = true): Analysis['errors'] {
    const loose: Analysis['errors'] = [];
    const errText = new Map<HTMLElement, string>();
    const invalid = new Set<Element>();
    for (const e of a.errors) {
      const v = e.row >= 0 ? this.views[e.row] : undefined;
      const slot = v?.errs.get(e.field as FieldName);
      if (!v || !slot) {
        loose.push(e);
        continue;
      }
      const prev = errText.get(slot);
      errText.set(slot, prev ? `${prev}; ${e.message}` : e.message);
      const input = v.inputs.get(e.field as FieldName);
      if (input) invalid.add(input);
    }
    // Only the slots that change: 215 rows × 10 fields of empty slots cost more than the analysis.
    for (const slot of this.errShown) if (!errText.has(slot)) this.set(slot, '');
    for (const [slot, text] of errText) this.set(slot, text);
    this.errShown = new Set(errText.keys());
    for (const el of this.marked) if (!invalid.has(el)) el.classList.remove('invalid');
    for (const el of invalid) {
      el.classList.add('invalid');
      el.setAttribute('aria-invalid', 'true');
    }
    for (const el of this.marked) if (!invalid.has(el)) el.removeAttribute('aria-invalid');
    this.marked = invalid;

    this.current = { a, warned: rowWarnings(a), withErf };
    this.behind.clear();
    const { now, later } = this.onScreen.order();
    for (const i of later) this.behind.add(i);
    for (const i of now) this.writeRow(i);
    this.scheduleCatchUp();
    return loose;
  }

  /** Fills row `i`'s result cells, classes and warning from the current analysis. */
  private writeRow(i: number): void {
    this.behind.delete(i);
    const v = this.views[i];
    const cur = this.current;
    if (!v || !cur) return;
    const { a, warned, withErf } = cur;
    const lr = i < a.analyzedRows ? a.report?.layers[i] : undefined;
    for (const f of OUT_FIELDS) {
      // An analysis without the ERF leaves its columns as they are until the full one comes.
      if (!withErf && lr && (f === 'erfStd' || f === 'erfSpan')) continue;
      const out = lr ? outCell(a.report!, i, f) : { text: '', title: '' };
      this.set(v.outs[f], out.text);
      this.setTitle(v.outs[f], out.title);
    }
    const stale = !lr;
    if (v.tr.classList.contains('stale') !== stale) v.tr.classList.toggle('stale', stale);
    const global = Boolean(lr?.global);
    if (v.tr.classList.contains('global') !== global) v.tr.classList.toggle('global', global);
    const ws = warned.get(i) ?? [];
    const text = ws.map((w) => w.message).join('\n');
    if ((this.shown.get(v.warn) ?? '') !== text) {
      this.shown.set(v.warn, text);
      clear(v.warn);
      if (ws.length > 0) {
        v.warn.append(
          h('span', { class: 'warn-mark', title: text, role: 'img', 'aria-label': `warning: ${text}` }, '⚠'),
        );
      }
      v.tr.classList.toggle('warned', ws.length > 0);
    }
  }

  /**
   * Writes the rows left behind in idle time, a slice at a time, so that no frame waits for the
   * whole table and every row in the document shows the last edit soon after (a hidden row is
   * also brought up to date just before it is laid out again).
   */
  private scheduleCatchUp(): void {
    if (this.catchUp || this.behind.size === 0) return;
    const slice = (budget: () => number) => {
      this.catchUp = null;
      performance.mark('rfkit:table-catch-up-start');
      let n = 0;
      for (const i of this.behind) {
        if (n >= CATCH_UP_ROWS || budget() < 1) break;
        this.writeRow(i);
        n++;
      }
      performance.measure('rfkit:table-catch-up', 'rfkit:table-catch-up-start');
      this.scheduleCatchUp();
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback((d) => slice(() => (d.didTimeout ? 2 : d.timeRemaining())), {
        timeout: 250,
      });
      this.catchUp = { cancel: () => cancelIdleCallback(id) };
    } else {
      // Safari has no idle callbacks: a slice per frame-sized pause.
      const id = setTimeout(() => slice(() => 2), 16);
      this.catchUp = { cancel: () => clearTimeout(id) };
    }
  }

  /** Marks the selected row. */
  highlight(): void {
    const sel = this.app.state.vis.layer;
    this.views.forEach((v, i) => {
      const on = i === sel;
      if (v.tr.classList.contains('selected') !== on) v.tr.classList.toggle('selected', on);
      v.tr.setAttribute('aria-selected', String(on));
    });
  }

  /** Scrolls to a row and puts the cursor in its name field. */
  focusRow(i: number): void {
    const v = this.views[i];
    if (!v) return;
    this.onScreen.pin(i);
    v.tr.scrollIntoView({ block: 'center' });
    v.inputs.get('name')?.focus();
  }
}

/** Warnings by row: each warning goes to the rows of the layers it names (the first is the culprit). */
export function rowWarnings(a: Analysis): Map<number, Warning[]> {
  const out = new Map<number, Warning[]>();
  const report = a.report;
  if (!report) return out;
  const index = new Map(report.layers.map((l, i) => [l.name, i]));
  for (const w of report.warnings) {
    const first = w.layers.map((n) => index.get(n)).find((i) => i !== undefined);
    if (first === undefined) continue;
    const list = out.get(first) ?? [];
    list.push(w);
    out.set(first, list);
  }
  return out;
}
