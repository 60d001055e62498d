// Plain-text and Markdown tables.

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

/** A space-aligned table with a rule under the header; every row has one cell per column. */
export function textTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i]!, columns[i]!.align ?? 'left', i === cells.length - 1))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const r of rows) out.push(line(r));
  return `${out.join('\n')}\n`;
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
