// How error messages quote a layer and a bad value, so every message reads the same way.
import type { NormalizedLayer } from './types.js';

/** `layers[3] (conv2)`: a layer by position and name. */
export function layerLabel(l: Pick<NormalizedLayer, 'index' | 'name'>): string {
  return `layers[${l.index}] (${l.name})`;
}

/**
 * A value as it was given, for "got …": JSON cut to 60 characters, bigints as `5n`. Strings stay
 * whole: they are mostly names, and a mistyped name is only useful in full.
 */
export function show(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'bigint') return `${x}n`;
  if (x === undefined) return 'undefined';
  let s: string | undefined;
  try {
    s = JSON.stringify(x);
  } catch {
    return String(x);
  }
  if (s === undefined) return String(x);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
