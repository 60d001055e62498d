// `rfkit search`: sweeps a space (or one shard of it) with a progress bar, stops cleanly on Ctrl-C
// or SIGTERM with a checkpoint, resumes from one, and prints / writes the result.
import { availableParallelism } from 'node:os';
import {
  type Backend,
  init,
  type NormalizedSweep,
  normalizeSweep,
  type SearchOptions,
  type SweepResult,
  type SweepSpec,
  search,
} from 'rfkit';
import { InputError, inFile, UsageError } from '../errors.js';
import { renderSearch, type SearchFormat } from '../format/search-output.js';
import { checkWritableLocation, removeFile, writeFileAtomic } from '../io.js';
import { createProgress } from '../progress.js';
import { type ResultFile, readResultFile, type Shard, stringifyResultFile } from '../result-file.js';
import { baseSpace, buildSpace, hasSpaceFlags, type SpaceFlags } from '../space.js';

export interface SearchCommandOptions extends SpaceFlags {
  /** Start from the default job (see default-job.ts). */
  default?: boolean;
  /** Default `table`. */
  format?: SearchFormat;
  /** Write the JSON result here (atomically). */
  out?: string;
  /** Default: every core. */
  threads?: number;
  /** Default `wasm`. */
  backend?: Backend;
  shard?: Shard;
  /** A checkpoint (or any incomplete result file) to continue. */
  resume?: string;
  /** Where checkpoints go. Default: the --resume file, else next to --out, else rfkit-<space>.checkpoint.json. */
  checkpoint?: string;
  /** Also checkpoint every this many seconds (default: only when stopped). */
  checkpointEvery?: number;
  /** No progress bar and no notes on stderr. */
  quiet?: boolean;
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
  const space: NormalizedSweep = where ? inFile(where, () => normalizeSweep(spec)) : normalizeSweep(spec);

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
  const backend = opts.backend ?? 'wasm';
  if (backend === 'wasm') await init();

  const progress = createProgress({ enabled: !opts.quiet && process.stderr.isTTY === true });
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
  let controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopSignal) {
      // A second Ctrl-C means "now": no checkpoint beyond the last one written.
      progress.stop();
      io.stderr(`rfkit: ${sig} again, quitting without a new checkpoint\n`);
      process.exit(128 + signalNumber(sig));
    }
    stopSignal = sig;
    progress.stop();
    if (!opts.quiet) io.stderr(`rfkit: ${sig}: stopping after the current chunk (press Ctrl-C again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let result: SweepResult | undefined = resumed?.result;
  try {
    while (!result?.complete && !stopSignal) {
      controller = new AbortController();
      const timer = opts.checkpointEvery
        ? setTimeout(() => controller.abort(), opts.checkpointEvery * 1000)
        : undefined;
      const searchOptions: SearchOptions = {
        backend,
        threads,
        signal: controller.signal,
        onProgress: (done, total) => {
          if (!stopSignal) progress.update(done, total);
        },
      };
      if (shard) searchOptions.shard = shard;
      if (result) searchOptions.resume = result;
      let next: SweepResult;
      try {
        next = await search(spec, searchOptions);
      } finally {
        clearTimeout(timer);
      }
      // Periodic checkpoints are an abort and a resume: the library continues exactly where it stopped.
      if (!next.complete) saveCheckpoint(next);
      result = next;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
  }
  if (!result) {
    io.stderr('rfkit: stopped before the search began; nothing to save\n');
    return 128 + signalNumber(stopSignal ?? 'SIGINT');
  }

  const format = opts.format ?? 'table';
  const fileOut: ResultFile = { result, spec };
  if (shard) fileOut.shard = shard;
  io.stdout(renderSearch(format, fileOut, { space, origin: { kind: 'search', threads } }));

  if (!result.complete) {
    io.stderr(
      `rfkit: stopped; checkpoint written to ${checkpointPath}. Continue with: rfkit search --resume ${checkpointPath}\n`,
    );
    return 128 + signalNumber(stopSignal ?? 'SIGINT');
  }
  if (opts.out) writeFileAtomic(opts.out, stringifyResultFile(fileOut));
  // A finished run's checkpoint is stale; keep only what the user asked for.
  if (wroteCheckpoint && checkpointPath) removeFile(checkpointPath);
  return 0;
}

function defaultCheckpointPath(out: string | undefined, spaceId: string, shard: Shard | undefined): string {
  if (out) return `${out.replace(/\.json$/i, '')}.checkpoint.json`;
  const id = spaceId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'search';
  return `rfkit-${id}${shard ? `-shard${shard.index}of${shard.count}` : ''}.checkpoint.json`;
}

function signalNumber(sig: NodeJS.Signals): number {
  return sig === 'SIGTERM' ? 15 : 2;
}
