// Exact integer arithmetic for the analysis. Every value analyze reports is an integer (or half of
// one) computed with + − × from safe-integer inputs; a double holds such a result exactly when it
// is a safe integer, and a sum, difference or product of two safe integers that is itself a safe
// integer is computed exactly. So checking each operation's result is enough: a result beyond
// ±(2^53 − 1) is refused with `overflow` instead of being rounded, even when later steps would
// bring the value back into range (a rounded intermediate would make the final value wrong).
// Floor/ceil of a quotient of safe integers are exact in doubles and need no check.
import { RfError } from '../errors.js';
import { layerLabel } from '../messages.js';

/** What a checked value is part of: a report field, the path of the `overflow` error. */
export type CheckedField =
  | 'rf'
  | 'jump'
  | 'effectivePadding'
  | 'center'
  | 'outputSize'
  | 'covered'
  | 'padding'
  | 'region';

const WHAT: Record<CheckedField, string> = {
  rf: 'the receptive field',
  jump: 'the jump',
  effectivePadding: 'the effective padding',
  center: 'the centre',
  outputSize: 'the output size',
  covered: 'the covered count',
  padding: 'the padding',
  region: 'the input region',
};

function overflow(field: CheckedField, a: number, op: string, b: number): never {
  throw new RfError(
    'overflow',
    `${WHAT[field]} cannot be computed exactly: ${a} ${op} ${b} is beyond ±(2^53 − 1), where integers stop being exact`,
    field,
  );
}

export function add(a: number, b: number, field: CheckedField): number {
  const r = a + b;
  if (!Number.isSafeInteger(r)) overflow(field, a, '+', b);
  return r;
}

export function sub(a: number, b: number, field: CheckedField): number {
  const r = a - b;
  if (!Number.isSafeInteger(r)) overflow(field, a, '−', b);
  return r;
}

export function mul(a: number, b: number, field: CheckedField): number {
  const r = a * b;
  // `+ 0` turns −0 (from 0 × −b) into 0, so reports never show -0.
  if (!Number.isSafeInteger(r)) overflow(field, a, '×', b);
  return r + 0;
}

/**
 * `(lo + hi) / 2`, exactly: an integer when hi − lo is even (then only it must be safe), else a
 * half-integer, which a double holds only while lo + hi is a safe integer.
 */
export function midpoint(lo: number, hi: number, field: CheckedField): number {
  const d = sub(hi, lo, field);
  return d % 2 === 0 ? add(lo, d / 2, field) : add(lo, hi, field) / 2;
}

/** True for an `overflow` error from this module (no layer named yet). */
export function isBareOverflow(e: unknown): e is RfError {
  return e instanceof RfError && e.code === 'overflow' && e.path !== undefined && e.path in WHAT;
}

/**
 * The error to throw for `e` raised while computing layer `l`: an overflow from the checked
 * operations gets the layer's name — `layers[3] (conv2): the effective padding cannot be computed
 * exactly: …`, path `layers[3].effectivePadding`; anything else is returned as it is.
 */
export function inLayer(e: unknown, l: { index: number; name: string }): unknown {
  if (!isBareOverflow(e)) return e;
  return new RfError('overflow', `${layerLabel(l)}: ${e.message}`, `layers[${l.index}].${e.path}`);
}
