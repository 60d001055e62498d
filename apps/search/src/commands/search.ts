// `rfkit search`: sweeps a space (or one shard of it) with a progress bar, stops cleanly on Ctrl-C
// or SIGTERM with a checkpoint, resumes from one, and prints / writes the result.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import {
  type Backend,
  isRfError,
  type NormalizedSweep,
  normalizeSweep,
  type SweepResult,
  type SweepSpec,
} from 'rfkit';
import { InputError, inFile, prefixError, UsageError } from '../errors.js';
import { withFlagNames } from '../flag-errors.js';
import { renderSearch, type SearchFormat, warningLines } from '../format/search-output.js';
import { terminalWidth } from '../format/terminal.js';
import { checkWritableLocation, removeFile, writeFileAtomic } from '../io.js';
import { createProgress } from '../progress.js';
import {
  type ResultFile,
  readResultFile,
  type Shard,
  stringifyResultFile,
  unfinished,
} from '../result-file.js';
import { searchSegmented } from '../segments.js';
import { baseSpace, buildSpace, hasSpaceFlags, type SpaceFlags } from '../space.js';
import { spaceDifference } from '../space-diff.js';

export interface SearchCommandOptions extends SpaceFlags {
  /** Start from the default job (see default-job.ts). */
  default?: boolean;
  /** Default `table`. */
  format?: SearchFormat;
  /** Write the JSON result here (atomically). */
  out?: string;
  /** Default: every core. */
  threads?: number;
  /** Default: `wasm`, or `js` where WebAssembly is unavailable. */
  backend?: Backend;
  shard?: Shard;
  /** A checkpoint (or any unfinished result file) to continue. */
  resume?: string;
  /** Where checkpoints go. Default: the --resume file, else next to --out, else rfkit-<space>.checkpoint.json. */
  checkpoint?: string;
  /** Also checkpoint every this many seconds (default: only when stopped). */
  checkpointEvery?: number;
  /** Table format: Pareto rows to show (default 12). */
  pareto?: number | 'all';
  /** Progress even when stderr is not a terminal (a line every 10 s). Default false. */
  progress?: boolean;
  /** No progress bar and no notes on stderr. */
  quiet?: boolean;
  /** Trace segments on stderr (and stack traces on errors). */
  debug?: boolean;
}

export interface CommandIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Runs the command; resolves to the exit code (130/143 when stopped by SIGINT/SIGTERM). */
export async function searchCommand(
  file: string | undefined,
  opts: SearchCommandOptions,
  io: CommandIO,
): Promise<number> {
  const resumed = opts.resume ? readResultFile(opts.resume) : undefined;
  let base: SweepSpec | undefined = baseSpace(file, opts.default);
  if (!base && resumed) {
    if (!resumed.spec && !hasSpaceFlags(opts)) {
      throw new InputError(`${opts.resume}: the checkpoint does not record its space; give SPACE.json too`);
    }
    base = resumed.spec;
  }
  const spec = buildSpace(base, opts);
  const where = file ?? (resumed && !opts.default ? opts.resume : undefined);
  const space: NormalizedSweep = withFlagNames(() => normalizeSweep(spec), opts, where);

  let shard = opts.shard;
  if (resumed?.shard) {
    if (shard && (shard.index !== resumed.shard.index || shard.count !== resumed.shard.count)) {
      throw new UsageError(
        `--shard ${shard.index}/${shard.count} does not match the checkpoint's shard ${resumed.shard.index}/${resumed.shard.count}`,
      );
    }
    shard = resumed.shard;
  }
  if (opts.out) checkWritableLocation(opts.out);
  if (opts.checkpoint) checkWritableLocation(opts.checkpoint);
  const threads = opts.threads ?? availableParallelism();

  const progress = createProgress({ enabled: !opts.quiet, lines: opts.progress ?? false });
  let checkpointPath = opts.checkpoint ?? opts.resume;
  let wroteCheckpoint = false;
  const saveCheckpoint = (partial: SweepResult) => {
    checkpointPath ??= defaultCheckpointPath(opts.out, partial.spaceId, shard);
    const cp: ResultFile = { result: partial, spec };
    if (shard) cp.shard = shard;
    writeFileAtomic(checkpointPath, stringifyResultFile(cp));
    wroteCheckpoint = true;
  };

  let stopSignal: NodeJS.Signals | undefined;
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopSignal) {
      // A second Ctrl-C means "now": no checkpoint beyond the last one written.
      progress.stop();
      io.stderr(`rfkit: ${sig} again, quitting without a new checkpoint\n`);
      process.exit(128 + signalNumber(sig));
    }
    stopSignal = sig;
    progress.stop();
    if (!opts.quiet) {
      io.stderr(`rfkit: ${sig}: stopping after the current chunk (press Ctrl-C again to quit now)\n`);
    }
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const everyMs = opts.checkpointEvery !== undefined ? opts.checkpointEvery * 1000 : undefined;
  let lastCheckpoint = performance.now();
  let result: SweepResult;
  try {
    result = await searchSegmented(spec, space, {
      ...(opts.backend ? { backend: opts.backend } : {}),
      threads,
      ...(shard ? { shard } : {}),
      ...(resumed ? { resume: resumed.result } : {}),
      signal: controller.signal,
      onProgress: (done, total) => {
        if (!stopSignal) progress.update(done, total);
      },
      onSegment: (partial) => {
        if (everyMs !== undefined && performance.now() - lastCheckpoint >= everyMs) {
          saveCheckpoint(partial);
          lastCheckpoint = performance.now();
        }
      },
      segmentMs: segmentMs(threads, everyMs),
      ...segmentLevels(),
      ...(opts.debug ? { onTrace: (line: string) => io.stderr(`rfkit: ${line}\n`) } : {}),
    });
  } catch (e) {
    // A checkpoint that does not fit the space or shard: name the file, and the fields that differ.
    if (opts.resume && isRfError(e) && e.path?.startsWith('resume')) {
      const diff =
        e.path === 'resume' && resumed?.space
          ? spaceDifference(resumed.space, space, 'the checkpoint', 'the space given')
          : '';
      if (diff) throw new InputError(`${opts.resume}: the checkpoint is of another space: ${diff}`);
      throw prefixError(opts.resume, e);
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
  }
  const stopped = unfinished(result);
  if (stopped) saveCheckpoint(result);

  const format = opts.format ?? 'table';
  const fileOut: ResultFile = { result, spec };
  if (shard) fileOut.shard = shard;
  io.stdout(
    renderSearch(format, fileOut, {
      space,
      origin: { kind: 'search', threads },
      paretoRows: opts.pareto ?? 12,
      width: terminalWidth(),
    }),
  );

  if (!opts.quiet) io.stderr(warningLines(result));

  if (stopped) {
    io.stderr(
      `rfkit: stopped; checkpoint written to ${checkpointPath}. Continue with: rfkit search --resume ${checkpointPath}\n`,
    );
    return 128 + signalNumber(stopSignal ?? 'SIGINT');
  }
  if (opts.out) writeFileAtomic(opts.out, stringifyResultFile(fileOut));
  // A finished run's checkpoint is stale; keep only what the user asked for.
  if (wroteCheckpoint && checkpointPath && !samePath(checkpointPath, opts.out)) removeFile(checkpointPath);
  return 0;
}

function defaultCheckpointPath(out: string | undefined, spaceId: string, shard: Shard | undefined): string {
  if (out) return `${out.replace(/\.json$/i, '')}.checkpoint.json`;
  const id = spaceId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'search';
  return `rfkit-${id}${shard ? `-shard${shard.index}of${shard.count}` : ''}.checkpoint.json`;
}

/**
 * Segments no longer than the checkpoint interval, and long enough that a thread pool's start-up
 * (about half a second) stays small against the work. RFKIT_SEGMENT_MS overrides it (for tests: many
 * tiny segments).
 */
function segmentMs(threads: number, everyMs: number | undefined): number {
  // Far above a call's own overhead (~10 ms), or cells would shrink towards it and stall.
  const forced = Number(process.env.RFKIT_SEGMENT_MS);
  if (Number.isFinite(forced) && forced > 0) return Math.max(50, forced);
  return Math.max(threads > 1 ? 5_000 : 200, Math.min(10_000, everyMs ?? Number.POSITIVE_INFINITY));
}

/** RFKIT_SEGMENT_LEVELS=8,8,4 (tests only): a fixed, cycled schedule of segment sizes, 2^-level of the shard. */
function segmentLevels(): { levels?: number[] } {
  const raw = process.env.RFKIT_SEGMENT_LEVELS;
  if (!raw) return {};
  const levels = raw.split(',').map(Number);
  return levels.every((l) => Number.isInteger(l) && l >= 0) ? { levels } : {};
}

function samePath(a: string, b: string | undefined): boolean {
  return b !== undefined && resolve(a) === resolve(b);
}

function signalNumber(sig: NodeJS.Signals): number {
  return sig === 'SIGTERM' ? 15 : 2;
}
