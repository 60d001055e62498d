// `rfkit search`: sweeps a space (or one shard of it) with a progress bar, stops cleanly on Ctrl-C
// or SIGTERM with a checkpoint, resumes from one, and prints / writes the result.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import {
  type Backend,
  type EngineChoice,
  isRfError,
  type NormalizedSweep,
  normalizeSweep,
  type SweepResult,
  type SweepSpec,
} from 'rfkit';
import { EXIT_FAILURE, InputError, prefixError, UsageError } from '../errors.js';
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
  /** Default `auto`. */
  engine?: EngineChoice;
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
  /** Start afresh even where a checkpoint of an earlier run exists (it is overwritten). Default false. */
  force?: boolean;
}

/** Standard output could not take everything written to it. */
export interface OutputFailure {
  /** The reader went away (EPIPE, e.g. `| head`): not an error in itself. */
  closed: boolean;
  /** Why, in words (`no space left on device`). */
  reason: string;
  /** A command has already told the user (so the CLI does not repeat it). */
  reported: boolean;
}

export interface CommandIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Resolves once everything written to stdout is out; with the failure if it could not be. */
  flush?: () => Promise<OutputFailure | null>;
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
  // Everything that could make the run's output or checkpoint unwritable is found now, not after it.
  if (opts.out) checkWritableLocation(opts.out);
  const implicit = !opts.checkpoint && !opts.resume && !opts.out;
  const checkpointPath = opts.checkpoint ?? opts.resume ?? defaultCheckpointPath(opts.out, space, shard);
  // The current folder (the default for checkpoints) is checked only when periodic checkpoints are asked for.
  if (!implicit || opts.checkpointEvery !== undefined) checkWritableLocation(checkpointPath);
  if (!opts.resume && !opts.force && exists(checkpointPath)) {
    throw new UsageError(
      `${checkpointPath}: a checkpoint of an earlier run is there; continue it with ${resumeHint(checkpointPath, opts)}, or start over with --force (which overwrites it)`,
    );
  }
  const threads = opts.threads ?? availableParallelism();

  const progress = createProgress({ enabled: !opts.quiet, lines: opts.progress ?? false });
  let wroteCheckpoint = false;
  const saveCheckpoint = (partial: SweepResult) => {
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
      ...(opts.engine ? { engine: opts.engine } : {}),
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
  let checkpointError: unknown = null;
  if (stopped) {
    try {
      saveCheckpoint(result);
    } catch (e) {
      // Still print what was found: the run's work is not lost while it is on the screen.
      checkpointError = e;
    }
  }

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
    if (checkpointError) throw checkpointError;
    io.stderr(
      `rfkit: stopped; checkpoint written to ${checkpointPath}. Continue with: ${resumeHint(checkpointPath, opts)}\n`,
    );
    return 128 + signalNumber(stopSignal ?? 'SIGINT');
  }
  if (opts.out) writeFileAtomic(opts.out, stringifyResultFile(fileOut));
  const failure = (await io.flush?.()) ?? null;
  if (failure) {
    // The result did not (all) reach stdout: keep every checkpoint, so nothing is lost.
    const kept = [
      wroteCheckpoint ? checkpointPath : null,
      resumed && unfinished(resumed.result) ? opts.resume : null,
    ];
    const keptList = [...new Set(kept.filter((p): p is string => p !== null))];
    if (!failure.closed || keptList.length > 0) {
      const keep = keptList.length > 0 ? `; the checkpoint ${keptList.join(' and ')} is kept` : '';
      io.stderr(`rfkit: cannot write to standard output (${failure.reason})${keep}\n`);
      failure.reported = true;
    }
    return failure.closed ? 0 : EXIT_FAILURE;
  }
  // A finished run's checkpoints are stale: the one it wrote, and the one it resumed from (but never
  // the --out file, nor a finished result given to --resume).
  const stale = new Set<string>();
  if (wroteCheckpoint) stale.add(checkpointPath);
  if (opts.resume && resumed && unfinished(resumed.result)) stale.add(opts.resume);
  for (const p of stale) if (!samePath(p, opts.out)) removeFile(p);
  return 0;
}

/** OUT.checkpoint.json next to --out, else a name from a fingerprint of the space (and the shard). */
function defaultCheckpointPath(
  out: string | undefined,
  space: NormalizedSweep,
  shard: Shard | undefined,
): string {
  if (out) return `${out.replace(/\.json$/i, '')}.checkpoint.json`;
  const canonical = JSON.stringify(space, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  const id = createHash('sha256').update(canonical).digest('hex').slice(0, 12);
  return `rfkit-${id}${shard ? `-shard${shard.index}of${shard.count}` : ''}.checkpoint.json`;
}

/** The command that continues a run: the checkpoint, and the outputs the run was asked for. */
function resumeHint(checkpoint: string, opts: SearchCommandOptions): string {
  const args = ['rfkit', 'search', '--resume', checkpoint];
  if (opts.out) args.push('--out', opts.out);
  if (opts.format && opts.format !== 'table') args.push('--format', opts.format);
  return args.map(shellWord).join(' ');
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A regular file (through links) is there: an earlier run's checkpoint. Devices and FIFOs are not. */
function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
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
