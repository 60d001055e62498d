// A protobuf wire-format writer for building test files. It shares no code with the reader in
// src/wire.ts, so that a mistake on one side shows as a failing test rather than cancelling out.

export class Writer {
  private readonly out: number[] = [];

  /** A raw varint (two's complement over 64 bits for negatives, as protobuf's int64). */
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) b |= 0x80;
      this.out.push(b);
    } while (v !== 0n);
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.tag(field, 5);
    this.out.push(...b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).varint(value.length);
    for (const b of value) this.out.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A repeated int64 field, packed (one record) or unpacked (one record per element). */
  ints(field: number, values: readonly (number | bigint)[], packed = true): this {
    if (!packed) {
      for (const v of values) this.int(field, v);
      return this;
    }
    const inner = new Writer();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  floats(field: number, values: readonly number[], packed = true): this {
    if (!packed) {
      for (const v of values) this.float(field, v);
      return this;
    }
    const b = new Uint8Array(4 * values.length);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => {
      view.setFloat32(4 * i, v, true);
    });
    return this.bytes(field, b);
  }

  /** Appends bytes as they are (for hand-made malformed input). */
  raw(bytes: readonly number[]): this {
    this.out.push(...bytes);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}
