// The arithmetic behind one layer's row, written out with its numbers: what a student checks by
// hand. Every value shown is the library's; only the expressions that lead to it are spelled out.
import type { LayerReport, LayerSpec, Report } from 'rfkit';
import { formatAxis } from './fields.js';

const fmt = (v: number | null | undefined) =>
  v === null || v === undefined ? '?' : Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));

const at = (v: number | number[] | undefined, a: number, dflt: number) =>
  v === undefined ? dflt : Array.isArray(v) ? (v[a] ?? dflt) : v;

/** The layer's inputs as reports: the model input (rf 1, jump 1, P 0) for `input`. */
function inputsOf(report: Report, index: number): { name: string; rep: LayerReport | null }[] {
  const l = report.layers[index]!;
  return l.inputs.map((name) => ({
    name,
    rep: name === 'input' ? null : (report.layers.find((x) => x.name === name) ?? null),
  }));
}

interface Inputs {
  l: LayerReport;
  ins: { name: string; rep: LayerReport | null }[];
  spec: LayerSpec;
  a: number;
  rfIn: number | null | undefined;
  jIn: number | null | undefined;
  pIn: number | null | undefined;
  nIn: number | null | undefined;
  from: string;
}

/**
 * Lines of "name = expression = value" for layer `index` on axis `a`. `spec` is the layer as
 * written (kernel, stride, dilation, padding).
 */
export function formulaLines(report: Report, index: number, spec: LayerSpec, a: number): string[] {
  const l = report.layers[index]!;
  const ins = inputsOf(report, index);
  const prev = ins[0]?.rep ?? null;
  const first = ins[0]?.name ?? 'input';
  // Long scoped names make unreadable formulas: call the input "in" and say which it is.
  const from = first.length > 14 ? 'in' : first;
  const lines = layerLines({
    l,
    ins,
    spec,
    a,
    rfIn: prev ? prev.rf[a] : 1,
    jIn: prev ? prev.jump[a] : 1,
    pIn: prev ? prev.effectivePadding[a] : 0,
    nIn: prev ? prev.outputSize[a] : (report.input.size?.[a] ?? null),
    from,
  });
  const merge = l.op === 'add' || l.op === 'concat' || l.op === 'mul';
  return from === 'in' && !merge && !l.global ? [`in = ${first}`, ...lines] : lines;
}

function layerLines({ l, ins, spec, a, rfIn, jIn, pIn, nIn, from }: Inputs): string[] {
  if (l.global) {
    return [
      `global: every input pixel, rf = input size = ${fmt(l.rf[a])}`,
      'jump, effective padding and centre are undefined from here on',
    ];
  }
  switch (l.op) {
    case 'conv':
    case 'maxpool':
    case 'avgpool': {
      const k = at(spec.kernel, a, 1);
      const s = at(spec.stride, a, 1);
      const d = at(spec.dilation, a, 1);
      const ke = d * (k - 1) + 1;
      const p =
        jIn && l.effectivePadding[a] !== null && pIn !== null ? (l.effectivePadding[a]! - pIn!) / jIn : null;
      const lines = [
        `ke = d·(k − 1) + 1 = ${d}·(${k} − 1) + 1 = ${ke}`,
        `rf = rf(${from}) + (ke − 1)·jump(${from}) = ${fmt(rfIn)} + ${ke - 1}·${fmt(jIn)} = ${fmt(l.rf[a])}`,
        `jump = jump(${from})·s = ${fmt(jIn)}·${s} = ${fmt(l.jump[a])}`,
        `P = P(${from}) + p·jump(${from}) = ${fmt(pIn)} + ${fmt(p)}·${fmt(jIn)} = ${fmt(l.effectivePadding[a])}`,
        `centre = (rf − 1)/2 − P = (${fmt(l.rf[a])} − 1)/2 − ${fmt(l.effectivePadding[a])} = ${fmt(l.center[a])}`,
      ];
      if (spec.padding === 'same' || spec.padding === 'same-lower') {
        lines.push(
          `out = ceil(n/s) = ceil(${fmt(nIn)}/${s}) = ${fmt(l.outputSize[a])} (SAME padding: p = ${fmt(p)})`,
        );
      } else {
        lines.push(
          `out = ${spec.ceilMode ? 'ceil' : 'floor'}((n + pL + pR − ke)/s) + 1 with n = ${fmt(nIn)}: ${fmt(l.outputSize[a])}`,
        );
      }
      if (l.covered[a] !== null && l.rf[a] !== null && l.covered[a]! < l.rf[a]!) {
        lines.push(
          `covered = ${fmt(l.covered[a])} of the ${fmt(l.rf[a])} positions in the span: ${l.rf[a]! - l.covered[a]!} holes`,
        );
      }
      return lines;
    }
    case 'deconv': {
      const s = at(spec.stride, a, 1);
      return [
        `transposed conv: output o reads input i where o = i·s − p + t·d (t < k), s = ${s}`,
        `jump = jump(${from})/s = ${fmt(jIn)}/${s} = ${fmt(l.jump[a])}; units repeat with period ${s}`,
        `rf = the largest span over the phases = ${fmt(l.rf[a])}; P = −(left edge of unit 0) = ${fmt(l.effectivePadding[a])}`,
        `out = (n − 1)·s − pL − pR + ke + output padding with n = ${fmt(nIn)}: ${fmt(l.outputSize[a])}`,
      ];
    }
    case 'upsample': {
      const f = at(spec.scale, a, 1);
      return [
        `upsample ×${f}: output o reads input floor(o/${f})`,
        `jump = jump(${from})/${f} = ${fmt(jIn)}/${f} = ${fmt(l.jump[a])}; rf = ${fmt(l.rf[a])} (largest over the ${f} phases)`,
        `out = n·${f} = ${fmt(nIn)}·${f} = ${fmt(l.outputSize[a])}`,
      ];
    }
    case 'identity':
      return [`elementwise: the same region as ${from} (rf ${fmt(rfIn)}, jump ${fmt(jIn)})`];
    default: {
      const parts = ins.map(
        (i) =>
          `${i.name} (rf ${fmt(i.rep ? i.rep.rf[a] : 1)}, P ${fmt(i.rep ? i.rep.effectivePadding[a] : 0)})`,
      );
      return [
        `${l.op}: the union of the inputs’ regions: ${parts.join(', ')}`,
        `rf = span of the union = ${fmt(l.rf[a])}; P = the largest P = ${fmt(l.effectivePadding[a])}`,
        `covered = ${fmt(l.covered[a])}; jump = ${fmt(l.jump[a])} (equal on every path)`,
      ];
    }
  }
}

/** A one-line summary of a layer for node labels and titles. */
export function layerSummary(l: LayerReport): string {
  if (l.global) return `${l.op} · global`;
  return `${l.op} · rf ${formatAxis(l.rf)} · jump ${formatAxis(l.jump)}`;
}
