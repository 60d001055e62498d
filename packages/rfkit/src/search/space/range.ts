// Index ranges of a space: shards, explicit ranges, and how the two combine. Combinations are
// numbered 0…total−1 (see choices.ts); a run covers a half-open range [start, end) of them.

import { invalidArgument as invalid } from '../../errors.js';
import { show } from '../../messages.js';

export interface IndexRange {
  start: bigint;
  end: bigint;
}

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

function prefixed(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** The shard of [0, size) without validation: [floor(i·size/n), floor((i+1)·size/n)). */
function shardOf(size: bigint, index: number, count: number): IndexRange {
  const i = BigInt(index);
  const n = BigInt(count);
  return { start: (i * size) / n, end: ((i + 1n) * size) / n };
}

/** shardRange with the options' field names in its errors (`shard.index`, …). */
export function checkedShard(total: bigint, index: unknown, count: unknown, prefix: string): IndexRange {
  if (typeof total !== 'bigint' || total < 0n) {
    invalid(prefixed(prefix, 'total'), `expected a BigInt >= 0n, got ${show(total)}`);
  }
  if (!isInt(count) || count < 1) {
    invalid(prefixed(prefix, 'count'), `expected an integer >= 1, got ${show(count)}`);
  }
  if (!isInt(index) || index < 0 || index >= count) {
    invalid(prefixed(prefix, 'index'), `expected an integer in [0, ${count - 1}], got ${show(index)}`);
  }
  return shardOf(total, index, count);
}

/**
 * Shard `index` of `count` (0-based) of a space of `total` combinations: the indices
 * [floor(index·total/count), floor((index+1)·total/count)). The shards of one count tile the space
 * without gaps or overlaps, so their results merge (mergeResults) into exactly the unsharded
 * result; shard i of n is also the union of shards i·m … i·m + m − 1 of n·m. Throws RfError
 * `invalid-argument` for a negative total, a count below 1 or an index outside [0, count).
 */
export function shardRange(total: bigint, index: number, count: number): IndexRange {
  return checkedShard(total, index, count, '');
}

/** Validates a `range` option against a space of `total` combinations (RfError `invalid-argument`). */
export function checkedRange(range: unknown, total: bigint): IndexRange {
  if (typeof range !== 'object' || range === null)
    invalid('range', `expected { start, end } (BigInts), got ${show(range)}`);
  const { start, end } = range as { start?: unknown; end?: unknown };
  if (typeof start !== 'bigint') invalid('range.start', `expected a BigInt, got ${show(start)}`);
  if (typeof end !== 'bigint') invalid('range.end', `expected a BigInt, got ${show(end)}`);
  if (start < 0n || start > total) invalid('range.start', `${start} lies outside [0, ${total}]`);
  if (end < start || end > total)
    invalid('range.end', `${end} lies outside [${start}, ${total}] (start to total)`);
  return { start, end };
}

/**
 * The indices a run covers: `range` (default: the whole space), then shard i of n of it (shard i
 * of n of [s, e) is s + shard i of n of [0, e − s), so shards of a range merge into the range).
 */
export function resolveRange(
  total: bigint,
  range: unknown,
  shard: { index: number; count: number } | undefined,
): IndexRange {
  const outer = range === undefined ? { start: 0n, end: total } : checkedRange(range, total);
  if (shard === undefined) return outer;
  if (typeof shard !== 'object' || shard === null)
    invalid('shard', `expected { index, count }, got ${show(shard)}`);
  const part = checkedShard(outer.end - outer.start, shard.index, shard.count, 'shard');
  return { start: outer.start + part.start, end: outer.start + part.end };
}
