// One row of the layer table: the inputs of a layer (only the fields its op uses are enabled),
// its result cells, its warning mark and its actions. The table (layer-table.ts) fills the cells.

import type { Op } from 'rfkit';
import type { App } from './app.js';
import { h } from './dom.js';
import { OUT_FIELDS, OUT_TITLES, type OutField } from './result-cells.js';
import { emptyRow, type FieldName, fieldsFor, kernelLabel, moveRow, OPS, type Row } from './rows.js';

const TEXT_FIELDS = ['kernel', 'stride', 'dilation', 'padding'] as const;
const PLACEHOLDER: Partial<Record<FieldName, string>> = {
  name: 'auto',
  stride: '1',
  dilation: '1',
  padding: '0',
  outputPadding: '0',
  channels: '–',
  inputs: 'previous',
};
const LABEL: Record<FieldName, string> = {
  name: 'name',
  op: 'op',
  kernel: 'kernel',
  stride: 'stride',
  dilation: 'dilation',
  padding: 'padding',
  outputPadding: 'output padding',
  ceilMode: 'ceil mode',
  channels: 'channels',
  inputs: 'inputs',
};

export interface RowView {
  tr: HTMLTableRowElement;
  inputs: Map<FieldName, HTMLInputElement | HTMLSelectElement>;
  errs: Map<FieldName, HTMLElement>;
  outs: Record<OutField, HTMLElement>;
  warn: HTMLElement;
}

export function buildRow(app: App, row: Row, i: number): RowView {
  const tr = h('tr', { 'data-row': i, 'aria-rowindex': i + 2 });
  const inputs = new Map<FieldName, HTMLInputElement | HTMLSelectElement>();
  const errs = new Map<FieldName, HTMLElement>();
  const used = fieldsFor(row.op);
  const errSlot = (field: FieldName) => {
    const e = h('div', { class: 'err', 'data-error': field, id: `err-${i}-${field}` });
    errs.set(field, e);
    return e;
  };
  const edit = (field: FieldName, value: string | boolean) =>
    app.update(
      'draft',
      (s) => {
        const r = s.draft.rows[i];
        if (r) (r as unknown as Record<string, string | boolean>)[field] = value;
      },
      `row:${i}:${field}`,
    );
  const text = (field: FieldName, size: number) => {
    const enabled = field === 'name' || field === 'inputs' || used.has(field);
    const input = h('input', {
      'data-field': field,
      'aria-label': `${field === 'kernel' ? kernelLabel(row.op) : LABEL[field]} of layer ${i}`,
      'aria-describedby': `err-${i}-${field}`,
      value: enabled ? (row[field as keyof Row] as string) : '',
      placeholder: !enabled ? '' : field === 'kernel' ? kernelLabel(row.op) : (PLACEHOLDER[field] ?? ''),
      disabled: !enabled,
      size,
      spellcheck: 'false',
      autocomplete: 'off',
    });
    input.addEventListener('input', () => edit(field, input.value));
    inputs.set(field, input);
    return h(
      'td',
      { 'data-label': field === 'kernel' ? kernelLabel(row.op) : LABEL[field] },
      input,
      errSlot(field),
    );
  };
  const op = h(
    'select',
    { 'data-field': 'op', 'aria-label': `op of layer ${i}` },
    OPS.map((o) => h('option', { value: o }, o)),
  );
  op.value = row.op;
  op.addEventListener('change', () =>
    app.update('structure', (s) => {
      const r = s.draft.rows[i];
      if (!r) return;
      const was = r.op;
      const fresh = emptyRow(op.value as Op);
      r.op = fresh.op;
      // A kernel is not a scale: switching to or from upsample starts that column afresh.
      if ((r.op === 'upsample') !== (was === 'upsample') || r.kernel.trim() === '') r.kernel = fresh.kernel;
    }),
  );
  inputs.set('op', op);
  // One column for the op's own option: ceil mode for pools, output padding for deconv.
  let option: HTMLElement;
  if (used.has('ceilMode')) {
    const box = h('input', {
      type: 'checkbox',
      'data-field': 'ceilMode',
      'aria-label': `ceil mode of layer ${i}`,
      checked: row.ceilMode,
    });
    box.addEventListener('change', () => edit('ceilMode', box.checked));
    inputs.set('ceilMode', box);
    option = h(
      'td',
      { 'data-label': 'ceil mode' },
      h('label', { class: 'ceil' }, box, ' ceil'),
      errSlot('ceilMode'),
    );
  } else if (used.has('outputPadding')) {
    option = text('outputPadding', 4);
  } else {
    option = h('td', { 'data-label': '', class: 'none' });
  }
  const btn = (label: string, title: string, fn: () => void, disabled = false) =>
    h(
      'button',
      { type: 'button', class: 'icon', title, 'aria-label': `${title} ${i}`, onclick: fn, disabled },
      label,
    );
  const n = app.state.draft.rows.length;
  const outs = {} as Record<OutField, HTMLElement>;
  for (const f of OUT_FIELDS)
    outs[f] = h('td', {
      class: f.startsWith('erf') ? 'out erf' : 'out',
      'data-out': f,
      'data-label': OUT_TITLES[f],
    });
  const warn = h('td', { class: 'warn', 'data-warn': '' });
  tr.append(
    h(
      'td',
      { class: 'idx' },
      h(
        'button',
        {
          type: 'button',
          class: 'select',
          title: 'select this layer (visualiser, diagram)',
          'aria-label': `select layer ${i}`,
          onclick: () => app.select(i),
        },
        String(i),
      ),
    ),
    text('name', 14),
    h('td', { 'data-label': 'op' }, op, errSlot('op')),
    ...TEXT_FIELDS.map((f) => text(f, 5)),
    option,
    text('channels', 4),
    text('inputs', 10),
    ...OUT_FIELDS.map((f) => outs[f]),
    warn,
    h(
      'td',
      { class: 'actions' },
      btn(
        '↑',
        'move up',
        () => app.update('structure', (s) => void (s.draft.rows = moveRow(s.draft.rows, i, -1))),
        i === 0,
      ),
      btn(
        '↓',
        'move down',
        () => app.update('structure', (s) => void (s.draft.rows = moveRow(s.draft.rows, i, 1))),
        i === n - 1,
      ),
      btn('✕', 'remove layer', () => app.update('structure', (s) => void s.draft.rows.splice(i, 1))),
    ),
  );
  tr.setAttribute('role', 'row');
  for (const td of tr.children) td.setAttribute('role', 'cell');
  return { tr, inputs, errs, outs, warn };
}
