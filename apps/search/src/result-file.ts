// The JSON written by `--out`, `--format json` and checkpoints: rfkit's result JSON (BigInts as
// decimal strings, with a checksum of its content) plus the space that was searched and the shard,
// so that a file is self-describing: `--resume` needs nothing else, and `merge` can print a full
// summary. A checkpoint is simply the result file of an unfinished run (nextIndex < range.end).
// Reading one checks everything it claims: the checksum, the result's fields against each other
// and against its space, and the shard against the range (docs/results.md).
import {
  isRfError,
  type NormalizedSweep,
  normalizeSweep,
  resultFromJSON,
  resultToJSON,
  type SweepResult,
  type SweepSpec,
  shardRange,
} from 'rfkit';
import { InputError, inFile } from './errors.js';
import { inputName, readJson } from './io.js';

export interface Shard {
  index: number;
  count: number;
}

export interface ResultFile {
  result: SweepResult;
  /** The space as given (before normalisation); absent in result files written by other tools. */
  spec?: SweepSpec;
  shard?: Shard;
}

/** A result file as read: its space normalised, when it records one. */
export interface ReadResultFile extends ResultFile {
  space?: NormalizedSweep;
}

/** Whether a run stopped before the end of its range (a checkpoint). */
export function unfinished(r: SweepResult): boolean {
  return r.nextIndex < r.range.end;
}

export function resultFileJSON(file: ResultFile): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(resultToJSON(file.result) as object) };
  if (file.spec) out.spec = file.spec;
  if (file.shard) out.shard = file.shard;
  return out;
}

export function stringifyResultFile(file: ResultFile): string {
  return `${JSON.stringify(resultFileJSON(file), null, 2)}\n`;
}

export function readResultFile(path: string): ReadResultFile {
  const json = readJson(path);
  const name = inputName(path);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError(`${name}: expected an rfkit search result (a JSON object), got ${describe(json)}`);
  }
  const other = notAResult(json as Record<string, unknown>);
  if (other !== undefined) {
    throw new InputError(
      `${name}: not a search result file (${other}); expected what rfkit search writes with --out or as a checkpoint`,
    );
  }
  const { spec, shard, ...rest } = json as Record<string, unknown>;
  let space: NormalizedSweep | undefined;
  if (spec !== undefined) {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
      throw new InputError(`${name}: spec: expected the search space object, got ${describe(spec)}`);
    }
    space = inFile(`${name}: spec`, () => normalizeSweep(spec));
  }
  const result = inFile(name, () => {
    try {
      return resultFromJSON(rest, space ? { spec: space } : {});
    } catch (e) {
      if (space && isRfError(e, 'invalid-result') && e.path === 'spaceId') {
        throw new InputError(
          'the result is not of the space in its "spec" field (the file was edited, or pieced together from different files)',
        );
      }
      throw e;
    }
  });
  const out: ReadResultFile = { result };
  if (spec !== undefined) {
    out.spec = spec as SweepSpec;
    out.space = space;
  }
  if (shard !== undefined && shard !== null) {
    const s = shard as Partial<Shard>;
    if (
      typeof s !== 'object' ||
      !Number.isInteger(s.index) ||
      !Number.isInteger(s.count) ||
      s.count! < 1 ||
      s.index! < 0 ||
      s.index! >= s.count!
    ) {
      throw new InputError(`${name}: shard: expected { index, count } with 0 ≤ index < count`);
    }
    const range = shardRange(result.total, s.index!, s.count!);
    if (range.start !== result.range.start || range.end !== result.range.end) {
      throw new InputError(
        `${name}: shard ${s.index}/${s.count} is indices [${range.start}, ${range.end}), but the file's range is [${result.range.start}, ${result.range.end}) (the file was edited)`,
      );
    }
    out.shard = { index: s.index!, count: s.count! };
  }
  return out;
}

/** Every search result has these fields; a file without any of them is some other JSON. */
const RESULT_KEYS = ['spaceId', 'total', 'evaluated', 'feasible', 'nextIndex', 'range'];

/** What a JSON object that is no search result looks like, or undefined when it may be one. */
function notAResult(o: Record<string, unknown>): string | undefined {
  if (RESULT_KEYS.some((k) => k in o)) return undefined;
  if ('layers' in o) return 'it looks like a model: it has "layers"';
  if ('depth' in o || 'choices' in o) return 'it looks like a search space: it has "depth" or "choices"';
  const keys = Object.keys(o);
  return keys.length === 0
    ? 'an empty object'
    : `it has none of ${RESULT_KEYS.map((k) => `"${k}"`).join(', ')}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}
