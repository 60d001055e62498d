// The field checks of model validation: where a value sits (for messages and paths), integers,
// per-axis values and paddings, and the bookkeeping of the number of axes. parse.ts puts them
// together into a Model.
import { RfError } from '../errors.js';
import { show } from '../messages.js';

/** The most spatial axes a model may have. */
export const MAX_AXES = 3;

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Where in a model a value sits: a JSON-ish path plus a human prefix for messages. Both strings are
 * built only when an error is reported, which keeps validating large models cheap.
 */
export class Where {
  constructor(
    /** A layer index, or a top-level prefix ('' for the model itself). */
    readonly base: number | string,
    readonly name: string | null = null,
    readonly field: string | null = null,
  ) {}

  private get basePath(): string {
    return typeof this.base === 'number' ? `layers[${this.base}]` : this.base;
  }

  get path(): string {
    const b = this.basePath;
    if (this.field === null) return b;
    return b === '' ? this.field : `${b}.${this.field}`;
  }

  get label(): string {
    const b = this.basePath;
    if (this.name !== null) return `${b} (${this.name})`;
    return b === '' ? 'model' : b;
  }

  at(field: string): Where {
    return new Where(this.base, this.name, field);
  }
}

export function fail(code: ConstructorParameters<typeof RfError>[0], where: Where, msg: string): never {
  throw new RfError(code, `${where.label}: ${msg}`, where.path);
}

export function checkInt(value: unknown, min: number, where: Where, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const bound = min === Number.MIN_SAFE_INTEGER ? 'an integer' : `an integer >= ${min}`;
    fail('invalid-model', where, `${what} must be ${bound}, got ${show(value)}`);
  }
  // −0 (a valid JSON number) becomes 0: a Model never distinguishes them.
  return value + 0;
}

/** Validates a scalar or per-axis array; returns it as given (scalar) or as an array. */
export function checkPerAxis(value: unknown, min: number, where: Where, what: string): number | number[] {
  if (Array.isArray(value)) {
    if (value.length < 1 || value.length > MAX_AXES) {
      fail(
        'invalid-model',
        where,
        `${what} must have 1 to ${MAX_AXES} entries (one per axis), got ${show(value)}`,
      );
    }
    const out: number[] = [];
    for (let i = 0; i < value.length; i++) out.push(checkInt(value[i], min, where, `${what}[${i}]`));
    return out;
  }
  return checkInt(value, min, where, what);
}

/**
 * Per-axis arrays for one model. A scalar expands to a frozen array shared by every field and layer
 * with that value (a long chain would otherwise allocate half a dozen arrays per layer); arrays from
 * the spec are copied, so the Model never aliases its input.
 */
export class Expander {
  private readonly shared = new Map<number, number[]>();
  constructor(readonly axes: number) {}

  get(value: number | number[]): number[] {
    if (typeof value !== 'number') return value.slice();
    let a = this.shared.get(value);
    if (a === undefined) {
      a = Object.freeze(new Array<number>(this.axes).fill(value)) as number[];
      this.shared.set(value, a);
    }
    return a;
  }
}

export type RawPadding =
  | { kind: 'int'; value: number | number[] }
  | { kind: 'pair'; begin: number | number[]; end: number | number[] }
  | { kind: 'same'; lower: boolean };

export function checkPadding(value: unknown, where: Where): RawPadding {
  const min = Number.MIN_SAFE_INTEGER;
  if (value === 'valid') return { kind: 'int', value: 0 };
  if (value === 'same') return { kind: 'same', lower: false };
  if (value === 'same-lower') return { kind: 'same', lower: true };
  if (typeof value === 'number' || Array.isArray(value)) {
    return { kind: 'int', value: checkPerAxis(value, min, where, 'padding') };
  }
  if (isObject(value)) {
    for (const key of Object.keys(value)) {
      if (key !== 'begin' && key !== 'end') {
        fail('unknown-field', where, `unknown field "padding.${key}" (allowed: begin, end)`);
      }
    }
    if (value.begin === undefined || value.end === undefined) {
      fail('invalid-model', where, `padding object needs both "begin" and "end", got ${show(value)}`);
    }
    return {
      kind: 'pair',
      begin: checkPerAxis(value.begin, min, where, 'padding.begin'),
      end: checkPerAxis(value.end, min, where, 'padding.end'),
    };
  }
  return fail(
    'invalid-model',
    where,
    `padding must be an integer, per-axis integers, { begin, end }, "valid", "same" or "same-lower", got ${show(value)}`,
  );
}

/** Tracks which field first fixed the number of axes, for a useful mismatch message. */
export class AxesTracker {
  axes: number | null = null;
  source: Where | null = null;

  see(value: unknown, where: Where): void {
    if (!Array.isArray(value)) return;
    if (this.axes === null) {
      this.axes = value.length;
      this.source = where;
    } else if (value.length !== this.axes) {
      const src = this.source!;
      throw new RfError(
        'axes-mismatch',
        `${where.label}: ${where.field} has ${value.length} axes but ${src.label === 'model' ? '' : `${src.label} `}${src.field} has ${this.axes}`,
        where.path,
      );
    }
  }
}
