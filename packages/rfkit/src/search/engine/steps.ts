// Running an engine: its work is a generator that yields where the caller may give the event loop
// a turn (between the sweep's chunks, between the DP's layers). search() drives it with turns, so
// that an abort from a timer or a UI lands; searchSync() drives it straight through.

/** Give the event loop a turn at least this often. */
export const YIELD_MS = 20;

const tick: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : () => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs the steps to their result, with an event-loop turn at every yield. */
export async function driveAsync<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await tick();
  }
}

/** Runs the steps to their result without giving the event loop a turn. */
export function driveSync<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
