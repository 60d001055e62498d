// How a search result reads: a one-paragraph summary a newcomer understands at a glance, the top
// table and the Pareto front (table), or the same rows as CSV, or the result file as JSON.
import { type Candidate, type NormalizedSweep, type Objective, type SweepResult, toCompact } from 'rfkit';
import type { ResultFile } from '../result-file.js';
import { stringifyResultFile } from '../result-file.js';
import { csv } from './csv.js';
import { counted, duration, groupDigits, percent, roughly, shortCount } from './numbers.js';
import { textTable } from './table.js';
import { DEFAULT_WIDTH } from './terminal.js';
import { wrap } from './wrap.js';

export type SearchFormat = 'table' | 'json' | 'csv';

export interface SearchOutputContext {
  /** The normalised space, when known (absent for results read from files without one). */
  space?: NormalizedSweep;
  /** What produced the result, for the summary: `search` (with its threads) or `merge` (with the part count). */
  origin: { kind: 'search'; threads: number } | { kind: 'merge'; parts: number };
  /** Table format: at most this many Pareto rows, spread over the front (default 12; json/csv have all). */
  paretoRows?: number | 'all';
  /** Table format: prose wraps to this many columns. Default 80. */
  width?: number;
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
  const width = ctx.width ?? DEFAULT_WIDTH;
  const out: string[] = [wrap(summary(file, ctx), width), ''];
  const best = r.top[0];
  if (best) {
    out.push(`Top ${r.top.length}, cheapest first (ties: larger receptive field, then lower index):`);
    out.push(candidateTable(r.top, costHeader, true));
    const shown = spread(r.pareto, ctx.paretoRows ?? 12);
    const of =
      shown.length < r.pareto.length
        ? ` (${shown.length} of its ${r.pareto.length} points, spread over the range; --pareto all shows every one)`
        : '';
    out.push(wrap(`Pareto front: the cheapest way to reach each larger receptive field${of}:`, width));
    out.push(candidateTable(shown, costHeader, false));
    const input = ctx.space?.inputSize ? ` --input ${ctx.space.inputSize}` : '';
    out.push(`Layer by layer: rfkit analyze "${toCompact(best.layers)}"${input}`);
  }
  return `${out.join('\n')}\n`;
}

/** At most `n` points, evenly spaced and always including the first and the last. */
function spread<T>(items: T[], n: number | 'all'): T[] {
  if (n === 'all' || items.length <= n) return items;
  if (n <= 1) return items.slice(0, n);
  const picked = new Set<number>();
  for (let i = 0; i < n; i++) picked.add(Math.round((i * (items.length - 1)) / (n - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => items[i]!);
}

// Search layers all pad "same"; the table leaves `psame` out so eight layers fit a terminal line
// (the header says so; JSON and CSV keep the exact compact form).
function tableLayers(c: Candidate): string {
  return toCompact(c.layers).replace(/psame\b/g, '');
}

function candidateTable(rows: Candidate[], costHeader: string, ranked: boolean): string {
  return textTable(
    [
      ...(ranked ? [{ header: '#', align: 'right' as const }] : []),
      { header: 'rf', align: 'right' },
      { header: 'covered', align: 'right' },
      { header: 'stride', align: 'right' },
      { header: costHeader, align: 'right' },
      { header: 'index', align: 'right' },
      { header: 'layers (all with "same" padding)' },
    ],
    rows.map((c, i) => [
      ...(ranked ? [String(i + 1)] : []),
      String(c.rf),
      String(c.covered),
      String(c.stride),
      groupDigits(c.cost),
      c.index.toString(),
      tableLayers(c),
    ]),
  );
}

function summary(file: ResultFile, ctx: SearchOutputContext): string {
  const r = file.result;
  const space = ctx.space;
  const label = space ? OBJECTIVE_LABEL[space.objective] : undefined;
  const parts: string[] = [];
  const covered = r.nextIndex - r.range.start;
  const stopped = r.nextIndex < r.range.end;
  const rangeSize = r.range.end - r.range.start;
  const what = space ? ` (${describeSpace(space)})` : '';
  const isShard = rangeSize !== r.total;
  if (ctx.origin.kind === 'merge') {
    parts.push(`Merged ${ctx.origin.parts} shard${ctx.origin.parts === 1 ? '' : 's'}:`);
  }
  const how =
    ctx.origin.kind === 'search'
      ? ` in ${duration(r.elapsedMs)} (${r.engine === 'dp' ? 'dp engine' : 'sweep'}, ${r.backend}${r.engine === 'dp' ? '' : `, ${ctx.origin.threads} thread${ctx.origin.threads === 1 ? '' : 's'}`})`
      : '';
  const shard = file.shard ? `shard ${file.shard.index}/${file.shard.count}, ` : '';
  const indices = rangeSize === 0n ? 'no indices' : `indices ${r.range.start}…${r.range.end - 1n}`;
  const slice = isShard
    ? ` (${shard}${indices} of the ${roughly(r.total)} in the space${space ? `: ${describeSpace(space)}` : ''})`
    : what;
  if (stopped) {
    parts.push(
      `INTERRUPTED: searched ${groupDigits(covered)} of ${counted(rangeSize, 'architecture')} (${percent(covered, rangeSize)})${slice}${how}; the results below cover only that part.`,
    );
  } else if (isShard && ctx.origin.kind === 'merge') {
    parts.push(
      `PARTIAL: covers ${groupDigits(rangeSize)} architectures${slice}; the rest of the space is missing, so the results below cover only that part.`,
    );
  } else if (isShard) {
    parts.push(`Searched ${counted(rangeSize, 'architecture')}${slice}${how}.`);
  } else {
    parts.push(`Searched ${counted(r.total, 'architecture')}${what}${how}.`);
  }
  const target = space ? describeTarget(space) : 'the constraints';
  if (r.feasible === 0n) {
    if (r.warnings.length > 0) {
      parts.push(`None can meet the target (${target}): ${r.warnings.map((w) => w.message).join('; ')}.`);
    } else {
      parts.push(
        `None meet the target (${target}); widen the rf range or the choices, or change the stride.`,
      );
    }
    return parts.join(' ');
  }
  parts.push(
    `${groupDigits(r.feasible)} (${percent(r.feasible, covered === 0n ? 1n : covered)}) meet the target: ${target}.`,
  );
  const best = r.top[0];
  if (best) {
    const unit = label ? label.unit : 'cost';
    parts.push(
      `The cheapest${label ? ` by ${label.prose}` : ''}${space ? channelNote(space) : ''} is "${tableLayers(best)}": receptive field ${best.rf} px${best.covered < best.rf ? ` of which it reads ${best.covered} (holes)` : ''}, ${shortCount(best.cost)} ${unit}.`,
    );
  }
  const first = r.histogram[0];
  const last = r.histogram[r.histogram.length - 1];
  if (first && last && first.rf !== last.rf) {
    parts.push(`Feasible receptive fields range from ${first.rf} to ${last.rf} px.`);
  }
  return parts.join(' ');
}

function channelNote(s: NormalizedSweep): string {
  if (s.objective === 'kernel-area') return '';
  const c = s.channels;
  return ` (${c.base} channels, ×${c.growth} at every strided layer, at most ${c.max})`;
}

function describeSpace(s: NormalizedSweep): string {
  const first = s.layers[0];
  const same = first && s.layers.every((l) => sameLists(l, first));
  const layers = `${s.depth} layer${s.depth === 1 ? '' : 's'}`;
  if (!first) return layers;
  const lists = (l: NormalizedSweep['layers'][number]) =>
    `kernel ${l.kernel.join('/')} × stride ${l.stride.join('/')}${l.dilation.length > 1 || l.dilation[0] !== 1 ? ` × dilation ${l.dilation.join('/')}` : ''}`;
  return same
    ? `${layers}, each ${lists(first)}`
    : `${layers} with per-layer choices (layer 0: ${lists(first)})`;
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
    parts.push(
      s.rfMin === s.rfMax ? `receptive field = ${s.rfMin} px` : `receptive field ${s.rfMin}–${s.rfMax} px`,
    );
  } else if (s.rfMin !== null) {
    parts.push(`receptive field ≥ ${s.rfMin} px`);
  } else if (s.rfMax !== null) {
    parts.push(`receptive field ≤ ${s.rfMax} px`);
  }
  if (s.stride !== null) parts.push(`total stride ${s.stride}`);
  if (s.minOutput !== null) parts.push(`output ≥ ${s.minOutput} px`);
  if (s.inputSize !== null) parts.push(`at input ${s.inputSize} px`);
  parts.push(s.holes === 'none' ? 'no holes' : 'holes allowed');
  return parts.join(', ');
}

export function searchCsv(r: SweepResult): string {
  const row = (list: string, c: Candidate, rank: number) => [
    list,
    rank,
    c.index.toString(),
    c.rf,
    c.covered,
    c.stride,
    c.cost,
    toCompact(c.layers),
  ];
  return csv(
    ['list', 'rank', 'index', 'rf', 'covered', 'stride', 'cost', 'layers'],
    [...r.top.map((c, i) => row('top', c, i + 1)), ...r.pareto.map((c, i) => row('pareto', c, i + 1))],
  );
}

/** The lines `rfkit: warning: …` a result's warnings print on stderr. */
export function warningLines(r: SweepResult): string {
  return r.warnings.map((w) => `rfkit: warning: ${w.message}\n`).join('');
}
