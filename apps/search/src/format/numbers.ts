// Every number the command line prints for people goes through here, formatted by
// Intl.NumberFormat (en-US, so output is the same on every machine; JSON and CSV keep raw values).
// Exact counts keep every digit; prose gets magnitudes in words; rates and costs get SI prefixes.

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const threeDigits = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const plainNumber = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 4 });

/** `1234567n` → `1,234,567`: every digit, grouped. */
export function groupDigits(n: bigint | number): string {
  return typeof n === 'number' && !Number.isFinite(n) ? String(n) : grouped.format(n);
}

/** A pixel coordinate or size as it is: `1311`, `15.5`, `-0.3333` (at most 4 decimals, no grouping). */
export function plain(x: number): string {
  return plainNumber.format(x);
}

const oneDecimal = new Intl.NumberFormat('en-US', {
  useGrouping: false,
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const twoDigits = new Intl.NumberFormat('en-US', { useGrouping: false, maximumSignificantDigits: 2 });

/** One decimal, always shown: `40.5`, `2.0` (a standard deviation in pixels). */
export function tenths(x: number): string {
  return oneDecimal.format(x);
}

/** Two significant digits: `37`, `0.52` (a share of an area, in percent). */
export function twoSignificant(x: number): string {
  return twoDigits.format(x);
}

/** Short-scale names of 10^6 … 10^33. */
const NAMES = [
  'million',
  'billion',
  'trillion',
  'quadrillion',
  'quintillion',
  'sextillion',
  'septillion',
  'octillion',
  'nonillion',
  'decillion',
];

/** `n` as `mantissa × 10^exponent` with 1 ≤ mantissa < 10, exactly for BigInts of any size. */
function magnitude(n: bigint | number): { mantissa: number; exponent: number } {
  if (typeof n === 'bigint') {
    const digits = (n < 0n ? -n : n).toString();
    const mantissa = Number(`${digits[0]}.${digits.slice(1, 17) || '0'}`);
    return { mantissa: n < 0n ? -mantissa : mantissa, exponent: digits.length - 1 };
  }
  if (n === 0) return { mantissa: 0, exponent: 0 };
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  return { mantissa: n / 10 ** exponent, exponent };
}

/**
 * For prose, never for exact columns: below a million every digit (`123,456`); then 3 significant
 * digits and the name of the magnitude (`4.29 billion`, `4.5 quadrillion`); past 10^36 a power of
 * ten (`4.15 × 10^180`).
 */
export function roughly(n: bigint | number): string {
  if (typeof n === 'number' && !Number.isFinite(n)) return String(n);
  let { mantissa, exponent } = magnitude(n);
  if (exponent < 6) return groupDigits(n);
  // Rounding to 3 digits may carry into the next power (9.996 → 10.0).
  if (Number(threeDigits.format(Math.abs(mantissa)).replace(/,/g, '')) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  const group = Math.floor(exponent / 3) - 2;
  const name = NAMES[group];
  if (name === undefined) return `${threeDigits.format(mantissa)} × 10^${exponent}`;
  return `${threeDigits.format(mantissa * 10 ** (exponent - 3 * (group + 2)))} ${name}`;
}

/** SI prefixes from kilo (below 10,000 every digit is shown). */
const PREFIXES = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

/** `1234567` → `1.23 M`, `19296` → `19.3 k`; below 10,000 exact (`9,999`). For rates and costs. */
export function shortCount(x: number): string {
  if (!Number.isFinite(x) || Math.abs(x) < 1e4) return groupDigits(x);
  let group = Math.floor(Math.log10(Math.abs(x)) / 3);
  let scaled = x / 1000 ** group;
  // 999,950 is 1.00 M, not 1,000 k.
  if (Math.abs(Number(threeDigits.format(scaled).replace(/,/g, ''))) >= 1000) {
    group += 1;
    scaled /= 1000;
  }
  const prefix = PREFIXES[group - 1];
  return prefix === undefined ? roughly(x) : `${threeDigits.format(scaled)} ${prefix}`;
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

const percentWhole = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const percentTenth = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const percentSmall = new Intl.NumberFormat('en-US', { style: 'percent', maximumSignificantDigits: 2 });

/** `part / whole` as a percentage with enough digits to be non-zero when part is, and below 100% when part is. */
export function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0%';
  const f = Number(part) / Number(whole);
  const text =
    f === 0 || f >= 0.1
      ? percentWhole.format(f)
      : f >= 0.01
        ? percentTenth.format(f)
        : percentSmall.format(f);
  // 99.96% reads 99.9%, not 100%.
  return part < whole && text === '100%' ? percentTenth.format(Math.floor(f * 1000) / 1000) : text;
}

/** `1 layer`, `2 layers`, `1,024 architectures`. */
export function counted(n: bigint | number, noun: string, plural = `${noun}s`): string {
  return `${groupDigits(n)} ${n === 1 || n === 1n ? noun : plural}`;
}
