// Folded constants: building them within the size limit, reading their values, and evaluating a
// function element by element under numpy broadcasting.

import { broadcastShapes } from '../dims.js';
import { MAX_FOLD_ELEMENTS } from '../limits.js';
import { type Const, elementCount, unknownConst } from '../tensor.js';

export type Data = (number | null)[];

/** A constant whose dims and data are both known. */
export type FullConst = Const & { dims: number[]; data: Data };

/** A constant of `dims`; its data is kept only when it fits the folding limit and the dims. */
export function make(dims: number[] | null, data: Data | null, float: boolean): Const {
  if (dims === null) return { dims: null, data: null, float };
  const n = elementCount(dims);
  if (!Number.isFinite(n)) return unknownConst;
  if (data === null || n > MAX_FOLD_ELEMENTS || data.length !== n) return { dims, data: null, float };
  return { dims, data, float };
}

export function full(c: Const | undefined): c is FullConst {
  return c !== undefined && c.dims !== null && c.data !== null;
}

/** The integer values of a 0-D or 1-D constant, or null when any of them is unknown. */
export function intValues(c: Const | undefined): number[] | null {
  if (!full(c) || c.dims.length > 1) return null;
  const out: number[] = [];
  for (const v of c.data) {
    if (v === null || !Number.isFinite(v)) return null;
    out.push(Math.trunc(v));
  }
  return out;
}

/** Like intValues, but keeps unknown entries as null (shape vectors of symbolic tensors). */
export function partialInts(c: Const | undefined): (number | null)[] | null {
  if (!full(c) || c.dims.length > 1) return null;
  return c.data.map((v) => (v === null || !Number.isFinite(v) ? null : Math.trunc(v)));
}

export function floatValues(c: Const | undefined): number[] | null {
  if (!full(c) || c.dims.length > 1) return null;
  const out: number[] = [];
  for (const v of c.data) {
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

/** Row-major strides of `dims`, in elements. */
export function stridesOf(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (dims[i + 1] as number);
  return s;
}

/** `f` applied element by element to the broadcast inputs; unknown where any operand is. */
export function broadcastApply(ins: FullConst[], f: (xs: number[]) => number, float: boolean): Const {
  const { shape, conflict } = broadcastShapes(ins.map((c) => c.dims));
  if (conflict) return unknownConst;
  const dims = shape as number[];
  const n = elementCount(dims);
  if (!Number.isFinite(n) || n > MAX_FOLD_ELEMENTS) return make(dims, null, float);
  const outStrides = stridesOf(dims);
  const inStrides = ins.map((c) => stridesOf(c.dims));
  const data: Data = [];
  for (let i = 0; i < n; i++) {
    const xs: number[] = [];
    let unknown = false;
    for (let k = 0; k < ins.length; k++) {
      const c = ins[k] as FullConst;
      const st = inStrides[k] as number[];
      const off = dims.length - c.dims.length;
      let idx = 0;
      for (let a = 0; a < c.dims.length; a++) {
        const coord = Math.floor(i / (outStrides[a + off] as number)) % (dims[a + off] as number);
        idx += ((c.dims[a] as number) === 1 ? 0 : coord) * (st[a] as number);
      }
      const v = c.data[idx];
      if (v === null || v === undefined) unknown = true;
      else xs.push(v);
    }
    data.push(unknown ? null : f(xs));
  }
  return make(dims, data, float);
}
