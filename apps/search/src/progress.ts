// The progress bar on stderr: done/total, rate and ETA, drawn by cli-progress. Off when stderr is not
// a terminal (logs and pipes get no control characters) or with --quiet; `lines` (--progress) forces
// it on there as one plain line every `lineEveryMs`, for the logs of cluster jobs.
import cliProgress from 'cli-progress';
import { groupDigits, shortCount } from './format/numbers.js';

export interface Progress {
  /** `done` of `total` combinations of the whole run (earlier, resumed work included). */
  update(done: bigint, total: bigint): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export interface ProgressOptions {
  /** Draw at all (false with --quiet). */
  enabled: boolean;
  /** Also when the stream is not a terminal: plain lines. Default false. */
  lines?: boolean;
  /** Interval of those lines. Default 10 s. */
  lineEveryMs?: number;
  /** Default process.stderr. */
  stream?: NodeJS.WriteStream;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  if (!options.enabled || (!tty && !options.lines)) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {doneText}/{totalText} | {rateText}/s | ETA {eta_formatted}',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
      noTTYOutput: options.lines ?? false,
      notTTYSchedule: options.lineEveryMs ?? 10_000,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let t0 = 0;
  let firstDone = 0;
  return {
    update(done, total) {
      const d = Number(done);
      const payload = () => {
        const secs = (performance.now() - t0) / 1000;
        const rate = secs > 0.2 ? (d - firstDone) / secs : 0;
        return { doneText: groupDigits(done), totalText: groupDigits(total), rateText: shortCount(rate) };
      };
      if (!started) {
        started = true;
        t0 = performance.now();
        firstDone = d;
        bar.start(Number(total), d, payload());
        return;
      }
      bar.setTotal(Number(total));
      bar.update(d, payload());
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
