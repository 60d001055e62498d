// `rfkit merge`: combines shard results into exactly the unsharded result. Every file is verified
// on reading (result-file.ts); here the parts must be of one space, and must cover the whole space
// — a shard missing anywhere is an error that lists what is missing, unless `--partial` asks for
// the honest partial result of a contiguous run of parts.
import { mergeResults, type SweepResult } from 'rfkit';
import { describeError, InputError } from '../errors.js';
import { renderSearch, type SearchFormat, warningLines } from '../format/search-output.js';
import { terminalWidth } from '../format/terminal.js';
import { checkWritableLocation, writeFileAtomic } from '../io.js';
import {
  type ReadResultFile,
  type ResultFile,
  readResultFile,
  stringifyResultFile,
  unfinished,
} from '../result-file.js';
import { spaceDifference } from '../space-diff.js';
import type { CommandIO } from './search.js';

export interface MergeCommandOptions {
  /** Default `table`. */
  format?: SearchFormat;
  out?: string;
  /** Table format: Pareto rows to show (default 12). */
  pareto?: number | 'all';
  /** Accept parts that leave out the start or the end of the space, and unfinished parts (default false). */
  partial?: boolean;
  /** No warnings on stderr. Default false. */
  quiet?: boolean;
}

type Part = ReadResultFile & { file: string };

export function mergeCommand(files: string[], opts: MergeCommandOptions, io: CommandIO): number {
  if (opts.out) checkWritableLocation(opts.out);
  const parts: Part[] = files.map((f) => ({ file: f, ...readResultFile(f) }));
  checkOneSpace(parts);
  if (!opts.partial) {
    for (const p of parts) {
      if (unfinished(p.result)) {
        throw new InputError(
          `${p.file}: an unfinished run (covered up to index ${p.result.nextIndex} of ${p.result.range.start}…${p.result.range.end - 1n}); finish it with: rfkit search --resume ${p.file} (or merge with --partial)`,
        );
      }
    }
  }
  checkCoverage(parts, opts.partial ?? false);

  const withSpace = parts.find((p) => p.space);
  let merged: SweepResult;
  try {
    merged = mergeResults(
      parts.map((p) => p.result),
      withSpace?.space ? { spec: withSpace.space } : {},
    );
  } catch (e) {
    // The library numbers the parts; name the files instead.
    const { message } = describeError(e);
    const named = message
      .replace(/\bparts\[(\d+)\]/g, (m, i: string) => files[Number(i)] ?? m)
      .replace(/\b(results?|and) (\d+)(?= \[| is | has | of |:|\)|;)/g, (m, word: string, i: string) =>
        files[Number(i)] ? `${word} ${files[Number(i)]}` : m,
      );
    throw new InputError(`cannot merge: ${named}`);
  }
  const out: ResultFile = { result: merged };
  if (withSpace?.spec) out.spec = withSpace.spec;
  io.stdout(
    renderSearch(opts.format ?? 'table', out, {
      space: withSpace?.space,
      origin: { kind: 'merge', parts: files.length },
      paretoRows: opts.pareto ?? 12,
      width: terminalWidth(),
    }),
  );
  if (!opts.quiet) io.stderr(warningLines(merged));
  if (opts.out) writeFileAtomic(opts.out, stringifyResultFile(out));
  return 0;
}

/** Parts of different spaces: say which fields differ, when the files record their spaces. */
function checkOneSpace(parts: Part[]): void {
  const first = parts[0]!;
  for (const p of parts) {
    if (p.result.spaceId === first.result.spaceId) continue;
    const diff = first.space && p.space ? spaceDifference(first.space, p.space, first.file, p.file) : '';
    throw new InputError(
      `cannot merge: ${p.file} is of another space than ${first.file}: ${diff || `fingerprints ${first.result.spaceId} and ${p.result.spaceId}`}`,
    );
  }
}

/**
 * The whole space must be covered: every index from 0 to the total, by finished parts. Lists
 * every missing range (with the shard numbers, when the parts are shards of one count). With
 * `partial`, only the start and the end may be missing — one contiguous run of parts is one result.
 */
function checkCoverage(parts: Part[], partial: boolean): void {
  const total = parts[0]!.result.total;
  const sorted = [...parts].sort((a, b) =>
    a.result.range.start < b.result.range.start ? -1 : a.result.range.start > b.result.range.start ? 1 : 0,
  );
  const gaps: { start: bigint; end: bigint; inside: boolean }[] = [];
  let at = 0n;
  sorted.forEach((p, i) => {
    const { start } = p.result.range;
    if (start > at) gaps.push({ start: at, end: start, inside: i > 0 });
    // Overlaps are left to the library, which names both parts.
    if (p.result.nextIndex > at) at = p.result.nextIndex;
  });
  if (at < total) gaps.push({ start: at, end: total, inside: false });
  if (gaps.length === 0) return;
  if (partial && gaps.every((g) => !g.inside)) return;
  const count = parts[0]!.shard?.count;
  const sameCount = count !== undefined && parts.every((p) => p.shard?.count === count);
  const list = gaps
    .map((g) => `[${g.start}, ${g.end})${sameCount ? shardsIn(g, total, count) : ''}`)
    .join(', ');
  const n = gaps.length === 1 ? 'a range' : `${gaps.length} ranges`;
  const hint = partial
    ? 'a partial merge must be one contiguous run of parts'
    : 'search the missing shards (or merge with --partial for the part that is there)';
  throw new InputError(
    `cannot merge: the parts leave out ${n} of the space's ${total} indices: ${list}; ${hint}`,
  );
}

/** " (shards 3–5 of 16)": the shards of `count` inside a gap. */
function shardsIn(gap: { start: bigint; end: bigint }, total: bigint, count: number): string {
  const n = BigInt(count);
  const first = (gap.start * n + total - 1n) / total;
  let last = first;
  while (last + 1n < n && ((last + 2n) * total) / n <= gap.end) last++;
  if (((first + 1n) * total) / n > gap.end) return '';
  return first === last ? ` (shard ${first} of ${count})` : ` (shards ${first}–${last} of ${count})`;
}
