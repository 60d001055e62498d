// How the CLI fails: one line on stderr, exit 2 for usage errors, 1 for bad input or failed runs.
import { isRfError } from 'rfkit';

/** Exit code for a command line that cannot be run as written (bad flag, value or argument count). */
export const EXIT_USAGE = 2;
/** Exit code for bad input files, invalid models or spaces, and failed runs. */
export const EXIT_FAILURE = 1;

/** The command line itself is wrong: a flag value, a missing argument, conflicting options. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The input is wrong or the run failed: a missing or malformed file, an invalid space or model. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** An error's one-line message and exit code. */
export function describeError(e: unknown): { message: string; exitCode: number } {
  if (e instanceof UsageError) return { message: e.message, exitCode: EXIT_USAGE };
  if (e instanceof InputError) return { message: e.message, exitCode: EXIT_FAILURE };
  if (isRfError(e)) {
    if (e.code === 'space-too-large') {
      // The library's advice names its API; say it in command-line terms.
      const n = /(\d{6,})/.exec(e.message)?.[1];
      return {
        message: `the space is too large for one run${n ? ` (${n} combinations, at most 10^14 per run)` : ''}: narrow the choices or the depth, split it with --shard i/n (see rfkit search --help), or count its feasible architectures with rfkit count`,
        exitCode: EXIT_FAILURE,
      };
    }
    const path = e.path;
    // Library messages usually name their field already; add the path only when they do not.
    const head = path?.split(/[.[]/)[0] ?? '';
    const message = path && !e.message.includes(head) ? `${path}: ${e.message}` : e.message;
    return { message: oneLine(message), exitCode: EXIT_FAILURE };
  }
  // Anything else is unexpected: say where the details are.
  if (e instanceof Error) {
    return { message: `${oneLine(e.message)} (unexpected; --debug shows where)`, exitCode: EXIT_FAILURE };
  }
  return { message: oneLine(String(e)), exitCode: EXIT_FAILURE };
}

/** Re-throws library errors with the file they came from in front, keeping their kind. */
export function inFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw prefixError(file, e);
  }
}

export function prefixError(prefix: string, e: unknown): unknown {
  if (e instanceof UsageError) return new UsageError(`${prefix}: ${e.message}`);
  const { message } = describeError(e);
  return new InputError(`${prefix}: ${message}`);
}

export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
