// `rfkit merge`: combines shard results into exactly the unsharded result. The library refuses parts
// of different spaces, duplicates and gaps; here we also refuse unfinished shards with a hint.
import { mergeResults, type NormalizedSweep, normalizeSweep } from 'rfkit';
import { describeError, InputError } from '../errors.js';
import { renderSearch, type SearchFormat } from '../format/search-output.js';
import { terminalWidth } from '../format/terminal.js';
import { writeFileAtomic } from '../io.js';
import { type ResultFile, readResultFile, stringifyResultFile } from '../result-file.js';
import type { CommandIO } from './search.js';

export interface MergeCommandOptions {
  /** Default `table`. */
  format?: SearchFormat;
  out?: string;
  /** Table format: Pareto rows to show (default 12). */
  pareto?: number | 'all';
  /** No warnings on stderr. Default false. */
  quiet?: boolean;
}

export function mergeCommand(files: string[], opts: MergeCommandOptions, io: CommandIO): number {
  const parts = files.map((f) => ({ file: f, ...readResultFile(f) }));
  for (const p of parts) {
    if (!p.result.complete) {
      throw new InputError(
        `${p.file}: an unfinished run (covered up to index ${p.result.nextIndex} of ${p.result.range.start}…${p.result.range.end - 1n}); finish it with: rfkit search --resume ${p.file}`,
      );
    }
  }
  let merged: ReturnType<typeof mergeResults>;
  try {
    merged = mergeResults(parts.map((p) => p.result));
  } catch (e) {
    // The library numbers the parts; name the files instead.
    const { message } = describeError(e);
    const named = message.replace(
      /\b(results?|and) (\d+)(?= \[| is | has | of |:|\)|;)/g,
      (m, word: string, i: string) => (files[Number(i)] ? `${word} ${files[Number(i)]}` : m),
    );
    throw new InputError(`cannot merge: ${named}`);
  }
  const spec = parts.find((p) => p.spec)?.spec;
  let space: NormalizedSweep | undefined;
  try {
    space = spec ? normalizeSweep(spec) : undefined;
  } catch {
    // The space only improves the summary; the merge itself was checked by its fingerprint.
    space = undefined;
  }
  const out: ResultFile = { result: merged };
  if (spec) out.spec = spec;
  io.stdout(
    renderSearch(opts.format ?? 'table', out, {
      space,
      origin: { kind: 'merge', parts: files.length },
      paretoRows: opts.pareto ?? 12,
      width: terminalWidth(),
    }),
  );
  if (opts.out) writeFileAtomic(opts.out, stringifyResultFile(out));
  return 0;
}
