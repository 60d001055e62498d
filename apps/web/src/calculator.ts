// The calculator: the model as an editable table whose result columns follow every keystroke, the
// model's own fields, warnings tied to their rows, and loading and exporting text and files.
import type { Report } from 'rfkit';
import type { App, Change } from './app.js';
import { clear, h, tabPanel } from './dom.js';
import { formatAxis } from './fields.js';
import { glossary } from './glossary.js';
import { LayerTable, rowWarnings } from './layer-table.js';
import { draftFromText, exportCompact, exportJSON, zooDraft, zooList } from './lib.js';
import { rowName } from './rows.js';

export class Calculator {
  readonly root: HTMLElement;
  readonly table: LayerTable;
  private zooSelect = h('select', { id: 'zoo', 'aria-label': 'zoo model' });
  private nameInput = h('input', { id: 'model-name', size: 14, autocomplete: 'off' });
  private sizeInput = h('input', {
    id: 'input-size',
    size: 9,
    placeholder: 'unknown',
    autocomplete: 'off',
    'aria-describedby': 'err-inputSize',
  });
  private channelsInput = h('input', {
    id: 'input-channels',
    size: 4,
    placeholder: '–',
    autocomplete: 'off',
    'aria-describedby': 'err-inputChannels',
  });
  private sizeError = h('span', { class: 'err', id: 'err-inputSize', 'data-error': 'inputSize' });
  private channelsError = h('span', { class: 'err', id: 'err-inputChannels', 'data-error': 'inputChannels' });
  private axesSelect = h(
    'select',
    { id: 'axes', title: 'spatial axes: auto follows the input size and the per-axis values' },
    h('option', { value: '' }, 'auto'),
    h('option', { value: '1' }, '1-D'),
    h('option', { value: '2' }, '2-D'),
    h('option', { value: '3' }, '3-D'),
  );
  private strictBox = h('input', { type: 'checkbox', id: 'strict' });
  private modelErrors = h('ul', { class: 'errors', id: 'model-errors' });
  private warnings = h('ul', { class: 'warnings', id: 'warnings' });
  /** What the warning list shows now: it is rebuilt only when that changes. */
  private warningsShown = '';
  /** The pass that adds the ERF after a keystroke, while it is pending. */
  private erfPass: { cancel: () => void } | null = null;
  private summary = h('p', { class: 'info', id: 'calc-summary', role: 'status' });
  private paste = h('textarea', {
    id: 'paste',
    rows: 6,
    spellcheck: 'false',
    'aria-label': 'model text',
    placeholder: 'Paste a JSON model or compact text, e.g. conv7s2p3 maxpool3s2p1 conv3p1 conv3p1d2',
  });
  private pasteMsg = h('div', { class: 'msg', id: 'paste-msg', role: 'status', 'aria-live': 'polite' });

  constructor(private app: App) {
    this.table = new LayerTable(app);
    this.zooSelect.append(
      h('option', { value: '' }, '— zoo model —'),
      ...zooList().map((n) => h('option', { value: n }, n)),
    );
    this.zooSelect.addEventListener('change', () => {
      const name = this.zooSelect.value;
      const d = name ? zooDraft(name) : null;
      if (d) app.loadDraft(d, name);
    });
    const edit = (key: 'name' | 'inputSize' | 'inputChannels', el: HTMLInputElement) =>
      el.addEventListener('input', () =>
        app.update('draft', (s) => void (s.draft[key] = el.value), `model:${key}`),
      );
    edit('name', this.nameInput);
    edit('inputSize', this.sizeInput);
    edit('inputChannels', this.channelsInput);
    this.axesSelect.addEventListener('change', () =>
      app.update('draft', (s) => void (s.draft.axes = this.axesSelect.value), 'model:axes'),
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

    this.root = tabPanel(
      'calc',
      h(
        'div',
        { class: 'toolbar' },
        this.zooSelect,
        h('label', {}, 'name ', this.nameInput),
        h('label', {}, 'axes ', this.axesSelect),
        h('label', {}, 'input size ', this.sizeInput, this.sizeError),
        h('label', {}, 'channels ', this.channelsInput, this.channelsError),
        h('label', { title: 'misaligned merges are errors' }, this.strictBox, ' strict'),
        h('label', { class: 'file' }, 'open .onnx / .json ', fileInput),
      ),
      this.summary,
      this.table.root,
      h(
        'div',
        { class: 'row-actions' },
        h('button', { id: 'add-layer', type: 'button', onclick: () => this.table.addRow('conv') }, '+ layer'),
        h('button', { type: 'button', onclick: () => this.table.addRow('maxpool') }, '+ pool'),
        h('button', { type: 'button', onclick: () => this.table.addRow('add') }, '+ merge'),
      ),
      this.modelErrors,
      this.warnings,
      glossary(),
      h(
        'details',
        { class: 'paste', open: true },
        h('summary', {}, 'Paste or export (JSON or compact text)'),
        this.paste,
        h(
          'div',
          { class: 'row-actions' },
          h('button', { id: 'paste-load', type: 'button', onclick: () => this.loadPaste() }, 'Load'),
          h(
            'button',
            { id: 'export-json', type: 'button', onclick: () => this.exportTo('json') },
            'Export JSON',
          ),
          h(
            'button',
            { id: 'export-compact', type: 'button', onclick: () => this.exportTo('compact') },
            'Export compact',
          ),
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
    this.refresh(true);
  }

  private onChange(why: Change): void {
    if (why === 'structure' || why === 'load') this.build();
    if (why === 'draft') this.refresh(false);
    else if (why === 'structure' || why === 'options' || why === 'load') this.refresh(true);
    if (why === 'select') this.table.highlight();
  }

  /** Builds the toolbar values and the table's inputs from the state. */
  private build(): void {
    const { draft, zoo, strict } = this.app.state;
    this.zooSelect.value = zoo ?? '';
    this.nameInput.value = draft.name;
    this.sizeInput.value = draft.inputSize;
    this.channelsInput.value = draft.inputChannels;
    this.axesSelect.value = draft.axes;
    this.strictBox.checked = strict;
    this.table.build();
  }

  /** True when the table and the messages show the whole analysis of the draft as it is. */
  idle(): boolean {
    return this.erfPass === null && this.table.idle();
  }

  /**
   * Re-analyses and fills the result columns and messages. A keystroke (`withErf` false) shows
   * everything but the ERF at once and the ERF columns and sentence right after the frame: on
   * resnet_v1_152 the ERF is two thirds of the analysis, and the frame was at 16 ms with it.
   */
  private refresh(withErf: boolean, measure = 'rfkit:calc-analysis'): void {
    performance.mark('rfkit:calc-start');
    const full = withErf ? this.app.analysis() : this.app.analyzed();
    const a = full ?? this.app.analysis(undefined, false);
    performance.measure(measure, 'rfkit:calc-start');
    if (full) {
      this.erfPass?.cancel();
      this.erfPass = null;
    } else if (!this.erfPass) {
      // After the frame that shows the keystroke: an animation frame, then the task after it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const frame = requestAnimationFrame(() => {
        timer = setTimeout(() => {
          this.erfPass = null;
          performance.mark('rfkit:calc-erf-start');
          this.refresh(true, 'rfkit:calc-erf-analysis');
          performance.measure('rfkit:calc-erf', 'rfkit:calc-erf-start');
        }, 0);
      });
      this.erfPass = {
        cancel: () => {
          cancelAnimationFrame(frame);
          if (timer !== undefined) clearTimeout(timer);
        },
      };
    }
    const loose = this.table.refresh(a, full !== null);
    this.sizeError.textContent = '';
    this.channelsError.textContent = '';
    this.sizeInput.classList.remove('invalid');
    this.channelsInput.classList.remove('invalid');
    clear(this.modelErrors);
    for (const e of loose) {
      if (e.field === 'inputSize' || e.field === 'inputChannels') {
        const [slot, input] =
          e.field === 'inputSize'
            ? [this.sizeError, this.sizeInput]
            : [this.channelsError, this.channelsInput];
        slot.textContent = e.message;
        input.classList.add('invalid');
      } else {
        this.modelErrors.append(h('li', {}, e.message));
      }
    }
    const rows = this.app.state.draft.rows;
    if (a.analyzedRows < rows.length && rows.length > 0) {
      this.modelErrors.append(
        h(
          'li',
          { class: 'note' },
          `Results stop at layer ${a.analyzedRows}: fix the marked value to see the rest.`,
        ),
      );
    }
    const warned = rowWarnings(a);
    const shown = JSON.stringify(
      [...warned].map(([row, ws]) => [row, rowName(rows[row]!, row), ws.map((w) => w.message)]),
    );
    if (shown !== this.warningsShown) this.showWarnings(warned);
    this.warningsShown = shown;
    const out = a.report?.output;
    const summary = out
      ? `${a.report!.layers.length} layers; ${out.name}: rf ${formatAxis(out.rf)}${out.global ? ' (global)' : `, jump ${formatAxis(out.jump)}`}.` +
        erfSentence(a.report!) +
        (a.errors.length > 0 ? ` ${a.errors.length} value${a.errors.length === 1 ? '' : 's'} to fix.` : '')
      : 'No layer can be analysed yet.';
    // Without the ERF the sentence would lose its last part for a frame: it waits for the ERF.
    if (full && this.summary.textContent !== summary) this.summary.textContent = summary;
    performance.measure('rfkit:calc-refresh', 'rfkit:calc-start');
  }

  /** The warning list under the table: one link per warning to the row it is about. */
  private showWarnings(warned: ReturnType<typeof rowWarnings>): void {
    const rows = this.app.state.draft.rows;
    clear(this.warnings);
    for (const [row, ws] of warned) {
      for (const w of ws) {
        this.warnings.append(
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                'data-warning-row': row,
                title: 'show the layer',
                onclick: () => {
                  this.app.select(row);
                  this.table.focusRow(row);
                },
              },
              `⚠ layer ${row} (${rowName(rows[row]!, row)})`,
            ),
            // The library names the layer too ("layers[2] (s): …", "layers[18] (fc6) is …"): once is enough.
            `: ${w.message.replace(/^layers\[\d+\] \([^)]*\)(?:: | is )/, '')}`,
          ),
        );
      }
    }
  }

  private loadPaste(): void {
    try {
      const d = draftFromText(this.paste.value);
      this.app.loadDraft(d);
      this.message(`Loaded ${d.rows.length} layers.`, true);
    } catch (e) {
      this.message((e as Error).message, false);
    }
  }

  private message(text: string, ok: boolean): void {
    this.pasteMsg.textContent = text;
    this.pasteMsg.className = `msg ${ok ? 'ok' : 'err'}`;
  }

  private exportTo(kind: 'json' | 'compact'): void {
    const r = kind === 'json' ? exportJSON(this.app.state.draft) : exportCompact(this.app.state.draft);
    if (!r.ok) {
      this.message(r.error, false);
      return;
    }
    this.paste.value = r.text;
    const n = this.app.state.draft.rows.length;
    const what = kind === 'json' ? 'JSON' : 'compact text';
    this.message(`Exported ${n} layers as ${what}.${r.note ? ` ${r.note}` : ''}`, true);
  }

  private async openFile(file: File): Promise<void> {
    try {
      if (file.name.toLowerCase().endsWith('.onnx')) {
        this.message(`Reading ${file.name}…`, true);
        // The importer is loaded on first use: it is most of the page's code and few need it.
        const { importOnnxFile } = await import('./onnx.js');
        const { draft, warnings } = await importOnnxFile(file);
        this.app.loadDraft(draft);
        this.message(
          `Imported ${file.name}: ${draft.rows.length} layers.${warnings.length ? ` ${warnings.join(' ')}` : ''}`,
          true,
        );
      } else {
        this.paste.value = await file.text();
        this.loadPaste();
      }
    } catch (e) {
      this.message(`${file.name}: ${(e as Error).message}`, false);
    }
  }
}

/**
 * How much of its field the last layer with an ERF uses (the output, or the deepest layer before
 * a global pool): its σ and the central 95% as a share of rf.
 */
function erfSentence(report: Report): string {
  const i = report.layers.map((l) => l.erf.span.every((s) => s !== null)).lastIndexOf(true);
  const l = report.layers[i];
  if (!l) return '';
  const shares = l.erf.span.map((s, a) => (l.rf[a] ? Math.round((s! / l.rf[a]!) * 100) : null));
  const share = shares.every((x) => x === shares[0])
    ? `${shares[0]}%`
    : shares.map((x) => `${x}%`).join(' × ');
  const where = l === report.output ? 'Its' : `${l.name}'s`;
  return ` ${where} effective receptive field: σ ${formatAxis(l.erf.std, 1)}, central 95% in ${formatAxis(l.erf.span)} pixels (${share} of rf ${formatAxis(l.rf)}).`;
}
