// How an analysis report reads: a table (terminal), Markdown, CSV (one column per axis) or JSON
// (DESIGN §3's report as is).
import type { Axis, LayerReport, Report } from 'rfkit';
import { csv } from './csv.js';
import { type Column, markdownTable, textTable } from './table.js';

export type ReportFormat = 'table' | 'json' | 'csv' | 'markdown';

export function renderReport(format: ReportFormat, report: Report): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return reportCsv(report);
    case 'table':
      return `${reportSummary(report)}\n\n${reportTableText(report, textTable)}`;
    case 'markdown':
      return `### ${report.name}\n\n${reportSummary(report)}\n\n${reportTableText(report, markdownTable)}`;
  }
}

/** One value per axis collapsed when all agree (`212`), else joined (`212×100`); unknown is `?`. */
export function axisText(v: Axis<number>): string {
  const cells = v.map((x) => (x === null ? '?' : fmt(x)));
  return cells.every((c) => c === cells[0]) ? (cells[0] ?? '?') : cells.join('×');
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(4)));
}

function reportSummary(r: Report): string {
  const o = r.output;
  const input = r.input.size ? `input ${r.input.size.join('×')}` : 'input size not given';
  const channels = r.input.channels !== null ? `, ${r.input.channels} channels` : '';
  const head = `${r.name}: ${r.layers.length} layers, ${r.axes}-D, ${input}${channels}.`;
  if (o.global) {
    return `${head} The output (${o.name}) is global: every unit sees the whole input.`;
  }
  const holes = o.covered.some((c, i) => c !== null && o.rf[i] !== null && c < o.rf[i]!)
    ? ` Only ${axisText(o.covered)} of those pixels are actually read (dilation or stride leaves holes).`
    : '';
  return (
    `${head} Each unit of the output (${o.name}) sees ${axisText(o.rf)} input pixels; neighbouring units are ` +
    `${axisText(o.jump)} pixels apart (jump), and unit 0 is centred on input pixel ${axisText(o.center)}.${holes}`
  );
}

function reportTableText(r: Report, render: (cols: Column[], rows: string[][]) => string): string {
  const branched = r.layers.some((l, i) => l.inputs.length !== 1 || l.inputs[0] !== (r.layers[i - 1]?.name ?? 'input'));
  const anyGlobal = r.layers.some((l) => l.global);
  const cols: Column[] = [
    { header: 'layer' },
    { header: 'op' },
    ...(branched ? [{ header: 'inputs' }] : []),
    { header: 'rf', align: 'right' },
    { header: 'jump', align: 'right' },
    { header: 'eff. padding', align: 'right' },
    { header: 'center', align: 'right' },
    { header: 'output', align: 'right' },
    { header: 'covered', align: 'right' },
    ...(anyGlobal ? [{ header: 'global' }] : []),
  ];
  const rows = r.layers.map((l: LayerReport) => [
    l.name,
    l.op,
    ...(branched ? [l.inputs.join(',')] : []),
    axisText(l.rf),
    axisText(l.jump),
    axisText(l.effectivePadding),
    axisText(l.center),
    axisText(l.outputSize),
    axisText(l.covered),
    ...(anyGlobal ? [l.global ? 'yes' : ''] : []),
  ]);
  return render(cols, rows);
}

const AXIS_FIELDS = ['rf', 'jump', 'effectivePadding', 'center', 'outputSize', 'covered'] as const;

function reportCsv(r: Report): string {
  const header = ['name', 'op', 'inputs'];
  for (const f of AXIS_FIELDS) for (let a = 0; a < r.axes; a++) header.push(r.axes === 1 ? f : `${f}_${a}`);
  header.push('global');
  const rows = r.layers.map((l) => {
    const row: (string | number | boolean | null)[] = [l.name, l.op, l.inputs.join(' ')];
    for (const f of AXIS_FIELDS) for (let a = 0; a < r.axes; a++) row.push(l[f][a] ?? null);
    row.push(l.global);
    return row;
  });
  return csv(header, rows);
}
