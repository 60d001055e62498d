// Small constant tensors: the values of shape, scale and pad constants read from TensorProtos.
// Weights are never materialised: anything above MAX_FOLD_ELEMENTS keeps its dims only.

import type { IrTensor } from './ir.js';
import { MAX_FOLD_ELEMENTS } from './limits.js';

/**
 * A value that does not depend on the model input's pixels. `dims` is null when unknown;
 * `data` (row-major) is null when unknown or too large, and single entries are null where a
 * symbolic dimension made them unknown (e.g. `Shape` of a tensor of unknown height).
 */
export interface Const {
  dims: number[] | null;
  data: (number | null)[] | null;
  /** Floating-point element type (false: integer or bool), for division and casts. */
  float: boolean;
}

export const unknownConst: Const = { dims: null, data: null, float: false };

/** Number of elements of `dims`, or Infinity when it exceeds 2^53 or a dim is invalid. */
export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) return Number.POSITIVE_INFINITY;
    n *= d;
    if (n > Number.MAX_SAFE_INTEGER) return Number.POSITIVE_INFINITY;
  }
  return n;
}

const FLOAT_TYPES = new Set([1, 10, 11, 16]);

export function isFloatType(dataType: number): boolean {
  return FLOAT_TYPES.has(dataType);
}

function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Packed varints → numbers; `bits` 32 or 64 selects the signed width, 0 means unsigned 64. */
function varints(bytes: Uint8Array, bits: 0 | 32 | 64): number[] | null {
  const out: number[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= bytes.length || shift > 63n) return null;
      const b = bytes[pos++] as number;
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) break;
    }
    const n = bits === 0 ? BigInt.asUintN(64, v) : BigInt.asIntN(bits, v);
    out.push(Number(n));
  }
  return out;
}

function fixed(
  bytes: Uint8Array,
  size: number,
  read: (view: DataView, offset: number) => number,
): number[] | null {
  if (bytes.length % size !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let o = 0; o < bytes.length; o += size) out.push(read(view, o));
  return out;
}

const f32 = (v: DataView, o: number) => v.getFloat32(o, true);
const f64 = (v: DataView, o: number) => v.getFloat64(o, true);
const i64 = (v: DataView, o: number) => Number(v.getBigInt64(o, true));
const u64 = (v: DataView, o: number) => Number(v.getBigUint64(o, true));

function rawValues(dataType: number, raw: Uint8Array): number[] | null {
  switch (dataType) {
    case 1:
      return fixed(raw, 4, f32);
    case 2:
    case 9:
      return fixed(raw, 1, (v, o) => v.getUint8(o));
    case 3:
      return fixed(raw, 1, (v, o) => v.getInt8(o));
    case 4:
      return fixed(raw, 2, (v, o) => v.getUint16(o, true));
    case 5:
      return fixed(raw, 2, (v, o) => v.getInt16(o, true));
    case 6:
      return fixed(raw, 4, (v, o) => v.getInt32(o, true));
    case 7:
      return fixed(raw, 8, i64);
    case 10:
      return fixed(raw, 2, (v, o) => half(v.getUint16(o, true)));
    case 11:
      return fixed(raw, 8, f64);
    case 12:
      return fixed(raw, 4, (v, o) => v.getUint32(o, true));
    case 13:
      return fixed(raw, 8, u64);
    case 16:
      return fixed(raw, 2, (v, o) => {
        const view = new DataView(new ArrayBuffer(4));
        view.setUint32(0, v.getUint16(o, true) << 16);
        return view.getFloat32(0);
      });
    default:
      return null;
  }
}

function fieldValues(t: IrTensor): number[] | null {
  switch (t.dataType) {
    case 1:
      return t.floatData ? fixed(t.floatData, 4, f32) : null;
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 9:
      return t.int32Data ? varints(t.int32Data, 32) : null;
    case 10: {
      const bits = t.int32Data ? varints(t.int32Data, 32) : null;
      return bits ? bits.map((b) => half(b & 0xffff)) : null;
    }
    case 7:
      return t.int64Data ? varints(t.int64Data, 64) : null;
    case 11:
      return t.doubleData ? fixed(t.doubleData, 8, f64) : null;
    case 12:
    case 13:
      return t.uint64Data ? varints(t.uint64Data, 0) : null;
    default:
      return null;
  }
}

/**
 * The constant held by a TensorProto. External data is never read: such a tensor has known dims
 * and unknown data. Payloads that do not match the dims also leave the data unknown.
 */
export function tensorConst(t: IrTensor): Const {
  const count = elementCount(t.dims);
  const float = isFloatType(t.dataType);
  if (!Number.isFinite(count)) return { dims: null, data: null, float };
  const dims = t.dims.slice();
  if (t.external || count > MAX_FOLD_ELEMENTS) return { dims, data: null, float };
  if (count === 0) return { dims, data: [], float };
  const values = t.raw && t.raw.length > 0 ? rawValues(t.dataType, t.raw) : fieldValues(t);
  if (values === null || values.length !== count) return { dims, data: null, float };
  return { dims, data: values, float };
}
