// How error messages quote a layer and a bad value, so every message reads the same way.
import type { NormalizedLayer } from './types.js';

/** `layers[3] (conv2)`: a layer by position and name. */
export function layerLabel(l: Pick<NormalizedLayer, 'index' | 'name'>): string {
  return `layers[${l.index}] (${l.name})`;
}

/** Longest quoted value (strings excepted), and how deep into arrays and objects it looks. */
const MAX_SHOWN = 60;
const MAX_DEPTH = 4;

/**
 * A value as it was given, for "got …": JSON-like, cut to 60 characters, bigints as `5n`. Strings
 * stay whole: they are mostly names, and a mistyped name is only useful in full.
 *
 * It never throws and never recurses deeper than MAX_DEPTH, whatever it is given (arrays nested
 * a million deep, cycles, bigints, getters that throw, proxies): an error message about bad input
 * must not itself fail on that input.
 */
export function show(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  const w = new Writer();
  try {
    w.value(x, 0, []);
  } catch (e) {
    if (e !== FULL) w.text += '…';
  }
  return w.text.length > MAX_SHOWN ? `${w.text.slice(0, MAX_SHOWN - 3)}...` : w.text;
}

/** A non-object value as text; null for objects and arrays. */
function primitive(x: unknown): string | null {
  switch (typeof x) {
    case 'string':
      return JSON.stringify(x.length > MAX_SHOWN ? x.slice(0, MAX_SHOWN) : x);
    case 'bigint':
      return `${x}n`;
    case 'number':
      // JSON would print NaN and ±Infinity as null: say what they are.
      return Number.isFinite(x) ? JSON.stringify(x) : String(x);
    case 'boolean':
      return String(x);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return x.toString();
    case 'function':
      return Function.prototype.toString.call(x).slice(0, MAX_SHOWN + 1);
  }
  return x === null ? 'null' : null;
}

/** Thrown by Writer once the text is long enough: the rest would be cut anyway. */
const FULL = Symbol('full');

class Writer {
  text = '';

  put(s: string): void {
    this.text += s;
    if (this.text.length > MAX_SHOWN) throw FULL;
  }

  value(x: unknown, depth: number, open: object[]): void {
    const p = primitive(x);
    if (p !== null) {
      this.put(p);
      return;
    }
    const obj = x as object;
    if (open.includes(obj)) {
      this.put('[circular]');
      return;
    }
    if (depth >= MAX_DEPTH) {
      this.put(Array.isArray(obj) ? '[…]' : '{…}');
      return;
    }
    open.push(obj);
    if (Array.isArray(obj) || ArrayBuffer.isView(obj)) {
      // Typed arrays too, by index: listing the keys of a large one first would cost its size.
      const list = obj as ArrayLike<unknown>;
      if (!Array.isArray(obj)) this.put(obj.constructor?.name ?? 'ArrayBufferView');
      this.put('[');
      const n = list.length;
      for (let i = 0; i < n; i++) {
        if (i > 0) this.put(',');
        // A hole in a sparse array reads as undefined, as the validators see it.
        this.value(list[i], depth + 1, open);
      }
      this.put(']');
    } else {
      this.put('{');
      let first = true;
      for (const key of Object.keys(obj)) {
        if (!first) this.put(',');
        first = false;
        this.put(`${JSON.stringify(key)}:`);
        this.value((obj as Record<string, unknown>)[key], depth + 1, open);
      }
      this.put('}');
    }
    open.pop();
  }
}
