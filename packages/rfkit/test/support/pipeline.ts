// What the fuzz targets assert about any input that reaches the model functions: only RfErrors;
// parseModel, analyze and toCompact agree on what is valid; the compact round trip is exact; and
// where a model is small enough for the brute force, analyze agrees with the oracle.
import { analyze } from '../../src/analysis/analyze.js';
import { isRfError, type RfError } from '../../src/errors.js';
import { toCompact } from '../../src/model/compact-write.js';
import { parseCompact, parseModel } from '../../src/model/parse.js';
import { oracle } from '../../src/oracle/oracle.js';
import type { LayerReport, Model, Report } from '../../src/types.js';

/** `f()`, or the RfError it throws; anything else it throws is a bug and propagates. */
export function attempt<T>(f: () => T): T | RfError {
  try {
    return f();
  } catch (e) {
    if (isRfError(e)) return e;
    throw e;
  }
}

export function failed(x: unknown): x is RfError {
  return isRfError(x);
}

const FIELDS = ['rf', 'jump', 'effectivePadding', 'center', 'outputSize', 'covered'] as const;

/** Small enough for the oracle within a fuzz case's time: a few layers, small windows and sizes. */
export function smallModel(m: Model): boolean {
  if (m.layers.length > 24) return false;
  const size = m.input.size;
  if (size?.some((n) => n > 96)) return false;
  // SAME padding without a size makes the oracle run once per residue class.
  if (!size && m.layers.some((l) => l.padding.kind === 'same')) return false;
  let down = 1;
  let up = 1;
  for (const l of m.layers) {
    for (let a = 0; a < m.axes; a++) {
      if (l.kernel[a]! > 9 || l.dilation[a]! > 4) return false;
      if (l.padding.kind === 'explicit' && Math.abs(l.padding.begin[a]!) + Math.abs(l.padding.end[a]!) > 16)
        return false;
    }
    down *= Math.max(...l.stride);
    up *= Math.max(...l.scale) * (l.op === 'deconv' ? Math.max(...l.stride) : 1);
    if (down > 64 || up > 16) return false;
  }
  return true;
}

function same(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

/** Oracle codes that say "too big for me", not "the model is wrong". */
const ORACLE_LIMITS = new Set(['too-large', 'overflow', 'invalid-argument']);

/** analyze and the oracle agree on a small model: the same values (a conservative null aside), or the same error. */
export function agreesWithOracle(m: Model, closed: Report | RfError): void {
  const brute = attempt(() => oracle(m));
  if (failed(brute)) {
    if (ORACLE_LIMITS.has(brute.code)) return;
    if (failed(closed) && closed.code === brute.code) return;
    throw new Error(
      `oracle refuses (${brute.code}: ${brute.message}), analyze ${failed(closed) ? `with ${closed.code}: ${closed.message}` : 'accepts'}`,
    );
  }
  if (failed(closed)) {
    if (closed.code === 'overflow') return;
    throw new Error(`analyze refuses (${closed.code}: ${closed.message}), the oracle accepts`);
  }
  const sized = m.input.size !== null;
  closed.layers.forEach((c: LayerReport, i) => {
    const o = brute.layers[i]!;
    if (c.global !== o.global) throw new Error(`${c.name}.global: analyze ${c.global}, oracle ${o.global}`);
    for (const f of FIELDS) {
      c[f].forEach((v, a) => {
        const ok = same(v, o[f][a]) || (!sized && v === null && f !== 'outputSize');
        if (!ok) {
          throw new Error(`${c.name}.${f}: analyze ${JSON.stringify(c[f])}, oracle ${JSON.stringify(o[f])}`);
        }
      });
    }
  });
}

/**
 * Any value offered as a model: parseModel, analyze and toCompact either all refuse it (with
 * RfErrors) or all take it; the compact text reads back to the same model; small models agree
 * with the oracle.
 */
export function checkModelInput(spec: unknown): void {
  if (typeof spec === 'string') {
    // analyze takes text too: it stands for the spec parseCompact reads from it.
    const text = spec;
    const parsedText = attempt(() => parseCompact(text));
    if (failed(parsedText)) {
      if (!failed(attempt(() => analyze(text))))
        throw new Error('parseCompact refuses text that analyze accepts');
      return;
    }
    spec = parsedText;
  }
  const m = attempt(() => parseModel(spec));
  const report = attempt(() => analyze(spec as never));
  const text = attempt(() => toCompact(spec as never));
  if (failed(m)) {
    if (!failed(report) || !failed(text))
      throw new Error(`parseModel refuses (${m.message}), analyze or toCompact accepts`);
    return;
  }
  if (failed(text)) throw new Error(`toCompact refuses a model parseModel accepts: ${text.message}`);
  const back = parseModel(parseCompact(text));
  if (JSON.stringify(back) !== JSON.stringify(m)) throw new Error(`the compact round trip differs: ${text}`);
  if (smallModel(m)) agreesWithOracle(m, report);
}
