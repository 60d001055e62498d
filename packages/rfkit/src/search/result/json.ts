// SweepResult ⇄ JSON: counts and indices are decimal strings in JSON (they may pass 2^53), and
// the JSON form carries a checksum of its content (checksum.ts). Reading a file checks its types,
// its checksum, the relations between its fields and, given the space, every candidate
// (verify.ts): a file that was edited, corrupted or cut short is refused with the reason.

import { invalidArgument } from '../../errors.js';
import { show } from '../../messages.js';
import type {
  Backend,
  Candidate,
  Engine,
  LayerChoice,
  NormalizedSweep,
  SearchWarning,
  SweepResult,
  SweepSpec,
} from '../../types.js';
import { asNormalized } from '../space/normalize.js';
import { checksumOf } from './checksum.js';
import { invalidResult, readResult } from './read.js';
import { checkInvariants, verifyAgainstSpace } from './verify.js';

export interface CandidateJSON {
  index: string;
  layers: LayerChoice[];
  rf: number;
  stride: number;
  covered: number;
  cost: number;
}

/** A SweepResult as JSON: every BigInt as a decimal string, and a checksum of the rest. */
export interface SweepResultJSON {
  evaluated: string;
  feasible: string;
  top: CandidateJSON[];
  pareto: CandidateJSON[];
  histogram: { rf: number; count: string }[];
  warnings: SearchWarning[];
  engine: Engine;
  backend: Backend;
  elapsedMs: number;
  range: { start: string; end: string };
  complete: boolean;
  nextIndex: string;
  total: string;
  spaceId: string;
  /** 16 hex digits: the hash of the fields above in canonical form (see docs/results.md). */
  checksum: string;
}

function candidateToJSON(c: Candidate): CandidateJSON {
  return {
    index: c.index.toString(),
    layers: c.layers.map((l) => ({ kernel: l.kernel, stride: l.stride, dilation: l.dilation })),
    rf: c.rf,
    stride: c.stride,
    covered: c.covered,
    cost: c.cost,
  };
}

/** The fields of the JSON form but the checksum, in the order they are written (and hashed). */
export function bodyOf(r: SweepResult): Omit<SweepResultJSON, 'checksum'> {
  return {
    evaluated: r.evaluated.toString(),
    feasible: r.feasible.toString(),
    top: r.top.map(candidateToJSON),
    pareto: r.pareto.map(candidateToJSON),
    histogram: r.histogram.map((h) => ({ rf: h.rf, count: h.count.toString() })),
    warnings: r.warnings.map((w) => ({ code: w.code, message: w.message })),
    engine: r.engine,
    backend: r.backend,
    elapsedMs: r.elapsedMs,
    range: { start: r.range.start.toString(), end: r.range.end.toString() },
    complete: r.complete,
    nextIndex: r.nextIndex.toString(),
    total: r.total.toString(),
    spaceId: r.spaceId,
  };
}

/**
 * The JSON form of a result (plain data: `JSON.stringify` it as is), with its checksum. The
 * result is checked first (RfError `invalid-result` naming the field), so that nothing is written
 * that could not be read back.
 */
export function resultToJSON(r: SweepResult): SweepResultJSON {
  const checked = readResult(r, 'result', 'bigint');
  checkInvariants(checked, 'result');
  const body = bodyOf(checked);
  return { ...body, checksum: checksumOf(body) };
}

/** Options of resultFromJSON. */
export interface ResultFromJSONOptions {
  /**
   * The space the result claims to be of. Given, every candidate is checked against it too (its
   * index decodes to its layers, whose rf, stride and cost follow) and the fingerprint must match.
   * Default: none (types, checksum and the relations between the fields only).
   */
  spec?: SweepSpec | NormalizedSweep;
}

/**
 * Parses and validates the JSON form of a result (an object, not a string): every field's type;
 * the checksum (a file without one, or whose content does not hash to it, was edited or
 * corrupted); the relations between the fields (see docs/results.md); and, with `spec`, every
 * candidate against the space. Fields it does not know are ignored (and not covered by the
 * checksum). Throws RfError `invalid-result` naming the field.
 */
export function resultFromJSON(x: unknown, options: ResultFromJSONOptions = {}): SweepResult {
  if (typeof options !== 'object' || options === null) {
    invalidArgument('options', `expected an object, got ${show(options)}`);
  }
  const { spec, ...rest } = options;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) invalidArgument(`options.${unknown}`, 'unknown option (expected spec)');
  const r = readResult(x, '', 'json');
  const given = (x as Record<string, unknown>).checksum;
  if (given === undefined) {
    invalidResult(
      'checksum',
      'missing: the file was written before result files had checksums, or the checksum was removed; it cannot be verified (rerun the search)',
    );
  }
  if (typeof given !== 'string' || !/^[0-9a-f]{16}$/.test(given)) {
    invalidResult('checksum', `expected 16 hex digits, got ${show(given)}`);
  }
  if (checksumOf(bodyOf(r)) !== given) {
    invalidResult(
      'checksum',
      'mismatch: the file was edited or corrupted (its content does not hash to its checksum)',
    );
  }
  checkInvariants(r, '');
  if (spec !== undefined) verifyAgainstSpace(r, asNormalized(spec), '');
  return r;
}
