// How an analysis report reads: a table (terminal), Markdown, CSV (one column per axis) or JSON
// (the library's report as is).
import type { Axis, LayerReport, Report } from 'rfkit';
import { csv } from './csv.js';
import { counted, plain, tenths, twoSignificant } from './numbers.js';
import { type Column, markdownTable, textTable } from './table.js';
import { DEFAULT_WIDTH } from './terminal.js';
import { wrap } from './wrap.js';

export type ReportFormat = 'table' | 'json' | 'csv' | 'markdown';

export interface ReportOutputOptions {
  /** Table format: the summary wraps, and the table fits, to this many columns. Default 80. */
  width?: number;
}

export function renderReport(
  format: ReportFormat,
  report: Report,
  options: ReportOutputOptions = {},
): string {
  const width = options.width ?? DEFAULT_WIDTH;
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return reportCsv(report);
    case 'table':
      return `${wrap(reportSummary(report), width)}\n\n${legend(report, width)}${reportTableText(
        report,
        (cols, rows) => textTable(cols, rows, { maxWidth: width }),
      )}`;
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
  return plain(x);
}

function reportSummary(r: Report): string {
  const o = r.output;
  const input = r.input.size ? `input ${r.input.size.join('×')}` : 'input size not given';
  const channels = r.input.channels !== null ? `, ${r.input.channels} channels` : '';
  const head = `${r.name}: ${counted(r.layers.length, 'layer')}, ${r.axes}-D, ${input}${channels}.`;
  if (o.global) {
    // A classifier ends in global pooling; the interesting figure is the last layer before it.
    const last = [...r.layers].reverse().find((l) => !l.global);
    const before = last ? ` Before that, ${describeUnit(last)}` : '';
    return `${head} The output (${o.name}) is global: every unit sees the whole input.${before}`;
  }
  return `${head} ${describeUnit(o).replace(/^each/, 'Each')}`;
}

function describeUnit(l: LayerReport): string {
  const jump = axisText(l.jump);
  const holes = l.covered.some((c, i) => c !== null && l.rf[i] !== null && c < l.rf[i]!)
    ? ` Only ${axisText(l.covered)} of those pixels are actually read (dilation or stride leaves holes).`
    : '';
  return (
    `each unit of ${l.name} sees ${axisText(l.rf)} input pixels; neighbouring units are ` +
    `${jump} pixel${jump === '1' ? '' : 's'} apart (jump), and unit 0 is centred on input pixel ${axisText(l.center)}.${holes}` +
    describeErf(l) +
    describeRfMin(l)
  );
}

/** How much of the theoretical field the ERF occupies: per side, and of the area (volume). */
function describeErf(l: LayerReport): string {
  const { std, span } = l.erf;
  if (std.some((v) => v === null)) return '';
  const sigma = stdText(std);
  if (span.some((v) => v === null)) return ` Its effective receptive field has σ = ${sigma} pixels.`;
  const ratios = span.map((v, a) => v! / l.rf[a]!);
  const side = axisText(ratios.map((x) => Math.round(100 * x)));
  const whole = ratios.reduce((x, y) => x * y, 1);
  const of = ratios.length === 2 ? ', $ of its area' : ratios.length === 3 ? ', $ of its volume' : '';
  return (
    ` Its effective receptive field (the central 95% of the input's influence, about ±2σ with σ = ${sigma} pixels) ` +
    `spans ${axisText(span)} of those pixels: it covers ${side}% of the theoretical field` +
    `${ratios.length > 1 ? ' per side' : ''}${of.replace('$', `${twoSignificant(100 * whole)}%`)}.`
  );
}

/** An ERF std to one decimal (`40.5`, `2.0`), collapsed like axisText. */
function stdText(v: Axis<number>): string {
  const cells = v.map((x) => (x === null ? '?' : tenths(x)));
  return cells.every((c) => c === cells[0]) ? (cells[0] ?? '?') : cells.join('×');
}

function describeRfMin(l: LayerReport): string {
  if (!l.rfMin.some((v, a) => v !== null && l.rf[a] !== null && v < l.rf[a]!)) return '';
  return ` Its shortest path from the input sees only ${axisText(l.rfMin)} pixels (rfMin).`;
}

function reportTableText(r: Report, render: (cols: Column[], rows: string[][]) => string): string {
  const branched = r.layers.some(
    (l, i) => l.inputs.length !== 1 || l.inputs[0] !== (r.layers[i - 1]?.name ?? 'input'),
  );
  const anyGlobal = r.layers.some((l) => l.global);
  // A graph's rows are numbered, and inputs name rows by number: names (inception's run to 32
  // characters, four to a concat) would make the column wider than a terminal.
  const row = new Map(r.layers.map((l, i) => [l.name, String(i + 1)]));
  const ref = (name: string) => (name === 'input' ? 'input' : (row.get(name) ?? name));
  // Only where some path is shorter than the union: in a chain rfMin is rf.
  const shorter = r.layers.some((l) => l.rfMin.some((v, a) => v !== l.rf[a]));
  // Which columns a narrow terminal loses first (drop rank): covered where it only repeats rf (no
  // holes), the centre, the padding, the ERF's span, covered, the global flag, rf min, the ERF's σ.
  const holes = r.layers.some((l) => l.covered.some((c, a) => c !== l.rf[a]));
  const cols: Column[] = [
    ...(branched ? [{ header: '#', align: 'right' as const }] : []),
    { header: 'layer', shrink: true },
    { header: 'op' },
    ...(branched ? [{ header: 'inputs (#)' }] : []),
    { header: 'rf', align: 'right' },
    ...(shorter ? [{ header: 'rf min', align: 'right' as const, drop: 7 }] : []),
    { header: 'jump', align: 'right' },
    { header: 'eff. padding', align: 'right', drop: 3 },
    { header: 'center', align: 'right', drop: 2 },
    { header: 'output', align: 'right' },
    { header: 'covered', align: 'right', drop: holes ? 5 : 1 },
    { header: 'erf std', align: 'right', drop: 8 },
    { header: 'erf span', align: 'right', drop: 4 },
    ...(anyGlobal ? [{ header: 'global', drop: 6 }] : []),
  ];
  const rows = r.layers.map((l: LayerReport, i) => [
    ...(branched ? [String(i + 1)] : []),
    l.name,
    l.op,
    // Only where the graph branches: the previous layer is the default input.
    ...(branched ? [isChain(r, i) ? '' : l.inputs.map(ref).join(',')] : []),
    axisText(l.rf),
    ...(shorter ? [axisText(l.rfMin)] : []),
    axisText(l.jump),
    axisText(l.effectivePadding),
    axisText(l.center),
    axisText(l.outputSize),
    axisText(l.covered),
    l.global ? '' : stdText(l.erf.std),
    l.global ? '' : axisText(l.erf.span),
    ...(anyGlobal ? [l.global ? 'yes' : ''] : []),
  ]);
  return render(cols, rows);
}

/** What the numbered rows of a graph mean (nothing for a chain, whose table has no inputs). */
function legend(r: Report, width: number): string {
  if (r.layers.every((_, i) => isChain(r, i))) return '';
  return `${wrap('Rows are numbered (#); "inputs" lists the rows a layer reads where it does not read the row above.', width)}\n\n`;
}

function isChain(r: Report, i: number): boolean {
  const l = r.layers[i]!;
  return l.inputs.length === 1 && l.inputs[0] === (r.layers[i - 1]?.name ?? 'input');
}

const AXIS_FIELDS = ['rf', 'jump', 'effectivePadding', 'center', 'outputSize', 'covered'] as const;
/** After `global`, so the columns before it keep their places. */
const EXTRA_FIELDS = {
  rfMin: (l: LayerReport) => l.rfMin,
  erfStd: (l: LayerReport) => l.erf.std,
  erfSpan: (l: LayerReport) => l.erf.span,
};

function reportCsv(r: Report): string {
  const header = ['name', 'op', 'inputs'];
  const named = (f: string) => {
    for (let a = 0; a < r.axes; a++) header.push(r.axes === 1 ? f : `${f}_${a}`);
  };
  for (const f of AXIS_FIELDS) named(f);
  header.push('global');
  for (const f of Object.keys(EXTRA_FIELDS)) named(f);
  const rows = r.layers.map((l) => {
    const row: (string | number | boolean | null)[] = [l.name, l.op, l.inputs.join(' ')];
    for (const f of AXIS_FIELDS) for (let a = 0; a < r.axes; a++) row.push(l[f][a] ?? null);
    row.push(l.global);
    for (const get of Object.values(EXTRA_FIELDS))
      for (let a = 0; a < r.axes; a++) row.push(get(l)[a] ?? null);
    return row;
  });
  return csv(header, rows);
}
