// How a search result reads: a one-paragraph summary a newcomer understands at a glance, the top
// table and the Pareto front (table), or the same rows as CSV, or the result file as JSON.
import { type Candidate, type NormalizedSweep, type Objective, type SweepResult, toCompact } from 'rfkit';
import type { ResultFile } from '../result-file.js';
import { stringifyResultFile } from '../result-file.js';
import { csv } from './csv.js';
import { duration, groupDigits, percent, roughly, shortCount } from './numbers.js';
import { textTable } from './table.js';

export type SearchFormat = 'table' | 'json' | 'csv';

export interface SearchOutputContext {
  /** The normalised space, when known (absent for results read from files without one). */
  space?: NormalizedSweep;
  /** What produced the result, for the summary: `search` (with its threads) or `merge` (with the part count). */
  origin: { kind: 'search'; threads: number } | { kind: 'merge'; parts: number };
}

export function renderSearch(format: SearchFormat, file: ResultFile, ctx: SearchOutputContext): string {
  switch (format) {
    case 'json':
      return stringifyResultFile(file);
    case 'csv':
      return searchCsv(file.result);
    case 'table':
      return searchTable(file, ctx);
  }
}

const OBJECTIVE_LABEL: Record<Objective, { column: string; prose: string; unit: string }> = {
  'kernel-area': { column: 'kernel area', prose: 'kernel area (Σ k²)', unit: 'kernel area' },
  params: { column: 'params', prose: 'parameter count', unit: 'params' },
  flops: { column: 'MACs', prose: 'multiply-accumulates', unit: 'MACs' },
};

export function searchTable(file: ResultFile, ctx: SearchOutputContext): string {
  const r = file.result;
  const label = OBJECTIVE_LABEL[ctx.space?.objective ?? 'kernel-area'];
  const costHeader = ctx.space ? label.column : 'cost';
  const out: string[] = [wrap(summary(file, ctx), 100), ''];
  if (r.top.length > 0) {
    out.push(`Top ${r.top.length}, cheapest first (ties: larger receptive field, then lower index):`);
    out.push(candidateTable(r.top, costHeader, true));
    out.push(
      'Pareto front — no other architecture has a larger receptive field for less; rf ascending, cost rising:',
    );
    out.push(candidateTable(r.pareto, costHeader, false));
  }
  return `${out.join('\n')}`;
}

function candidateTable(rows: Candidate[], costHeader: string, ranked: boolean): string {
  return textTable(
    [
      ...(ranked ? [{ header: '#', align: 'right' as const }] : []),
      { header: 'rf', align: 'right' },
      { header: 'stride', align: 'right' },
      { header: costHeader, align: 'right' },
      { header: 'index', align: 'right' },
      { header: 'layers' },
    ],
    rows.map((c, i) => [
      ...(ranked ? [String(i + 1)] : []),
      String(c.rf),
      String(c.stride),
      groupDigits(c.cost),
      c.index.toString(),
      toCompact(c.layers),
    ]),
  );
}

function summary(file: ResultFile, ctx: SearchOutputContext): string {
  const r = file.result;
  const space = ctx.space;
  const label = space ? OBJECTIVE_LABEL[space.objective] : undefined;
  const parts: string[] = [];
  const covered = r.complete ? r.evaluated : r.nextIndex - r.range.start;
  const rangeSize = r.range.end - r.range.start;
  const what = space ? ` (${describeSpace(space)})` : '';
  const isShard = rangeSize !== r.total;
  if (!r.complete) {
    parts.push(
      `INTERRUPTED after ${groupDigits(covered)} of ${groupDigits(rangeSize)} architectures (${percent(covered, rangeSize)}); these results cover only that part.`,
    );
  }
  if (ctx.origin.kind === 'merge') {
    parts.push(`Merged ${ctx.origin.parts} shard${ctx.origin.parts === 1 ? '' : 's'}:`);
  }
  const how =
    ctx.origin.kind === 'search'
      ? ` in ${duration(r.elapsedMs)} (${r.backend}, ${ctx.origin.threads} thread${ctx.origin.threads === 1 ? '' : 's'})`
      : '';
  if (isShard) {
    parts.push(
      `Searched architectures ${r.range.start}…${r.range.end - 1n} (${groupDigits(rangeSize)} of ${roughly(r.total)}${what})${how}.`,
    );
  } else {
    parts.push(`Searched ${groupDigits(r.total)} architectures${what}${how}.`);
  }
  const target = space ? describeTarget(space) : 'the constraints';
  if (r.feasible === 0n) {
    parts.push(`None meet the target (${target}); widen the rf range or the choices, or change the stride.`);
    return parts.join(' ');
  }
  parts.push(
    `${groupDigits(r.feasible)} (${percent(r.feasible, covered === 0n ? 1n : covered)}) meet the target: ${target}.`,
  );
  const best = r.top[0];
  if (best) {
    const unit = label ? label.unit : 'cost';
    parts.push(
      `The cheapest${label ? ` by ${label.prose}` : ''} is "${toCompact(best.layers)}": receptive field ${best.rf} px, ${shortCount(best.cost)} ${unit}.`,
    );
  }
  const first = r.histogram[0];
  const last = r.histogram[r.histogram.length - 1];
  if (first && last && first.rf !== last.rf) {
    parts.push(`Their receptive fields range from ${first.rf} to ${last.rf} px.`);
  }
  return parts.join(' ');
}

function describeSpace(s: NormalizedSweep): string {
  const first = s.layers[0];
  const same = first && s.layers.every((l) => sameLists(l, first));
  if (!first) return `${s.depth} layers`;
  const lists = (l: NormalizedSweep['layers'][number]) =>
    `kernel ${l.kernel.join('/')} × stride ${l.stride.join('/')}${l.dilation.length > 1 || l.dilation[0] !== 1 ? ` × dilation ${l.dilation.join('/')}` : ''}`;
  return same
    ? `${s.depth} layers, each ${lists(first)}`
    : `${s.depth} layers, per-layer choices, first ${lists(first)}`;
}

function sameLists(a: NormalizedSweep['layers'][number], b: NormalizedSweep['layers'][number]): boolean {
  return (
    a.kernel.join() === b.kernel.join() &&
    a.stride.join() === b.stride.join() &&
    a.dilation.join() === b.dilation.join()
  );
}

export function describeTarget(s: NormalizedSweep): string {
  const parts: string[] = [];
  if (s.rfMin !== null && s.rfMax !== null) {
    parts.push(s.rfMin === s.rfMax ? `receptive field = ${s.rfMin} px` : `receptive field ${s.rfMin}–${s.rfMax} px`);
  } else if (s.rfMin !== null) {
    parts.push(`receptive field ≥ ${s.rfMin} px`);
  } else if (s.rfMax !== null) {
    parts.push(`receptive field ≤ ${s.rfMax} px`);
  }
  if (s.stride !== null) parts.push(`total stride ${s.stride}`);
  if (s.minOutput !== null) parts.push(`output ≥ ${s.minOutput} px`);
  if (s.inputSize !== null) parts.push(`at input ${s.inputSize} px`);
  return parts.length > 0 ? parts.join(', ') : 'no constraints';
}

export function searchCsv(r: SweepResult): string {
  const row = (list: string, c: Candidate, rank: number) => [
    list,
    rank,
    c.index.toString(),
    c.rf,
    c.stride,
    c.cost,
    toCompact(c.layers),
  ];
  return csv(
    ['list', 'rank', 'index', 'rf', 'stride', 'cost', 'layers'],
    [...r.top.map((c, i) => row('top', c, i + 1)), ...r.pareto.map((c, i) => row('pareto', c, i + 1))],
  );
}

/** Wraps prose at spaces to `width` columns, so the summary reads well in a terminal. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
