// How the CLI fails: one line on stderr, exit 2 for usage errors, 1 for bad input or failed runs.
import { isRfError, type SpaceTooLargeDetails } from 'rfkit';
import { roughly } from './format/numbers.js';

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
  if (e instanceof UsageError) return { message: oneLine(e.message), exitCode: EXIT_USAGE };
  if (e instanceof InputError) return { message: oneLine(e.message), exitCode: EXIT_FAILURE };
  if (isRfError(e, 'space-too-large')) {
    // The library's advice names its API; say it in command-line terms.
    return { message: oneLine(tooLarge(e.details, e.message)), exitCode: EXIT_FAILURE };
  }
  if (isRfError(e)) {
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

const NARROW = 'narrow the choices or the depth';
const SHARD = 'split it with --shard i/n (see rfkit search --help)';
const COUNT = 'count its feasible architectures with rfkit count';
const DP = 'search the whole space with --engine dp (the default, auto, picks it where the sweep cannot run)';

/** The DP engine's limit, in words. */
function dpLimit(d: SpaceTooLargeDetails & { limit: 'dp-states' | 'dp-work' | 'dp-memory' }): string {
  if (d.limit === 'dp-states')
    return `the DP engine could need up to ${roughly(d.states)} (total stride, rf, cost) states after layer ${d.layer}, more than the ${formatLimit(d.max)} it keeps`;
  if (d.limit === 'dp-work')
    return `the DP engine could need up to ${roughly(d.work)} state moves, more than the ${formatLimit(d.max)} it allows`;
  return `the DP engine could need ${Math.ceil(d.bytes / 2 ** 20)} MiB, more than the ${Math.ceil(d.max / 2 ** 20)} MiB it allows`;
}

/** What to do about a space too large to search, by the limit it passes. */
function tooLarge(d: SpaceTooLargeDetails, message: string): string {
  switch (d.limit) {
    case 'exact-indices':
      return `the space is too large to sweep (${roughly(d.combinations)} combinations: beyond 2^53 indices stop being exact, and shards do not help): ${DP}, ${NARROW}, or ${COUNT}`;
    case 'combinations-per-run':
      return `the space is too large for one run of the sweep (${roughly(d.combinations)} combinations, at most ${formatLimit(d.max)} per run): ${DP}, ${NARROW}, ${SHARD}, or ${COUNT}`;
    case 'sweep-arithmetic':
      return `some architecture of the space reaches a total stride or receptive field past 2^53, where the sweep's tables stop being exact: ${DP}, or ${NARROW}`;
    case 'dp-states':
    case 'dp-work':
    case 'dp-memory':
      return `${message.startsWith('neither engine') ? 'neither engine can search this space; ' : ''}${dpLimit(d)}: give --rf MIN..MAX with a closer upper bound, --stride, fewer stride choices or a smaller --top (see docs/limits.md)`;
    case 'prefixes-per-run':
      return `the space is too large for one run (${roughly(d.combinations)} combinations in ${roughly(d.prefixes)} prefixes, at most ${formatLimit(d.max)} prefixes per run): ${NARROW}, ${SHARD}, or ${COUNT}`;
    case 'memory':
      return `the search tables need ${Math.ceil(d.bytes / 2 ** 20)} MiB of WebAssembly memory, more than could be allocated: ${NARROW}, lower --top, or use --backend js`;
    case 'depth':
      return `depth ${d.depth} is more than the ${d.max} layers a search space may have (see docs/limits.md)`;
    case 'layer-choices':
      return `${message}; give fewer kernels, strides or dilations (see docs/limits.md)`;
    case 'space-choices':
      return `the space has ${d.choices} layer choices in all, more than the ${d.max} allowed: ${NARROW} (see docs/limits.md)`;
    case 'count-strides':
    case 'count-states':
    case 'count-work':
      return `${message} (see docs/limits.md)`;
    default:
      return `the space is too large for one run: ${NARROW}, ${SHARD}, or ${COUNT}`;
  }
}

/** 10^14 rather than 100000000000000; other limits as digits. */
function formatLimit(x: bigint | number): string {
  const s = String(x);
  return /^10+$/.test(s) ? `10^${s.length - 1}` : s;
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

/** One line, with control characters shown as `\xNN` (an echoed NUL or BEL never reaches the terminal). */
export function oneLine(s: string): string {
  return (
    s
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\t/g, ' ')
      .trim()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  );
}
