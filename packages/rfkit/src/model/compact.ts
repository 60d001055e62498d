// The compact text form of a model, parsed (docs/compact.md has the grammar):
//   in224 conv7s2p3 maxpool3s2p1 conv3p1 b:conv3p1d2 skip:conv1s1(stem) sum:add(b,skip) global
// toCompact, which writes it, is in compact-write.ts.
import { RfError } from '../errors.js';
import { show } from '../messages.js';
import type { LayerSpec, ModelSpec, Op, PaddingSpec, PerAxis } from '../types.js';

/** Op spellings, longest first so that a prefix match picks the right one (`identity` before `id`). */
const OP_WORDS: readonly [string, Op][] = (
  [
    ['maxpool', 'maxpool'],
    ['avgpool', 'avgpool'],
    ['upsample', 'upsample'],
    ['identity', 'identity'],
    ['deconv', 'deconv'],
    ['concat', 'concat'],
    ['global', 'global'],
    ['conv', 'conv'],
    ['add', 'add'],
    ['mul', 'mul'],
    ['up', 'upsample'],
    ['id', 'identity'],
  ] as [string, Op][]
).sort((a, b) => b[0].length - a[0].length);

const WINDOWED: ReadonlySet<Op> = new Set<Op>(['conv', 'maxpool', 'avgpool', 'deconv']);
const MERGES: ReadonlySet<Op> = new Set<Op>(['add', 'concat', 'mul']);
/** Names written bare; any other name is written as a JSON string, e.g. `"/layer1/conv":conv3`. */
export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

interface Token {
  text: string;
  /** 1-based column of the token's first character. */
  col: number;
}

/**
 * Splits on whitespace, keeping `( … )` groups and `"…"` strings (which may contain spaces)
 * inside their token.
 */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let start = -1;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text[i]! : ' ';
    if (quoted && i < text.length) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      if (start < 0) start = i;
      continue;
    }
    const code = ch.charCodeAt(0);
    const ws = code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(ch));
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ws && depth <= 0 && start >= 0) {
      out.push({ text: text.slice(start, i), col: start + 1 });
      start = -1;
    } else if (!ws && start < 0) start = i;
    if (i === text.length && (depth > 0 || quoted) && start >= 0) {
      out.push({ text: text.slice(start), col: start + 1 });
    }
  }
  return out;
}

/** Text quoted in a message, cut to a readable length. */
function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const INT = /\d+/y;
const SIGNED_INT = /-?\d+/y;

/** A cursor over one token, producing positioned errors. */
class Cursor {
  i = 0;
  constructor(readonly tok: Token) {}

  /** True when the text at the cursor starts with a digit (or `-digit` when `signed`). */
  atDigit(signed = false): boolean {
    const t = this.tok.text;
    const c = t.charCodeAt(signed && t[this.i] === '-' ? this.i + 1 : this.i);
    return c >= 48 && c <= 57;
  }

  /** True at `x` followed by a (signed) number: another per-axis value. */
  atAxisSep(): boolean {
    if (this.tok.text[this.i] !== 'x') return false;
    this.i++;
    const ok = this.atDigit(true);
    this.i--;
    return ok;
  }

  get done(): boolean {
    return this.i >= this.tok.text.length;
  }

  at(s: string): boolean {
    return this.tok.text.startsWith(s, this.i);
  }

  /** The rest of the token, for messages (clipped). */
  get rest(): string {
    return clip(this.tok.text.slice(this.i));
  }

  fail(msg: string, at = this.i): never {
    throw new RfError(
      'invalid-compact',
      `compact form: token "${clip(this.tok.text)}" at column ${this.tok.col + at}: ${msg}`,
      `column ${this.tok.col + at}`,
    );
  }

  eat(s: string): boolean {
    if (this.tok.text.startsWith(s, this.i)) {
      this.i += s.length;
      return true;
    }
    return false;
  }

  int(what: string, signed = false): number {
    const re = signed ? SIGNED_INT : INT;
    re.lastIndex = this.i;
    const m = re.exec(this.tok.text);
    if (!m)
      this.fail(
        `expected ${signed ? 'an integer' : 'a non-negative integer'} for ${what}, got "${this.rest}"`,
      );
    const v = Number(m[0]);
    if (!Number.isSafeInteger(v)) this.fail(`${what} ${m[0]} is too large`);
    this.i += m[0].length;
    return v;
  }

  /** A name: bare (NAME_RE) up to `stop`, or a JSON string literal. */
  name(what: string, stop: RegExp): string {
    const t = this.tok.text;
    if (t[this.i] === '"') {
      let j = this.i + 1;
      while (j < t.length && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
      if (j >= t.length) this.fail(`${what}: unterminated string ${clip(t.slice(this.i))}`);
      let v: unknown;
      try {
        v = JSON.parse(t.slice(this.i, j + 1));
      } catch {
        this.fail(`${what}: ${clip(t.slice(this.i, j + 1))} is not a valid JSON string`);
      }
      this.i = j + 1;
      return v as string;
    }
    const m = stop.exec(t.slice(this.i));
    const bare = m ? t.slice(this.i, this.i + m.index) : t.slice(this.i);
    if (!NAME_RE.test(bare)) {
      this.fail(
        `bad ${what} ${JSON.stringify(clip(bare))} (letters, digits, _ . / -, starting with a letter or _; or a JSON string like "a b")`,
      );
    }
    this.i += bare.length;
    return bare;
  }

  /** `3` or `3x5` or `3x5x7`: a scalar, or one value per axis. */
  dims(what: string, signed = false): PerAxis {
    const vals = [this.int(what, signed)];
    while (this.atAxisSep()) {
      this.i += 1;
      vals.push(this.int(what, signed));
    }
    return vals.length === 1 ? vals[0]! : vals;
  }
}

function parsePadding(c: Cursor): PaddingSpec {
  if (c.eat('same-lower')) return 'same-lower';
  if (c.eat('same')) return 'same';
  if (c.eat('valid')) return 'valid';
  const begin: number[] = [];
  const end: number[] = [];
  let pair = false;
  do {
    const b = c.int('padding', true);
    let e = b;
    if (c.eat('/')) {
      pair = true;
      e = c.int('padding', true);
    }
    begin.push(b);
    end.push(e);
  } while (c.atAxisSep() && c.eat('x'));
  // One begin/end pair means every axis, like a single number; it is widened to the model's axes
  // once they are known (ModelSpec's begin/end are per-axis arrays).
  if (pair)
    return begin.length === 1 ? ({ begin: begin[0], end: end[0] } as unknown as PaddingSpec) : { begin, end };
  return begin.length === 1 ? begin[0]! : begin;
}

/** Parses `in<size>[c<channels>]`; returns true when the size was one number (meaning every axis). */
function parseInput(c: Cursor, spec: ModelSpec): boolean {
  if (spec.input) c.fail('the input is given twice');
  const input: { size?: number[]; channels?: number } = {};
  let scalar = false;
  if (c.atDigit()) {
    const d = c.dims('the input size');
    scalar = typeof d === 'number';
    input.size = typeof d === 'number' ? [d] : d;
  }
  if (c.eat('c')) input.channels = c.int('input channels');
  if (!c.done) c.fail(`unexpected "${c.rest}" (expected in<size>[x<size>…][c<channels>], e.g. in224x224c3)`);
  if (input.size === undefined && input.channels === undefined)
    c.fail('expected a size after "in", e.g. in224');
  spec.input = input;
  return scalar;
}

function parseLayer(c: Cursor): LayerSpec {
  const colon = c.tok.text.indexOf(':');
  const paren = c.tok.text.indexOf('(');
  let name: string | undefined;
  if (c.at('"') || (colon >= 0 && (paren < 0 || colon < paren))) {
    name = c.name('layer name', /:/);
    if (!c.eat(':')) c.fail('expected ":" after the layer name');
  }
  const opStart = c.i;
  const word = OP_WORDS.find(([w]) => c.at(w));
  if (!word) {
    c.fail(
      `unknown op "${/^[a-z]*/i.exec(c.rest)![0] || c.rest}" (allowed: conv, maxpool, avgpool, deconv, upsample/up, identity/id, global, add, concat, mul; or in<size>)`,
    );
  }
  c.i += word[0].length;
  const op = word[1];
  const layer: LayerSpec = name === undefined ? { op } : { name, op };
  if (WINDOWED.has(op)) {
    if (!c.atDigit()) c.fail(`${op} needs a kernel size right after the op, e.g. ${word[0]}3`, opStart);
    layer.kernel = c.dims('the kernel');
  } else if (op === 'upsample') {
    if (!c.atDigit()) c.fail(`upsample needs a scale right after the op, e.g. ${word[0]}2`, opStart);
    layer.scale = c.dims('the scale');
  }
  const seen = new Set<string>();
  const once = (key: string, at: number) => {
    if (seen.has(key)) c.fail(`"${key}" is given twice`, at);
    seen.add(key);
  };
  while (!c.done && !c.at('(')) {
    const at = c.i;
    if (c.eat('ceil')) {
      once('ceil', at);
      layer.ceilMode = true;
    } else if (c.eat('op')) {
      once('op', at);
      layer.outputPadding = c.dims('the output padding');
    } else if (c.eat('s')) {
      once('s', at);
      layer.stride = c.dims('the stride');
    } else if (c.eat('d')) {
      once('d', at);
      layer.dilation = c.dims('the dilation');
    } else if (c.eat('p')) {
      once('p', at);
      layer.padding = parsePadding(c);
    } else if (c.eat('c')) {
      once('c', at);
      layer.channels = c.int('the channels');
    } else {
      c.fail(
        `unexpected "${c.rest}" (expected s<stride>, d<dilation>, p<padding>, op<outputPadding>, c<channels>, ceil or (inputs))`,
      );
    }
  }
  if (c.at('(')) {
    const close = c.tok.text.lastIndexOf(')');
    if (close < c.i || close !== c.tok.text.length - 1)
      c.fail('expected "(name, name, …)" at the end of the layer');
    layer.inputs = parseInputs(c, close);
    c.i = close + 1;
  } else if (MERGES.has(op)) {
    c.fail(`${op} needs its inputs, e.g. ${op}(a,b)`, opStart);
  }
  return layer;
}

/** `(a, b, "c d")` ending at `close`: names separated by commas, spaces around them allowed. */
function parseInputs(c: Cursor, close: number): string[] {
  c.i++;
  const names: string[] = [];
  for (;;) {
    while (c.at(' ') || c.at('\t')) c.i++;
    names.push(c.name('input name', /[\s,)]/));
    while (c.at(' ') || c.at('\t')) c.i++;
    if (c.i === close) return names;
    if (!c.eat(',')) c.fail('expected "," or ")" between input names');
  }
}

/** Parses the compact text form (docs/compact.md) into a ModelSpec. */
export function parseCompact(text: string): ModelSpec {
  if (typeof text !== 'string') {
    throw new RfError('invalid-compact', `compact form must be a string, got ${show(text)}`);
  }
  const spec: ModelSpec = { layers: [] };
  let axes: number | null = null;
  let scalarSize = false;
  for (const tok of tokenize(text)) {
    const c = new Cursor(tok);
    const dm = /^([123])d$/.exec(tok.text);
    if (tok.text.startsWith('name=')) {
      if (spec.name !== undefined) c.fail('the model name is given twice');
      c.i = 5;
      spec.name = c.name('model name', /$/);
      if (!c.done) c.fail(`unexpected "${c.rest}" after the model name`);
    } else if (dm) {
      if (axes !== null) c.fail('the number of axes is given twice');
      axes = Number(dm[1]);
    } else if (/^in(\d+(x\d+)*)?(c\d+)?$/.test(tok.text) && tok.text !== 'in') {
      c.i = 2;
      scalarSize = parseInput(c, spec);
    } else spec.layers.push(parseLayer(c));
  }
  if (spec.layers.length === 0) {
    throw new RfError('invalid-compact', `compact form: no layers in ${JSON.stringify(clip(text))}`);
  }
  const sized = spec.input?.size && !scalarSize ? spec.input.size.length : null;
  const n = axes ?? sized ?? layerAxes(spec) ?? 2;
  if (spec.input?.size && scalarSize) spec.input.size = new Array<number>(n).fill(spec.input.size[0]!);
  for (const l of spec.layers) {
    const p = l.padding as { begin: PerAxis; end: PerAxis } | undefined;
    if (p && typeof p === 'object' && !Array.isArray(p) && typeof p.begin === 'number') {
      l.padding = {
        begin: new Array<number>(n).fill(p.begin),
        end: new Array<number>(n).fill(p.end as number),
      };
    }
  }
  if (axes !== null) {
    // Spell the axes out on every per-axis field, so that ModelSpec (which has no "axes") keeps them.
    const widen = (v: PerAxis | undefined) => (typeof v === 'number' ? new Array<number>(n).fill(v) : v);
    for (const l of spec.layers) {
      if (l.kernel !== undefined) l.kernel = widen(l.kernel);
      if (l.scale !== undefined) l.scale = widen(l.scale);
    }
  }
  return spec;
}

/** The number of axes the first per-axis value of the layers gives, or null if all are scalars. */
function layerAxes(spec: ModelSpec): number | null {
  for (const l of spec.layers) {
    for (const v of [l.kernel, l.stride, l.dilation, l.scale, l.outputPadding])
      if (Array.isArray(v)) return v.length;
    const p = l.padding;
    if (Array.isArray(p)) return p.length;
    if (p && typeof p === 'object' && !Array.isArray(p) && Array.isArray(p.begin)) return p.begin.length;
  }
  return null;
}
