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

/** An error's one-line message and exit code; `context` (e.g. a file name) prefixes library errors. */
export function describeError(e: unknown): { message: string; exitCode: number } {
  if (e instanceof UsageError) return { message: e.message, exitCode: EXIT_USAGE };
  if (e instanceof InputError) return { message: e.message, exitCode: EXIT_FAILURE };
  if (isRfError(e)) {
    const path = e.path;
    // Library messages usually name their field already; add the path only when they do not.
    const message = path && !e.message.includes(path) ? `${path}: ${e.message}` : e.message;
    return { message: oneLine(message), exitCode: EXIT_FAILURE };
  }
  if (e instanceof Error) return { message: oneLine(e.message), exitCode: EXIT_FAILURE };
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
