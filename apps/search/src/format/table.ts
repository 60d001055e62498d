// Plain-text and Markdown tables. A text table fits a width where it can: first it leaves out the
// columns marked droppable (in their order, and says which), then it shortens the cells of its
// `shrink` column (a layer's long path names) in the middle.

import { wrap } from './wrap.js';

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
  /** Where the table is too wide, columns with a drop rank go first, the lowest rank first. Default: kept. */
  drop?: number;
  /**
   * Where the table is still too wide, this column's long cells lose their middle
   * (`Mixed_5b/…/Conv2d_0b_5x5`), down to MIN_SHRUNK characters. Default false.
   */
  shrink?: boolean;
}

/** Shrunk cells keep at least this many characters. */
const MIN_SHRUNK = 24;

export interface TableOptions {
  /** Fit this many columns where dropping and shrinking columns can. Default: no limit. */
  maxWidth?: number;
}

/** A space-aligned table with a rule under the header; every row has one cell per column. */
export function textTable(columns: Column[], rows: string[][], options: TableOptions = {}): string {
  let cols = columns.map((c, i) => ({
    ...c,
    i,
    w: Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))),
  }));
  const total = () => cols.reduce((a, c) => a + c.w, 0) + 2 * (cols.length - 1);
  const max = options.maxWidth ?? Number.POSITIVE_INFINITY;
  const hidden: string[] = [];
  const droppable = cols.filter((c) => c.drop !== undefined).sort((a, b) => a.drop! - b.drop!);
  for (const c of droppable) {
    // Shortening the names alone will do.
    if (total() - shrinkable(cols) <= max) break;
    cols = cols.filter((x) => x !== c);
    hidden.push(c.header);
  }
  const cells = rows.map((r) => cols.map((c) => r[c.i] ?? ''));
  const s = cols.findIndex((c) => c.shrink);
  if (s >= 0 && total() > max) {
    const w = Math.max(MIN_SHRUNK, width(cols[s]!.header), cols[s]!.w - (total() - max));
    if (w < cols[s]!.w) {
      cols[s]!.w = w;
      for (const r of cells) r[s] = elide(r[s]!, w);
    }
  }
  const line = (row: string[]) =>
    row
      .map((cell, i) => pad(cell, cols[i]!.w, cols[i]!.align ?? 'left', i === row.length - 1))
      .join('  ')
      .trimEnd();
  const out = [line(cols.map((c) => c.header)), cols.map((c) => '─'.repeat(c.w)).join('  ')];
  for (const r of cells) out.push(line(r));
  if (hidden.length > 0) {
    out.push(
      wrap(
        `(not shown, to fit ${max} columns: ${hidden.join(', ')}; a wider COLUMNS, or --format csv or json, has every column)`,
        max,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

/** How many characters shortening the `shrink` column could save. */
function shrinkable(cols: { shrink?: boolean; header: string; w: number }[]): number {
  const c = cols.find((x) => x.shrink);
  return c ? Math.max(0, c.w - Math.max(MIN_SHRUNK, width(c.header))) : 0;
}

/**
 * `s` in at most `w` characters. A path (`a/b/c/d`, `a.b.c`) loses the fewest characters of
 * consecutive middle parts that make it fit (`block1/unit_1/…/shortcut`), or else of parts that
 * include its first (`…/Branch_3/AvgPool_0a_3x3`); anything else keeps its head and tail around an
 * ellipsis.
 */
export function elide(s: string, w: number): string {
  const chars = [...s];
  if (chars.length <= w) return s;
  const sep = s.includes('/') ? '/' : s.includes('.') ? '.' : '';
  if (sep) {
    const parts = s.split(sep);
    for (const from of [1, 0]) {
      let best: string | undefined;
      for (let i = from; i < parts.length - 1; i++) {
        for (let j = i; j < parts.length - 1; j++) {
          const candidate = [...parts.slice(0, i), '…', ...parts.slice(j + 1)].join(sep);
          const n = [...candidate].length;
          if (n <= w && (best === undefined || n > [...best].length)) best = candidate;
        }
      }
      if (best !== undefined) return best;
    }
  }
  const tail = Math.ceil((w - 1) / 2);
  return `${chars.slice(0, w - 1 - tail).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

export function markdownTable(columns: Column[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    `| ${columns.map((c) => esc(c.header)).join(' | ')} |`,
    `|${columns.map((c) => (c.align === 'right' ? '---:' : ':---')).join('|')}|`,
  ];
  for (const r of rows) out.push(`| ${r.map(esc).join(' | ')} |`);
  return `${out.join('\n')}\n`;
}

function pad(s: string, w: number, align: Align, last: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  if (align === 'right') return fill + s;
  return last ? s : s + fill;
}

function width(s: string): number {
  return [...s].length;
}
