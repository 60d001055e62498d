// toCompact: a model (or a search candidate's layers) in the compact text form (docs/compact.md).
// A model is written from its parsed form, so the text says exactly what parseModel understood:
// every axis, every pad, every input; names and inputs only where they differ from the defaults.
// Before it is returned, the text is parsed back and compared with the model, so toCompact never
// hands out text that means something else.
import { RfError } from '../errors.js';
import { show } from '../messages.js';
import type { LayerChoice, Model, ModelSpec, NormalizedLayer } from '../types.js';
import { NAME_RE, parseCompact } from './compact.js';
import { isModel, normalizeSpec } from './parse.js';

function uniform(v: readonly number[]): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return true;
}

/** `3` for a value equal on every axis, else `3x5`. */
function dims(v: readonly number[]): string {
  return uniform(v) ? String(v[0]) : v.join('x');
}

function all(v: readonly number[], x: number): boolean {
  for (const e of v) if (e !== x) return false;
  return true;
}

/** A name bare when the grammar allows it, else as a JSON string. */
function nameText(n: string): string {
  return NAME_RE.test(n) ? n : JSON.stringify(n);
}

function paddingText(l: NormalizedLayer): string {
  const p = l.padding;
  if (p.kind === 'same') return p.lower ? 'psame-lower' : 'psame';
  const { begin, end } = p;
  let symmetric = true;
  for (let a = 0; a < begin.length; a++) if (begin[a] !== end[a]) symmetric = false;
  if (symmetric) return all(begin, 0) ? '' : `p${dims(begin)}`;
  if (uniform(begin) && uniform(end)) return `p${begin[0]}/${end[0]}`;
  return `p${begin.map((b, a) => `${b}/${end[a]}`).join('x')}`;
}

function layerText(l: NormalizedLayer, prev: string): string {
  let s = l.name === `${l.op}_${l.index}` ? '' : `${nameText(l.name)}:`;
  s += l.op === 'upsample' ? 'up' : l.op;
  const windowed = l.op === 'conv' || l.op === 'maxpool' || l.op === 'avgpool' || l.op === 'deconv';
  if (windowed) {
    s += dims(l.kernel);
    if (!all(l.stride, 1)) s += `s${dims(l.stride)}`;
    if (!all(l.dilation, 1)) s += `d${dims(l.dilation)}`;
    s += paddingText(l);
    if (!all(l.outputPadding, 0)) s += `op${dims(l.outputPadding)}`;
  }
  if (l.op === 'upsample') s += dims(l.scale);
  if (l.channels !== null) s += `c${l.channels}`;
  if (l.ceilMode) s += 'ceil';
  if (!(l.inputs.length === 1 && l.inputs[0] === prev)) s += `(${l.inputs.map(nameText).join(',')})`;
  return s;
}

function modelText(m: Model): string {
  const parts: string[] = [];
  if (m.name !== 'model') parts.push(`name=${nameText(m.name)}`);
  if (m.axes !== 2) parts.push(`${m.axes}d`);
  const { size, channels } = m.input;
  if (size !== null || channels !== null) {
    parts.push(`in${size ? dims(size) : ''}${channels !== null ? `c${channels}` : ''}`);
  }
  let prev = 'input';
  for (const l of m.layers) {
    parts.push(layerText(l, prev));
    prev = l.name;
  }
  return parts.join(' ');
}

/** The same model, field for field (both normalised by parseModel). */
function sameModel(a: Model, b: Model): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function choiceText(c: unknown, i: number): string {
  const o = c as Record<string, unknown> | null;
  const field = (key: string): number => {
    const v = typeof o === 'object' && o !== null ? o[key] : undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new RfError(
        'invalid-argument',
        `toCompact: layers[${i}].${key} must be an integer >= 1, got ${show(v)}`,
        `[${i}].${key}`,
      );
    }
    return v;
  };
  const k = field('kernel');
  const s = field('stride');
  const d = field('dilation');
  return `conv${k}${s !== 1 ? `s${s}` : ''}${d !== 1 ? `d${d}` : ''}psame`;
}

/**
 * The compact form of a model (a ModelSpec, checked by parseModel first, or a Model from
 * parseModel) or of a search candidate's layers (which use "same" padding, written `psame`).
 * `parseModel(parseCompact(toCompact(x)))` equals `parseModel(x)`, name included. Throws RfError
 * for an invalid model (with parseModel's codes) or invalid layer choices.
 */
export function toCompact(x: ModelSpec | Model | LayerChoice[]): string {
  if (Array.isArray(x)) {
    if (x.length === 0) {
      throw new RfError('invalid-argument', 'toCompact: expected at least one layer choice, got []');
    }
    const parts: string[] = [];
    for (let i = 0; i < x.length; i++) parts.push(choiceText(x[i], i));
    return parts.join(' ');
  }
  const m = isModel(x) ? x : normalizeSpec(x);
  const text = modelText(m);
  if (!sameModel(normalizeSpec(parseCompact(text)), m)) {
    // Cannot happen for a model parseModel accepts; refusing beats handing out a different model.
    throw new RfError(
      'invalid-argument',
      `toCompact: the compact form cannot express this model exactly (it would read back differently): ${show(text)}`,
    );
  }
  return text;
}
