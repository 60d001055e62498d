// Text fields of the layer table and the search form: parsing with a message a person can act on,
// and the reverse formatting. Kept free of the DOM so it can be unit-tested.
import type { PaddingSpec, PerAxis } from 'rfkit';

export type Parsed<T> = { ok: true; value: T | undefined } | { ok: false; error: string };

const SEP = /\s*[,x×]\s*|\s+/;

/** The entries of "3,5", "3x5" or "3 5"; null when a separator has nothing on one side ("3,", "x"). */
function splitNumbers(text: string): string[] | null {
  const t = text.trim();
  if (t === '') return [];
  const parts = t.split(SEP);
  return parts.some((p) => p === '') ? null : parts;
}

/**
 * An integer list "3", "3,5" or "3x5". Empty text means "use the default" (value undefined).
 * `min` is the smallest allowed value (default 1); a single entry gives a scalar.
 */
export function parsePerAxis(text: string, label: string, min = 1): Parsed<PerAxis> {
  const parts = splitNumbers(text);
  if (parts === null)
    return { ok: false, error: `${label}: "${text.trim()}" is not an integer or a list such as 3,5` };
  if (parts.length === 0) return { ok: true, value: undefined };
  const values: number[] = [];
  for (const p of parts) {
    if (!/^[-+]?\d+$/.test(p)) return { ok: false, error: `${label}: "${p}" is not an integer` };
    const n = Number(p);
    if (!Number.isSafeInteger(n) || n < min) {
      return { ok: false, error: `${label} must be an integer ≥ ${min}, got ${p}` };
    }
    values.push(n);
  }
  if (values.length > 3) return { ok: false, error: `${label}: at most 3 axes, got ${values.length}` };
  return { ok: true, value: values.length === 1 ? values[0] : values };
}

function parseIntList(
  text: string,
  label: string,
): { ok: true; value: number[] } | { ok: false; error: string } {
  const out: number[] = [];
  const parts = splitNumbers(text);
  if (parts === null) return { ok: false, error: `${label}: "${text.trim()}" is not a list of integers` };
  for (const p of parts) {
    if (!/^[-+]?\d+$/.test(p)) return { ok: false, error: `${label}: "${p}" is not an integer` };
    out.push(Number(p));
  }
  return { ok: true, value: out };
}

const PADDING_WORDS = new Set(['same', 'valid', 'same-lower']);

/**
 * Padding: `same`, `same-lower`, `valid`, an integer (both sides), per-axis integers "1,2",
 * or asymmetric "begin/end" such as "0,0/1,1" (per axis; negative crops).
 */
export function parsePadding(text: string): Parsed<PaddingSpec> {
  const t = text.trim().toLowerCase();
  if (t === '') return { ok: true, value: undefined };
  if (PADDING_WORDS.has(t)) return { ok: true, value: t as PaddingSpec };
  const halves = t.split('/');
  if (halves.length > 2) return { ok: false, error: 'padding: use "begin/end", e.g. 0,0/1,1' };
  const lists = halves.map((h) => parseIntList(h, 'padding'));
  for (const l of lists) if (!l.ok) return { ok: false, error: `${l.error} (or same, valid, same-lower)` };
  const [begin, end] = lists.map((l) => (l.ok ? l.value : []));
  if (begin === undefined || begin.length === 0) return { ok: false, error: 'padding: no values' };
  // Negative values crop (the library's rule); they need no special form.
  if (end === undefined) return { ok: true, value: begin.length === 1 ? begin[0] : begin };
  if (end.length !== begin.length) {
    return { ok: false, error: `padding: begin has ${begin.length} values, end has ${end.length}` };
  }
  return { ok: true, value: { begin, end } };
}

/** One integer ≥ `min` (e.g. channels); empty means "not given". */
export function parseCount(text: string, label: string, min = 1): Parsed<number> {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  const n = Number(t);
  if (!/^[-+]?\d+$/.test(t) || !Number.isSafeInteger(n) || n < min) {
    return { ok: false, error: `${label} must be an integer ≥ ${min}, got ${t}` };
  }
  return { ok: true, value: n };
}

/** Layer names separated by commas or spaces; empty means "the previous layer". */
export function parseInputs(text: string): Parsed<string[]> {
  const names = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return { ok: true, value: names.length === 0 ? undefined : names };
}

export function formatPerAxis(v: PerAxis | undefined): string {
  if (v === undefined) return '';
  return Array.isArray(v) ? v.join(',') : String(v);
}

export function formatPadding(p: PaddingSpec | undefined): string {
  if (p === undefined) return '';
  if (typeof p === 'string' || typeof p === 'number') return String(p);
  if (Array.isArray(p)) return p.join(',');
  return `${p.begin.join(',')}/${p.end.join(',')}`;
}

/** A per-axis report value for display: "212" when every axis agrees, "212×100" otherwise, "–" if unknown. */
export function formatAxis(values: readonly (number | null)[] | null | undefined, digits = 2): string {
  if (!values || values.length === 0) return '–';
  const fmt = (v: number | null) => {
    if (v === null) return '?';
    return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(digits)));
  };
  const first = values[0];
  if (values.every((v) => v === first)) return fmt(first ?? null);
  return values.map(fmt).join('×');
}
