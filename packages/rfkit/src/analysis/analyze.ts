// Closed-form receptive-field analysis (DESIGN §1, §3).
// Over 400 lines because the walk over the model (run, step, merge, report) and the refinement by
// residues share one RunContext and NodeState; the per-axis rules (axis.ts), SAME residues
// (residues.ts), index sets (intset.ts) and output sizes (sizes.ts) have their own files.
import { RfError } from '../errors.js';
import { lcm } from '../math.js';
import { layerLabel as label, show } from '../messages.js';
import { isModel, normalizeSpec, parseCompact } from '../model/parse.js';
import { booleanOption, checkOptions } from '../options.js';
import type {
  AnalyzeOptions,
  Axis,
  LayerReport,
  Model,
  ModelSpec,
  NormalizedLayer,
  PhaseTable,
  Report,
  Warning,
} from '../types.js';
import { type AxisState, convAxis, deconvAxis, INPUT_AXIS, mergeAxis, spanOf, upsampleAxis } from './axis.js';
import { add, inLayer, midpoint, mul, sub } from './checked.js';
import { refineErf, registerReport } from './erf-of.js';
import { addRfMinAndErf, type Resolved } from './erf-pass.js';
import { sizeOf } from './intset.js';
import { type Classes, residueClasses, settlePads, withStandIn } from './residues.js';
import { unproductiveWarning } from './rfmin.js';
import { layerOutputSize, samePadding } from './sizes.js';

interface NodeState {
  axes: AxisState[];
  size: Axis<number>;
  global: boolean;
}

function fmt(v: Axis<number>): string {
  return `[${v.map((x) => (x === null ? 'null' : String(x))).join(', ')}]`;
}

/** Every entry (holes of a sparse array included) an integer >= min. */
function allInts(list: unknown[], min: number): boolean {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) return false;
  }
  return true;
}

function withInputSize(model: Model, inputSize: AnalyzeOptions['inputSize']): Model {
  if (inputSize === undefined) return model;
  const size = typeof inputSize === 'number' ? new Array<number>(model.axes).fill(inputSize) : inputSize;
  if (!Array.isArray(size) || !allInts(size, 1)) {
    throw new RfError(
      'invalid-argument',
      `options.inputSize must be an integer >= 1 or one per axis, got ${show(inputSize)}`,
      'options.inputSize',
    );
  }
  if (size.length !== model.axes) {
    throw new RfError(
      'axes-mismatch',
      `options.inputSize has ${size.length} axes but the model has ${model.axes}`,
      'options.inputSize',
    );
  }
  return { ...model, input: { ...model.input, size: size.slice() } };
}

/**
 * Analyses a model: one LayerReport per layer in model order. `model` may be a ModelSpec, a Model
 * (from parseModel) or the compact text form. Any other object, a Model-shaped copy included, is
 * validated as a ModelSpec.
 */
export function analyze(model: ModelSpec | Model | string, options?: AnalyzeOptions): Report {
  options = checkOptions<AnalyzeOptions>('analyze', options, ['strict', 'inputSize', 'erf']);
  const strict = booleanOption('analyze', options, 'strict', false);
  let m: Model;
  if (typeof model === 'string') m = normalizeSpec(parseCompact(model), { inputSize: options.inputSize });
  else if (isModel(model)) m = withInputSize(model, options.inputSize);
  else m = normalizeSpec(model, { inputSize: options.inputSize });
  // SAME pads that depend on the unknown input size are first settled by sizes alone (cheap); pads
  // equal in every residue class are then known, the rest stay symbolic.
  const classes = m.input.size === null ? residueClasses(m) : null;
  const settled = classes && classes.runs * m.layers.length <= MAX_SIZE_STEPS ? settlePads(m, classes) : null;
  const known = settled?.known ?? null;
  const varying = settled?.varying ?? null;
  const ctx = newContext(strict, false, known);
  ctx.erf = booleanOption('analyze', options, 'erf', true);
  const report = run(m, ctx);
  registerReport(report, m, ctx.resolved!);
  if (ctx.unknownPads.size > 0) {
    if (classes && classes.runs * m.layers.length <= MAX_PROBE_STEPS)
      refineByResidues(m, report, classes, ctx);
    for (const [index, axesList] of ctx.unknownPads) {
      const l = m.layers[index]!;
      const list = varying ? axesList.filter((a) => varying.has(index * m.axes + a)) : axesList;
      if (list.length === 0) continue;
      report.warnings.push({
        code: 'same-padding-unknown-size',
        message: `${label(l)}: the "same" left padding on axis ${list.join(', ')} depends on the input size, which is unknown; values depending on it are null`,
        layers: [l.name],
      });
    }
  }
  return report;
}

interface RunContext {
  strict: boolean;
  /** A stand-in run at one concrete input size: no merge size checks (a merge takes its first input's size), no warnings. */
  probe: boolean;
  warnings: Warning[];
  /** Main run: layer index → axes whose SAME left pad depends on the unknown input size. */
  unknownPads: Map<number, number[]>;
  /** SAME left pads known although the input size is not, keyed `layerIndex·axes + axis`. */
  knownPads: Map<number, number> | null;
  /** Main run: merges whose alignment depends on an unknown SAME pad. */
  pendingAlign: { l: NormalizedLayer; axis: number; k: number; period: number }[];
  /**
   * Probe runs: per pending check (`layer:axis:path`), the phases where the centres differed in
   * every probe so far.
   */
  alignAcc: Map<string, Uint8Array> | null;
  /** Set by `run`: what the rfMin/ERF pass needs from this one. */
  resolved: Resolved | null;
  /** Compute the ERF (options.erf). */
  erf: boolean;
}

function newContext(strict: boolean, probe: boolean, knownPads: Map<number, number> | null): RunContext {
  return {
    strict,
    probe,
    warnings: [],
    unknownPads: new Map(),
    knownPads,
    pendingAlign: [],
    alignAcc: null,
    resolved: null,
    erf: true,
  };
}

/** Bound on classes × layers for the size-only pass. */
const MAX_SIZE_STEPS = 1 << 22;
/** Bound on classes × layers for full stand-in analyses, so they stay a few analyses' worth. */
const MAX_PROBE_STEPS = 1 << 17;

/**
 * Fills values the symbolic pass left null (an unknown SAME pad on a path) by analysing one
 * stand-in size per residue class: a value equal in every class is determined after all (e.g. a
 * merge whose span is the same whichever pad).
 */
function refineByResidues(m: Model, report: Report, classes: Classes, main: RunContext): void {
  const axes = m.axes;
  const probes: Report[] = [];
  const acc = new Map<string, Uint8Array>();
  for (const p of main.pendingAlign)
    acc.set(`${p.l.index}:${p.axis}:${p.k}`, new Uint8Array(p.period).fill(1));
  for (let r = 0; r < classes.runs; r++) {
    const probe = withStandIn(classes, r, (size) => {
      const ctx = newContext(false, true, null);
      ctx.alignAcc = acc;
      ctx.erf = main.erf;
      return run({ ...m, input: { ...m.input, size } }, ctx);
    });
    if (probe === null) return;
    probes.push(probe);
  }
  // Merges misaligned whatever the input size: in some phase, at every stand-in size.
  for (const p of main.pendingAlign) {
    const flags = acc.get(`${p.l.index}:${p.axis}:${p.k}`)!;
    const r = flags.indexOf(1);
    if (r < 0) continue;
    const ctx: RunContext = { ...main, warnings: report.warnings };
    misaligned(ctx, p.l, p.axis, p.k, p.period > 1 ? r : null, null, null);
  }
  report.layers.forEach((rep, i) => {
    if (rep.global) return;
    for (const f of ['rf', 'jump', 'effectivePadding', 'center', 'covered', 'rfMin'] as const) {
      for (let a = 0; a < axes; a++) {
        if (rep[f][a] !== null) continue;
        const v = probes[0]!.layers[i]![f][a]!;
        if (v !== null && probes.every((p) => p.layers[i]![f][a] === v)) rep[f][a] = v;
      }
    }
    refineErf(
      rep,
      probes.map((p) => p.layers[i]!),
    );
    if (rep.phases) {
      // Phase by phase, so that units whose region is the same for every size get one.
      for (let a = 0; a < axes; a++) {
        const table = rep.phases[a]!;
        const tables = probes.map((p) => tableOf(p.layers[i]!, a));
        for (let r = 0; r < table.period; r++) {
          if (table.start[r] !== null) continue;
          const starts = tables.map((t) => entryAt(t, r, 'start'));
          const ends = tables.map((t) => entryAt(t, r, 'end'));
          if (
            starts[0] !== null &&
            starts.every((v) => v === starts[0]) &&
            ends.every((v) => v === ends[0])
          ) {
            table.start[r] = starts[0]!;
            table.end[r] = ends[0]!;
          }
        }
      }
    }
  });
}

/** Start or end of the region of unit `o` in a phase table (null where undetermined). */
function entryAt(t: PhaseTable | null, o: number, which: 'start' | 'end'): number | null {
  if (t === null) return null;
  const r = o % t.period;
  const v = t[which][r];
  return v === null || v === undefined ? null : add(v, mul((o - r) / t.period, t.shift, 'rf'), 'rf');
}

/** An axis's phase table, derived from rf/jump/P where the layer has none. */
function tableOf(rep: LayerReport, a: number): PhaseTable | null {
  if (rep.phases) return rep.phases[a] ?? null;
  const P = rep.effectivePadding[a];
  const rf = rep.rf[a];
  const jump = rep.jump[a];
  if (P === null || P === undefined || rf === null || rf === undefined || jump === null || jump === undefined)
    return null;
  return { period: 1, shift: jump, start: [-P], end: [add(-P, rf - 1, 'rf')] };
}

/** `what` and `axis` describe the value; the message is built only on failure. */
function checkSafe(l: NormalizedLayer, what: string, axis: number, v: number): void {
  if (!Number.isSafeInteger(v)) {
    throw new RfError(
      'overflow',
      `${label(l)}: ${what} on axis ${axis} reaches ${v}, beyond 2^53 where arithmetic is exact`,
      `layers[${l.index}]`,
    );
  }
}

function run(m: Model, ctx: RunContext): Report {
  const axes = m.axes;
  const inputSize = m.input.size;
  const inputState: NodeState = {
    axes: new Array<AxisState>(axes).fill(INPUT_AXIS),
    size: inputSize ? inputSize.slice() : new Array<number | null>(axes).fill(null),
    global: false,
  };
  const warnings = ctx.warnings;
  const reports: LayerReport[] = [];
  const exceeding: string[] = [];
  const globalRf: Axis<number> = inputSize ? inputSize.slice() : new Array<number | null>(axes).fill(null);

  // Inputs by layer index (−1: the model input), and each state's last reader: states are
  // dropped after it, so long chains keep little alive.
  const n = m.layers.length;
  const indexOf = new Map<string, number>();
  const lastUse = new Int32Array(n).fill(-1);
  const sources: number[][] = new Array(n);
  for (const l of m.layers) {
    const src =
      l.index > 0 && l.inputs.length === 1 && l.inputs[0] === m.layers[l.index - 1]!.name
        ? [l.index - 1]
        : l.inputs.map((name) => (name === 'input' ? -1 : indexOf.get(name)!));
    for (const j of src) if (j >= 0) lastUse[j] = l.index;
    sources[l.index] = src;
    indexOf.set(l.name, l.index);
  }
  const states: (NodeState | undefined)[] = new Array(n);
  const resolved: Resolved = { sameLefts: new Float64Array(n * axes).fill(Number.NaN), global: [] };
  ctx.resolved = resolved;
  for (const l of m.layers) {
    const src = sources[l.index]!;
    const ins = src.map((j) => (j < 0 ? inputState : states[j]!));
    const st = step(l, ins, m, ctx);
    for (const j of src) if (j >= 0 && lastUse[j] === l.index) states[j] = undefined;
    states[l.index] = st;
    const rep = report(l, st, globalRf);
    reports.push(rep);
    resolved.global.push(st.global);
    if (inputSize && !st.global) {
      for (let a = 0; a < axes; a++) {
        const r = rep.rf[a];
        if (r !== null && r !== undefined && r > inputSize[a]!) {
          exceeding.push(l.name);
          break;
        }
      }
    }
  }
  const tooLarge = addRfMinAndErf(m, reports, resolved, ctx.erf);
  const unproductive = ctx.probe ? null : unproductiveWarning(m.layers, reports, inputSize);
  if (exceeding.length > 0 && inputSize && !ctx.probe) {
    const first = reports.find((r) => r.name === exceeding[0])!;
    warnings.push({
      code: 'rf-exceeds-input',
      message: `the receptive field exceeds the input size ${fmt(inputSize)} at ${exceeding.length} layer(s), first ${first.name} (rf ${fmt(first.rf)})`,
      layers: exceeding,
    });
  }
  if (unproductive) warnings.push(unproductive);
  if (tooLarge && !ctx.probe) warnings.push(tooLarge);
  return {
    name: m.name,
    input: { size: inputSize ? inputSize.slice() : null, channels: m.input.channels },
    axes,
    layers: reports,
    output: reports[reports.length - 1]!,
    warnings,
  };
}

/** One layer's state from its inputs' (an overflow names the layer). */
function step(l: NormalizedLayer, ins: NodeState[], m: Model, ctx: RunContext): NodeState {
  try {
    return stepLayer(l, ins, m, ctx);
  } catch (e) {
    throw inLayer(e, l);
  }
}

function stepLayer(l: NormalizedLayer, ins: NodeState[], m: Model, ctx: RunContext): NodeState {
  const axes = m.axes;
  const nulls = () => new Array<number | null>(axes).fill(null);
  if (l.op === 'global' || ins.some((s) => s.global)) return { axes: [], size: nulls(), global: true };
  if (l.op === 'add' || l.op === 'concat' || l.op === 'mul') return merge(l, ins, axes, ctx);
  const src = ins[0]!;
  if (l.op === 'identity') return src;
  // Exact-length arrays: `[]` + push would reserve room for 17 entries per array, and a long chain
  // keeps one report per layer alive, so that waste dominated garbage collection.
  const out = new Array<AxisState>(axes);
  const size: Axis<number> = new Array<number | null>(axes);
  let unknownAxes: number[] | null = null;
  for (let a = 0; a < axes; a++) {
    const st = src.axes[a]!;
    const n = src.size[a]!;
    const k = l.kernel[a]!;
    const s = l.stride[a]!;
    const d = l.dilation[a]!;
    let next: AxisState;
    switch (l.op) {
      case 'upsample':
        next = upsampleAxis(st, l.scale[a]!, l);
        break;
      case 'deconv':
        if (l.padding.kind !== 'explicit') throw new Error('unreachable: same padding on deconv');
        next = deconvAxis(st, k, s, d, l.padding.begin[a]!, l);
        break;
      default: {
        // conv, maxpool, avgpool
        let left: number | null;
        if (l.padding.kind === 'same') {
          left = samePadding(n, k, s, d, l.padding.lower).begin;
          if (left === null) left = ctx.knownPads?.get(l.index * axes + a) ?? null;
          if (left === null) (unknownAxes ??= []).push(a);
          else ctx.resolved!.sameLefts[l.index * axes + a] = left;
        } else left = l.padding.begin[a]!;
        next = convAxis(st, k, s, d, left, l.index, a);
      }
    }
    const o = n === null ? null : layerOutputSize(l, a, n);
    if (o !== null) {
      checkSafe(l, 'the output size', a, o);
      if (o <= 0) {
        throw new RfError(
          'empty-output',
          `${label(l)}: output size on axis ${a} is ${o} (input size ${n}); the layer leaves nothing`,
          `layers[${l.index}]`,
        );
      }
    }
    checkSafe(l, 'the jump', a, next.A);
    if (next.phases) {
      for (const p of next.phases) {
        if (p.kind !== 'empty') {
          checkSafe(l, 'an input index', a, p.lo);
          checkSafe(l, 'an input index', a, p.hi);
          checkSafe(l, 'the receptive field', a, add(sub(p.hi, p.lo, 'rf'), 1, 'rf'));
        }
      }
    }
    out[a] = next;
    size[a] = o;
  }
  if (unknownAxes !== null) ctx.unknownPads.set(l.index, unknownAxes);
  return { axes: out, size, global: false };
}

/** Twice the centre of unit `r`, exactly (a bigint: only compared and printed), or null. */
function centres(st: AxisState, r: number): bigint | null {
  if (st.phases === null) return null;
  const p = st.phases[r % st.T]!;
  if (p.kind === 'empty') return null;
  const rho = r % st.T;
  return BigInt(p.lo) + BigInt(p.hi) + 2n * BigInt((r - rho) / st.T) * BigInt(st.A);
}

/** Half of a bigint, as a decimal (`7`, `7.5`, `-0.5`), for messages. */
function half(x: bigint | null): string {
  if (x === null) return '?';
  const sign = x < 0n ? '-' : '';
  const m = x < 0n ? -x : x;
  return `${sign}${m / 2n}${m % 2n === 0n ? '' : '.5'}`;
}

function differs(s0: AxisState, sk: AxisState, r: number): boolean {
  const c0 = centres(s0, r);
  const ck = centres(sk, r);
  return c0 !== null && ck !== null && c0 !== ck;
}

/** Reports a misaligned merge: a warning, or with `strict` an error. */
function misaligned(
  ctx: RunContext,
  l: NormalizedLayer,
  a: number,
  k: number,
  phase: number | null,
  /** Twice the centres (see `centres`). */
  c0: bigint | null,
  ck: bigint | null,
): void {
  const names = l.inputs;
  const where = phase === null ? '' : ` (output phase ${phase})`;
  const msg = `${label(l)}: inputs "${names[0]}" and "${names[k]}" are misaligned on axis ${a}: unit centres at input ${half(c0)} and ${half(ck)}${where}`;
  if (ctx.strict) throw new RfError('misaligned', msg, `layers[${l.index}].inputs`);
  ctx.warnings.push({ code: 'misaligned-merge', message: msg, layers: [l.name, names[0]!, names[k]!] });
}

function merge(l: NormalizedLayer, ins: NodeState[], axes: number, ctx: RunContext): NodeState {
  const out: AxisState[] = [];
  const size: Axis<number> = [];
  const names = l.inputs;
  for (let a = 0; a < axes; a++) {
    const sts = ins.map((s) => s.axes[a]!);
    const s0 = sts[0]!;
    for (let i = 1; i < sts.length; i++) {
      const si = sts[i]!;
      if (BigInt(si.A) * BigInt(s0.T) !== BigInt(s0.A) * BigInt(si.T)) {
        throw new RfError(
          'jump-mismatch',
          `${label(l)}: inputs "${names[0]}" (jump ${s0.A / s0.T}) and "${names[i]}" (jump ${si.A / si.T}) reach the merge with different jumps on axis ${a}`,
          `layers[${l.index}].inputs`,
        );
      }
    }
    let n: number | null = null;
    let nFrom = '';
    for (let i = 0; i < ins.length; i++) {
      const ni = ins[i]!.size[a]!;
      if (ni === null) continue;
      if (n === null) {
        n = ni;
        nFrom = names[i]!;
      } else if (ni !== n && !ctx.probe) {
        throw new RfError(
          'size-mismatch',
          `${label(l)}: inputs "${nFrom}" (size ${n}) and "${names[i]}" (size ${ni}) have different output sizes on axis ${a}`,
          `layers[${l.index}].inputs`,
        );
      }
    }
    const merged = mergeAxis(sts, l);
    checkSafe(l, 'the jump', a, merged.A);
    // Alignment: compare each path's unit centres with the first path's, phase by phase, over the
    // inputs' own periods (mergeAxis may collapse the union's period while the paths still
    // differ in some phase).
    const period = sts.reduce((t, st) => lcm(t, st.T), 1);
    for (let k = 1; k < sts.length; k++) {
      const sk = sts[k]!;
      const known = s0.phases !== null && sk.phases !== null && s0.sym === sk.sym;
      if (ctx.probe) {
        const flags = ctx.alignAcc?.get(`${l.index}:${a}:${k}`);
        if (flags) for (let r = 0; r < flags.length; r++) if (!differs(s0, sk, r)) flags[r] = 0;
        continue;
      }
      if (!known) {
        // Decided over every residue class of the unknown input size, after the run.
        ctx.pendingAlign.push({ l, axis: a, k, period });
        continue;
      }
      for (let r = 0; r < period; r++) {
        if (!differs(s0, sk, r)) continue;
        misaligned(ctx, l, a, k, period > 1 ? r : null, centres(s0, r), centres(sk, r));
        break;
      }
    }
    out.push(merged);
    size.push(n);
  }
  return { axes: out, size, global: false };
}

function report(l: NormalizedLayer, st: NodeState, globalRf: Axis<number>): LayerReport {
  try {
    return layerReport(l, st, globalRf);
  } catch (e) {
    throw inLayer(e, l);
  }
}

function layerReport(l: NormalizedLayer, st: NodeState, globalRf: Axis<number>): LayerReport {
  const axes = globalRf.length;
  if (st.global) {
    const nulls = () => new Array<number | null>(axes).fill(null);
    return {
      name: l.name,
      op: l.op,
      inputs: l.inputs,
      rf: globalRf.slice(),
      jump: nulls(),
      effectivePadding: nulls(),
      center: nulls(),
      outputSize: nulls(),
      covered: globalRf.slice(),
      global: true,
      rfMin: nulls(),
      erf: { std: nulls(), span: nulls() },
    };
  }
  const rf: Axis<number> = new Array<number | null>(axes);
  const jump: Axis<number> = new Array<number | null>(axes);
  const P: Axis<number> = new Array<number | null>(axes);
  const center: Axis<number> = new Array<number | null>(axes);
  const covered: Axis<number> = new Array<number | null>(axes);
  let phased = false;
  for (let a = 0; a < axes; a++) {
    const s = st.axes[a]!;
    jump[a] = s.A / s.T;
    if (s.T > 1) phased = true;
    if (s.phases === null) {
      rf[a] = null;
      P[a] = null;
      center[a] = null;
      covered[a] = null;
      continue;
    }
    rf[a] = spanOf(s);
    const p0 = s.phases[0]!;
    covered[a] = sizeOf(p0);
    if (p0.kind === 'empty' || s.sym !== '') {
      P[a] = null;
      center[a] = null;
    } else {
      P[a] = p0.lo === 0 ? 0 : -p0.lo;
      center[a] = midpoint(p0.lo, p0.hi, 'center');
    }
  }
  const rep: LayerReport = {
    name: l.name,
    op: l.op,
    inputs: l.inputs,
    rf,
    jump,
    effectivePadding: P,
    center,
    outputSize: st.size.slice(),
    covered,
    global: false,
    rfMin: new Array<number | null>(axes).fill(null),
    erf: { std: new Array<number | null>(axes).fill(null), span: new Array<number | null>(axes).fill(null) },
  };
  if (phased) rep.phases = st.axes.map((s) => phaseTable(s));
  return rep;
}

function phaseTable(s: AxisState): PhaseTable {
  if (s.phases === null || s.sym !== '') {
    const nulls = new Array<number | null>(s.T).fill(null);
    return { period: s.T, shift: s.A, start: nulls, end: nulls.slice() };
  }
  return {
    period: s.T,
    shift: s.A,
    start: s.phases.map((p) => (p.kind === 'empty' ? null : p.lo)),
    end: s.phases.map((p) => (p.kind === 'empty' ? null : p.hi)),
  };
}
