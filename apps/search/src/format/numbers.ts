// Human-readable numbers for tables and summaries. Exact counts keep every digit.

/** `1234567n` → `1,234,567`. */
export function groupDigits(n: bigint | number): string {
  const s = typeof n === 'bigint' ? n.toString() : Number.isInteger(n) ? n.toFixed(0) : String(n);
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  if (!/^\d+$/.test(digits)) return s;
  return (neg ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `4294967296` → `4.29 billion`: for prose, never for exact columns. */
export function roughly(n: bigint | number): string {
  const x = Number(n);
  const units: [number, string][] = [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ];
  for (const [size, name] of units) if (x >= size) return `${(x / size).toPrecision(3)} ${name}`;
  return groupDigits(n);
}

/** `1234567` → `1.23 M`; small values stay exact. */
export function shortCount(x: number): string {
  const units: [number, number, string][] = [
    [1e12, 1e12, 'T'],
    [1e9, 1e9, 'G'],
    [1e6, 1e6, 'M'],
    // Below 10 000 every digit is shown.
    [1e4, 1e3, 'k'],
  ];
  for (const [from, size, name] of units) if (x >= from) return `${(x / size).toPrecision(3)} ${name}`;
  return groupDigits(x);
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m - h * 60} min`;
}

/** `part / whole` as a percentage with enough digits to be non-zero when part is. */
export function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0%';
  const p = (Number(part) / Number(whole)) * 100;
  if (p === 0 || p >= 1) return `${p.toFixed(p >= 10 || p === 0 ? 0 : 1)}%`;
  return `${p.toPrecision(2)}%`;
}
