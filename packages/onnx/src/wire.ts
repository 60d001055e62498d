// A protobuf wire-format reader: just what decoding a few ONNX messages needs, with no code
// generation (so it runs under a Content-Security-Policy without 'unsafe-eval') and no copies of
// byte payloads (weights stay views into the file).

/** Wire types (the low 3 bits of a tag). */
export const VARINT = 0;
export const I64 = 1;
export const LEN = 2;
const SGROUP = 3;
const EGROUP = 4;
export const I32 = 5;

/** Groups are a deprecated proto2 feature; unknown ones are skipped, nested at most this deep. */
const MAX_GROUP_DEPTH = 64;

/** Malformed wire data; the decoder turns it into an `invalid-onnx` RfError. */
export class WireError extends Error {
  override name = 'WireError';
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const TWO_32 = 4294967296;

/**
 * Reads one buffer front to back. `limit` is the end of the message being read: every read checks
 * against it, so a field can never run past its enclosing message.
 */
export class Reader {
  pos = 0;
  limit: number;
  /** The message being read, for error messages (`GraphProto`). */
  where = 'ModelProto';
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.limit = buf.length;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Reads the fields of one message (up to `limit`); `visit` returns false for fields it skips. */
  fields(visit: (field: number, wire: number) => boolean): void {
    while (this.pos < this.limit) {
      const at = this.pos;
      const tag = this.varint();
      if (tag > 0xffffffff) this.fail(at, `tag ${tag} is beyond 32 bits`);
      const field = Math.floor(tag / 8);
      const wire = tag % 8;
      if (field === 0) this.fail(at, 'field number 0 is not valid protobuf');
      if (!visit(field, wire)) this.skip(field, wire, at);
    }
  }

  /** Reads a length-delimited sub-message, with `read` seeing only its bytes. */
  message(name: string, read: () => void): void {
    const end = this.lenEnd();
    const [limit, where] = [this.limit, this.where];
    this.limit = end;
    this.where = name;
    read();
    this.pos = end;
    this.limit = limit;
    this.where = where;
  }

  /**
   * Reads one record of a repeated scalar field: one element (`elementWire`) or a packed run of
   * them (LEN); protobuf requires readers to accept both. False if the wire type fits neither.
   */
  repeated(wire: number, elementWire: number, readOne: () => void): boolean {
    if (wire === elementWire) readOne();
    else if (wire === LEN) this.packed(readOne);
    else return false;
    return true;
  }

  /** Reads a packed repeated scalar field: `readOne` until the record's end. */
  packed(readOne: () => void): void {
    const end = this.lenEnd();
    const limit = this.limit;
    this.limit = end;
    while (this.pos < end) readOne();
    this.limit = limit;
  }

  /** An unsigned varint as a number: exact below 2^53, rounded above (callers that care use int64). */
  varint(): number {
    const at = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.limit) this.truncated(at, 'a varint');
      const b = this.buf[this.pos++] as number;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    return this.fail(at, 'a varint longer than 10 bytes');
  }

  /**
   * A varint read as a signed 64-bit integer (int64/int32/enum fields): exact, or ±Infinity when
   * beyond ±(2^53 − 1), which no ONNX size, axis or attribute needs; callers refuse or clamp those.
   */
  int64(): number {
    const start = this.pos;
    const v = this.varint();
    // Up to 7 bytes (49 bits) the number is exact and positive; longer ones (negatives are
    // always 10 bytes) are redone in BigInt.
    if (this.pos - start <= 7) return v;
    let big = 0n;
    for (let i = this.pos - 1; i >= start; i--) big = (big << 7n) | BigInt((this.buf[i] as number) & 0x7f);
    const signed = BigInt.asIntN(64, big);
    if (signed > BigInt(Number.MAX_SAFE_INTEGER)) return Number.POSITIVE_INFINITY;
    if (signed < BigInt(Number.MIN_SAFE_INTEGER)) return Number.NEGATIVE_INFINITY;
    return Number(signed);
  }

  /** An int32 or enum: the low 32 bits of the varint, as protobuf defines it. */
  int32(): number {
    const start = this.pos;
    const v = this.varint();
    if (this.pos - start <= 4) return v;
    let lo = 0;
    for (let i = Math.min(this.pos, start + 5) - 1; i >= start; i--)
      lo = lo * 128 + ((this.buf[i] as number) & 0x7f);
    return (lo % TWO_32) | 0;
  }

  float(): number {
    this.need(4, 'a 32-bit float');
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** A length-delimited field as a view into the file (never a copy). */
  bytes(): Uint8Array {
    const end = this.lenEnd();
    const view = this.buf.subarray(this.pos, end);
    this.pos = end;
    return view;
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  /** The bytes of one unpacked element (a varint, 8 or 4 bytes), as a view. */
  raw(wire: number): Uint8Array {
    const start = this.pos;
    if (wire === VARINT) this.varint();
    else this.advance(wire === I64 ? 8 : 4, wire === I64 ? 'a 64-bit value' : 'a 32-bit value');
    return this.buf.subarray(start, this.pos);
  }

  /** Where the length-delimited field that starts here ends (checked against `limit`). */
  private lenEnd(): number {
    const at = this.pos;
    const n = this.varint();
    if (n > this.limit - this.pos) {
      this.fail(
        at,
        `a length-delimited field claims ${n} bytes but only ${this.limit - this.pos} remain in its ${this.where}`,
      );
    }
    return this.pos + n;
  }

  private skip(field: number, wire: number, at: number): void {
    switch (wire) {
      case VARINT:
        this.varint();
        return;
      case I64:
        this.advance(8, 'a 64-bit value');
        return;
      case LEN:
        this.pos = this.lenEnd();
        return;
      case I32:
        this.advance(4, 'a 32-bit value');
        return;
      case SGROUP:
        this.skipGroup(field, at);
        return;
      case EGROUP:
        this.fail(at, `an end-group marker (field ${field}) without its start`);
        break;
      default:
        this.fail(at, `wire type ${wire} (field ${field}) does not exist in protobuf`);
    }
  }

  /** Skips a group iteratively: a hostile file cannot exhaust the stack. */
  private skipGroup(field: number, at: number): void {
    const open = [field];
    while (open.length > 0) {
      if (open.length > MAX_GROUP_DEPTH) this.fail(at, `groups nested more than ${MAX_GROUP_DEPTH} deep`);
      if (this.pos >= this.limit) this.truncated(at, `the group of field ${field}`);
      const tagAt = this.pos;
      const tag = this.varint();
      const f = Math.floor(tag / 8);
      const w = tag % 8;
      if (w === SGROUP) open.push(f);
      else if (w === EGROUP) {
        if (open.pop() !== f) this.fail(tagAt, `an end-group marker for field ${f} closes another group`);
      } else this.skip(f, w, tagAt);
    }
  }

  private advance(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }

  private need(n: number, what: string): void {
    if (this.limit - this.pos < n) this.truncated(this.pos, what);
  }

  private truncated(at: number, what: string): never {
    return this.fail(at, `${what} runs past the end of its ${this.where}`);
  }

  private fail(at: number, what: string): never {
    throw new WireError(`byte ${at} of ${this.buf.length} (in ${this.where}): ${what}`);
  }
}
