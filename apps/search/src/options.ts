// Parsers for flag values. They throw commander's InvalidArgumentError, which commander turns into a
// one-line usage error naming the flag and the value (exit 2).
import { InvalidArgumentError } from 'commander';

export function positiveInt(value: string): number {
  const n = strictInt(value);
  if (n === null || n < 1) throw new InvalidArgumentError('expected an integer ≥ 1.');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = strictInt(value);
  if (n === null || n < 0) throw new InvalidArgumentError('expected an integer ≥ 0.');
  return n;
}

/** A comma-separated list of integers ≥ 1, e.g. `1,3,5,7`. */
export function intList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const out: number[] = [];
  for (const p of parts) {
    const n = strictInt(p);
    if (n === null || n < 1)
      throw new InvalidArgumentError('expected comma-separated integers ≥ 1, e.g. 1,3,5,7.');
    out.push(n);
  }
  return out;
}

/** `MIN..MAX`, `MIN..`, `..MAX`, or `N` (exactly N). */
export function rfRange(value: string): { min?: number; max?: number } {
  const bad = () => new InvalidArgumentError('expected MIN..MAX, MIN.., ..MAX or N (integers ≥ 1).');
  const m = /^\s*(\d*)\s*(\.\.)?\s*(\d*)\s*$/.exec(value);
  if (!m) throw bad();
  const [, lo = '', dots, hi = ''] = m;
  if (!dots) {
    const n = strictInt(lo);
    if (n === null || n < 1 || hi !== '') throw bad();
    return { min: n, max: n };
  }
  if (lo === '' && hi === '') throw bad();
  const out: { min?: number; max?: number } = {};
  if (lo !== '') out.min = Number(lo);
  if (hi !== '') out.max = Number(hi);
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) {
    throw new InvalidArgumentError(`the minimum ${out.min} is larger than the maximum ${out.max}.`);
  }
  return out;
}

/** `i/n`: shard i (0-based) of n. */
export function shardSpec(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected i/n, shard i (0-based) of n, e.g. 0/4.');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) {
    throw new InvalidArgumentError(`expected 0 ≤ i < n and n ≥ 1, e.g. 0/${Math.max(count, 4)}.`);
  }
  return { index, count };
}

/** `N` or per-axis `NxM` / `N,M` (input sizes ≥ 1). */
export function inputSize(value: string): number | number[] {
  const parts = value.split(/[x,×]/).map((s) => strictInt(s.trim()));
  if (parts.length === 0 || parts.length > 3 || parts.some((n) => n === null || n < 1)) {
    throw new InvalidArgumentError('expected an integer ≥ 1, or one per axis like 224x224.');
  }
  const nums = parts as number[];
  return nums.length === 1 ? nums[0]! : nums;
}

/** `in=3,base=32,growth=2,max=1024` (any subset). */
export function channelsSpec(value: string): { in?: number; base?: number; growth?: number; max?: number } {
  const out: Record<string, number> = {};
  for (const part of value.split(',')) {
    const m = /^\s*(in|base|growth|max)\s*=\s*(\d+)\s*$/.exec(part);
    const n = m ? strictInt(m[2]!) : null;
    if (!m || n === null || n < 1) {
      throw new InvalidArgumentError(
        'expected KEY=N pairs with KEY in in,base,growth,max, e.g. base=32,growth=2.',
      );
    }
    out[m[1]!] = n;
  }
  return out;
}

export function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}.`);
    }
    return value as T;
  };
}

/** Seconds, possibly fractional, > 0. */
export function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('expected a number of seconds > 0, e.g. 60 or 0.5.');
  }
  return n;
}

function strictInt(s: string): number | null {
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** `N` (≥ 1) or `all`. */
export function countOrAll(value: string): number | 'all' {
  if (value === 'all') return 'all';
  const n = strictInt(value);
  if (n === null || n < 1) throw new InvalidArgumentError('expected an integer ≥ 1 or "all".');
  return n;
}
