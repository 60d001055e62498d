// Standard output and error for the CLI. Neither may crash a run: a closed or failing stderr (the
// progress bar, notes) is ignored, and a failing stdout is recorded and reported once, as one line,
// by whoever decides what it means — so that a search can keep its checkpoint when its result could
// not be delivered.
import type { CommandIO, OutputFailure } from './commands/search.js';
import { fsReason } from './output-file.js';

export function processIO(): CommandIO {
  let failure: OutputFailure | null = null;
  let stderrOpen = true;
  const record = (e: NodeJS.ErrnoException | null | undefined) => {
    if (!e || failure) return;
    failure = { closed: e.code === 'EPIPE', reason: fsReason(e), reported: false };
  };
  process.stdout.on('error', record);
  process.stderr.on('error', () => {
    stderrOpen = false;
  });
  return {
    stdout(s) {
      if (!failure) process.stdout.write(s, record);
    },
    stderr(s) {
      if (stderrOpen) process.stderr.write(s, () => {});
    },
    flush() {
      return new Promise((resolve) => {
        if (failure || process.stdout.destroyed) {
          resolve(failure);
          return;
        }
        process.stdout.write('', (e) => {
          record(e);
          resolve(failure);
        });
      });
    },
  };
}
