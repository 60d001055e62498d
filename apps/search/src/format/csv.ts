// CSV (RFC 4180 quoting, \n line ends): fields with commas, quotes or line breaks are quoted, quotes doubled.

export function csv(header: string[], rows: (string | number | boolean | null)[][]): string {
  return `${[header, ...rows].map((r) => r.map(field).join(',')).join('\n')}\n`;
}

function field(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
