// The calculator: the model as an editable table whose result columns follow every keystroke.
// Inputs are rebuilt only when rows are added, removed, moved or loaded, so typing never loses focus.
import type { Op } from 'rfkit';
import type { App, Change } from './app.js';
import { clear, h } from './dom.js';
import { formatAxis } from './fields.js';
import { draftFromText, exportDraft, zooDraft, zooList } from './lib.js';
import { importOnnxFile } from './onnx.js';
import { emptyRow, type FieldName, fieldsFor, kernelLabel, moveRow, OPS, type Row } from './rows.js';

const TEXT_FIELDS: readonly FieldName[] = ['name', 'kernel', 'stride', 'dilation', 'padding', 'inputs'];
const OUT_FIELDS = ['rf', 'jump', 'effectivePadding', 'center', 'outputSize', 'covered'] as const;
const OUT_TITLES: Record<(typeof OUT_FIELDS)[number], string> = {
  rf: 'rf',
  jump: 'jump',
  effectivePadding: 'eff. pad',
  center: 'centre',
  outputSize: 'out size',
  covered: 'covered',
};
const PLACEHOLDER: Partial<Record<FieldName, string>> = {
  name: 'auto',
  stride: '1',
  dilation: '1',
  padding: '0',
  inputs: 'previous',
};

export class Calculator {
  readonly root: HTMLElement;
  private tbody = h('tbody');
  private zooSelect = h('select', { id: 'zoo', 'aria-label': 'zoo model' });
  private nameInput = h('input', { id: 'model-name', size: 14, 'aria-label': 'model name' });
  private sizeInput = h('input', {
    id: 'input-size',
    size: 10,
    placeholder: 'unknown',
    'aria-label': 'input size',
  });
  private sizeError = h('span', { class: 'err', 'data-error': 'inputSize' });
  private strictBox = h('input', { type: 'checkbox', id: 'strict' });
  private modelErrors = h('ul', { class: 'errors', id: 'model-errors' });
  private warnings = h('ul', { class: 'warnings', id: 'warnings' });
  private paste = h('textarea', {
    id: 'paste',
    rows: 6,
    spellcheck: 'false',
    placeholder: 'Paste a JSON model or compact text, e.g. conv7s2p3 maxpool3s2p1 conv3p1 conv3p1d2',
  });
  private pasteMsg = h('div', { class: 'msg', id: 'paste-msg' });

  constructor(private app: App) {
    this.zooSelect.append(
      h('option', { value: '' }, '— zoo model —'),
      ...zooList().map((n) => h('option', { value: n }, n)),
    );
    this.zooSelect.addEventListener('change', () => {
      const name = this.zooSelect.value;
      const d = name ? zooDraft(name) : null;
      if (d) app.loadDraft(d, name);
    });
    this.nameInput.addEventListener('input', () =>
      app.update('draft', (s) => void (s.draft.name = this.nameInput.value)),
    );
    this.sizeInput.addEventListener('input', () =>
      app.update('draft', (s) => void (s.draft.inputSize = this.sizeInput.value)),
    );
    this.strictBox.addEventListener('change', () =>
      app.update('options', (s) => void (s.strict = this.strictBox.checked)),
    );
    const fileInput = h('input', { type: 'file', accept: '.onnx,.json,.txt', id: 'model-file' });
    fileInput.addEventListener('change', () => {
      const f = fileInput.files?.[0];
      if (f) void this.openFile(f);
      fileInput.value = '';
    });

    const head = h(
      'tr',
      {},
      h('th', {}, '#'),
      h('th', {}, 'name'),
      h('th', {}, 'op'),
      h('th', { title: 'kernel (scale for upsample); "3" or "3,5"' }, 'kernel'),
      h('th', {}, 'stride'),
      h('th', {}, 'dilation'),
      h('th', { title: 'integer, per-axis "1,2", begin/end "0,0/1,1", same, same-lower, valid' }, 'padding'),
      h('th', { title: 'layer names, comma-separated; empty = previous layer' }, 'inputs'),
      OUT_FIELDS.map((f) => h('th', { class: 'out' }, OUT_TITLES[f])),
      h('th', {}, ''),
    );

    this.root = h(
      'section',
      { id: 'calc', class: 'view' },
      h(
        'div',
        { class: 'toolbar' },
        this.zooSelect,
        h('label', {}, 'name ', this.nameInput),
        h('label', {}, 'input size ', this.sizeInput, this.sizeError),
        h('label', { title: 'misaligned merges are errors' }, this.strictBox, ' strict'),
        h('label', { class: 'file' }, 'open .onnx / .json ', fileInput),
      ),
      h(
        'div',
        { class: 'table-wrap' },
        h('table', { id: 'layers', class: 'grid' }, h('thead', {}, head), this.tbody),
      ),
      h(
        'div',
        { class: 'row-actions' },
        h('button', { id: 'add-layer', type: 'button', onclick: () => this.addRow('conv') }, '+ layer'),
        h('button', { type: 'button', onclick: () => this.addRow('maxpool') }, '+ pool'),
        h('button', { type: 'button', onclick: () => this.addRow('add') }, '+ merge'),
      ),
      this.modelErrors,
      this.warnings,
      h(
        'details',
        { class: 'paste', open: true },
        h('summary', {}, 'Paste or export (JSON or compact text)'),
        this.paste,
        h(
          'div',
          { class: 'row-actions' },
          h('button', { id: 'paste-load', type: 'button', onclick: () => this.loadPaste() }, 'Load'),
          h('button', { type: 'button', onclick: () => this.exportTo('json') }, 'Export JSON'),
          h('button', { type: 'button', onclick: () => this.exportTo('compact') }, 'Export compact'),
        ),
        this.pasteMsg,
      ),
    );
    this.root.addEventListener('dragover', (e) => e.preventDefault());
    this.root.addEventListener('drop', (e) => {
      e.preventDefault();
      const f = e.dataTransfer?.files[0];
      if (f) void this.openFile(f);
    });
    app.on((_, why) => this.onChange(why));
    this.build();
    this.refresh();
  }

  private onChange(why: Change): void {
    if (why === 'structure' || why === 'load') this.build();
    if (why === 'draft' || why === 'structure' || why === 'options' || why === 'load') this.refresh();
  }

  private addRow(op: Op): void {
    const rows = this.app.state.draft.rows;
    const row = emptyRow(op);
    if (op === 'add' && rows.length >= 2) {
      const names = rows.map((r, i) => r.name || `${r.op}_${i}`);
      row.inputs = names.slice(-2).join(', ');
    }
    this.app.update('structure', (s) => void s.draft.rows.push(row));
  }

  /** Builds the inputs of every row (and the toolbar values) from the state. */
  private build(): void {
    const { draft, zoo, strict } = this.app.state;
    this.zooSelect.value = zoo ?? '';
    this.nameInput.value = draft.name;
    this.sizeInput.value = draft.inputSize;
    this.strictBox.checked = strict;
    clear(this.tbody);
    this.tbody.append(...draft.rows.map((row, i) => this.buildRow(row, i)));
  }

  private buildRow(row: Row, i: number): HTMLTableRowElement {
    const tr = h('tr', { 'data-row': i });
    const used = fieldsFor(row.op);
    const cell = (field: FieldName) => {
      const enabled = field === 'name' || field === 'inputs' || used.has(field);
      const input = h('input', {
        'data-field': field,
        'aria-label': `${field} of layer ${i}`,
        value: enabled ? (row[field as keyof Row] as string) : '',
        placeholder: !enabled ? '' : field === 'kernel' ? kernelLabel(row.op) : (PLACEHOLDER[field] ?? ''),
        disabled: !enabled,
        size: field === 'name' ? 14 : field === 'inputs' ? 10 : 5,
        spellcheck: 'false',
      });
      input.addEventListener('input', () =>
        this.app.update('draft', (s) => {
          const r = s.draft.rows[i];
          if (r) (r as unknown as Record<string, string>)[field] = input.value;
        }),
      );
      return h('td', {}, input, h('div', { class: 'err', 'data-error': field }));
    };
    const op = h(
      'select',
      { 'data-field': 'op', 'aria-label': `op of layer ${i}` },
      OPS.map((o) => h('option', { value: o }, o)),
    );
    op.value = row.op;
    op.addEventListener('change', () =>
      this.app.update('structure', (s) => {
        const r = s.draft.rows[i];
        if (!r) return;
        const was = r.op;
        const fresh = emptyRow(op.value as Op);
        r.op = fresh.op;
        // A kernel is not a scale: switching to or from upsample starts that column afresh.
        if ((r.op === 'upsample') !== (was === 'upsample') || r.kernel.trim() === '') r.kernel = fresh.kernel;
      }),
    );
    const btn = (label: string, title: string, fn: () => void, disabled = false) =>
      h(
        'button',
        { type: 'button', class: 'icon', title, 'aria-label': `${title} ${i}`, onclick: fn, disabled },
        label,
      );
    const n = this.app.state.draft.rows.length;
    tr.append(
      h('td', { class: 'idx' }, String(i)),
      cell('name'),
      h('td', {}, op, h('div', { class: 'err', 'data-error': 'op' })),
      ...TEXT_FIELDS.slice(1).map(cell),
      ...OUT_FIELDS.map((f) => h('td', { class: 'out', 'data-out': f })),
      h(
        'td',
        { class: 'actions' },
        btn(
          '↑',
          'move up',
          () => this.app.update('structure', (s) => void (s.draft.rows = moveRow(s.draft.rows, i, -1))),
          i === 0,
        ),
        btn(
          '↓',
          'move down',
          () => this.app.update('structure', (s) => void (s.draft.rows = moveRow(s.draft.rows, i, 1))),
          i === n - 1,
        ),
        btn('✕', 'remove layer', () => this.app.update('structure', (s) => void s.draft.rows.splice(i, 1))),
      ),
    );
    return tr;
  }

  /** Re-analyses and fills the result columns and messages. */
  private refresh(): void {
    const a = this.app.analysis();
    const rows = [...this.tbody.querySelectorAll<HTMLTableRowElement>('tr[data-row]')];
    for (const el of this.root.querySelectorAll('.err')) el.textContent = '';
    for (const el of this.root.querySelectorAll('.invalid')) el.classList.remove('invalid');
    clear(this.modelErrors);
    clear(this.warnings);
    for (const e of a.errors) {
      if (e.row < 0) {
        if (e.field === 'inputSize') this.sizeError.textContent = e.message;
        else this.modelErrors.append(h('li', {}, e.message));
        continue;
      }
      const tr = rows[e.row];
      const slot = tr?.querySelector(`[data-error="${e.field}"]`);
      if (slot) {
        slot.textContent = slot.textContent ? `${slot.textContent}; ${e.message}` : e.message;
        tr?.querySelector(`[data-field="${e.field}"]`)?.classList.add('invalid');
      } else {
        this.modelErrors.append(h('li', {}, e.message));
      }
    }
    if (a.analyzedRows < rows.length && rows.length > 0) {
      this.modelErrors.append(
        h(
          'li',
          { class: 'note' },
          `Results stop at layer ${a.analyzedRows}: fix the marked value to see the rest.`,
        ),
      );
    }
    rows.forEach((tr, i) => {
      const lr = i < a.analyzedRows ? a.report?.layers[i] : undefined;
      for (const f of OUT_FIELDS) {
        const td = tr.querySelector(`[data-out="${f}"]`);
        if (!td) continue;
        td.textContent = lr ? (lr.global && f !== 'rf' && f !== 'covered' ? '–' : formatAxis(lr[f])) : '';
      }
      tr.classList.toggle('stale', !lr);
      tr.classList.toggle('global', Boolean(lr?.global));
    });
    for (const w of a.report?.warnings ?? []) this.warnings.append(h('li', {}, `⚠ ${w.message}`));
  }

  private loadPaste(): void {
    try {
      const d = draftFromText(this.paste.value);
      this.app.loadDraft(d);
      this.pasteMsg.textContent = `Loaded ${d.rows.length} layers.`;
      this.pasteMsg.className = 'msg ok';
    } catch (e) {
      this.pasteMsg.textContent = (e as Error).message;
      this.pasteMsg.className = 'msg err';
    }
  }

  private exportTo(kind: 'json' | 'compact'): void {
    const { json, compact, why } = exportDraft(this.app.state.draft);
    if (kind === 'json') {
      this.paste.value = json;
      this.pasteMsg.textContent = '';
    } else if (compact !== null) {
      this.paste.value = compact;
      this.pasteMsg.textContent = '';
    } else {
      this.pasteMsg.textContent = `No compact form (${why}); exported as JSON.`;
      this.pasteMsg.className = 'msg err';
      this.paste.value = json;
    }
  }

  private async openFile(file: File): Promise<void> {
    try {
      if (file.name.toLowerCase().endsWith('.onnx')) {
        const { draft, warnings } = await importOnnxFile(file);
        this.app.loadDraft(draft);
        this.pasteMsg.textContent = `Imported ${file.name}: ${draft.rows.length} layers.${warnings.length ? ` ${warnings.join(' ')}` : ''}`;
        this.pasteMsg.className = 'msg ok';
      } else {
        this.paste.value = await file.text();
        this.loadPaste();
      }
    } catch (e) {
      this.pasteMsg.textContent = `${file.name}: ${(e as Error).message}`;
      this.pasteMsg.className = 'msg err';
    }
  }
}
