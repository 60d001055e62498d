// TensorProto off the wire: dims, type, and the payload fields as views (tensor.ts parses the
// few small constants the importer needs; weights are never copied or parsed).

import { RfError } from 'rfkit';
import type { IrTensor } from './ir.js';
import { MAX_FOLD_ELEMENTS, MAX_RANK } from './limits.js';
import * as F from './schema.js';
import { I32, I64, LEN, type Reader, VARINT } from './wire.js';

/**
 * Collects a repeated numeric payload of a TensorProto as the bytes of its packed encoding
 * (an unpacked element's bytes are the same as its packed ones). One packed record, the usual
 * case and the only one for large weights, stays a view into the file; several records are
 * joined, up to the size of the largest constant that is ever folded.
 */
class Payload {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private unusable = false;

  /** `varints`: the elements are varints (a record must end on a varint's last byte). */
  constructor(private readonly varints: boolean) {}

  add(view: Uint8Array): void {
    if (this.unusable) return;
    const last = view[view.length - 1];
    const tooBig = this.chunks.length > 0 && this.size + view.length > 10 * MAX_FOLD_ELEMENTS;
    if ((this.varints && last !== undefined && last >= 0x80) || tooBig) {
      // Too large to be folded, or a truncated varint that would merge with the next record:
      // the values stay unknown (tensor.ts never needs them).
      this.unusable = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(view);
    this.size += view.length;
  }

  bytes(): Uint8Array | null {
    if (this.unusable || this.chunks.length === 0) return null;
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** A payload field: one element (its raw bytes) or one packed record (a view). */
function payload(r: Reader, wire: number, elementWire: number, into: Payload): boolean {
  if (wire === elementWire) into.add(r.raw(wire));
  else if (wire === LEN) into.add(r.bytes());
  else return false;
  return true;
}

export interface TensorDraft {
  name: string;
  dims: number[];
  /** Number of dims on the wire; only the first MAX_RANK + 1 are kept. */
  rank: number;
  dataType: number;
  dataLocation: number;
  externalData: boolean;
  raw: Uint8Array | null;
  floatData: Payload;
  int32Data: Payload;
  int64Data: Payload;
  doubleData: Payload;
  uint64Data: Payload;
}

export function newTensor(): TensorDraft {
  return {
    name: '',
    dims: [],
    rank: 0,
    dataType: 0,
    dataLocation: 0,
    externalData: false,
    raw: null,
    floatData: new Payload(false),
    int32Data: new Payload(true),
    int64Data: new Payload(true),
    doubleData: new Payload(false),
    uint64Data: new Payload(true),
  };
}

export function readTensor(r: Reader, t: TensorDraft): void {
  const T = F.TensorProto;
  r.message('TensorProto', () =>
    r.fields((field, wire) => {
      switch (field) {
        case T.dims:
          return r.repeated(wire, VARINT, () => {
            const d = r.int64();
            if (t.rank++ <= MAX_RANK) t.dims.push(d);
          });
        case T.dataType:
          if (wire !== VARINT) return false;
          t.dataType = r.int32();
          return true;
        case T.floatData:
          return payload(r, wire, I32, t.floatData);
        case T.int32Data:
          return payload(r, wire, VARINT, t.int32Data);
        case T.int64Data:
          return payload(r, wire, VARINT, t.int64Data);
        case T.doubleData:
          return payload(r, wire, I64, t.doubleData);
        case T.uint64Data:
          return payload(r, wire, VARINT, t.uint64Data);
        case T.name:
          if (wire !== LEN) return false;
          t.name = r.string();
          return true;
        case T.rawData:
          if (wire !== LEN) return false;
          t.raw = r.bytes();
          return true;
        case T.externalData:
          if (wire !== LEN) return false;
          // Its key/value pairs are never read: a file that names an external location is not followed.
          r.bytes();
          t.externalData = true;
          return true;
        case T.dataLocation:
          if (wire !== VARINT) return false;
          t.dataLocation = r.int32();
          return true;
        default:
          return false;
      }
    }),
  );
}

export function finishTensor(t: TensorDraft): IrTensor {
  if (t.rank > MAX_RANK) {
    throw new RfError('too-large', `tensor "${t.name}" has rank ${t.rank}; at most ${MAX_RANK} is accepted`);
  }
  const huge = t.dims.findIndex((d) => !Number.isFinite(d));
  if (huge >= 0) {
    throw new RfError(
      'too-large',
      `tensor "${t.name}": dims[${huge}] is beyond 2^53, more than any tensor can hold`,
    );
  }
  return {
    name: t.name,
    dims: t.dims,
    dataType: t.dataType,
    // Either marker is enough: a file that names an external location is never followed.
    external: t.dataLocation === F.DATA_LOCATION_EXTERNAL || t.externalData,
    raw: t.raw,
    floatData: t.floatData.bytes(),
    int32Data: t.int32Data.bytes(),
    int64Data: t.int64Data.bytes(),
    doubleData: t.doubleData.bytes(),
    uint64Data: t.uint64Data.bytes(),
  };
}
