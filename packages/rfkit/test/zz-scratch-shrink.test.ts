import { it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { regionOf } from '../src/analysis/region.js';
import { oracle, oracleRegionSpans } from '../src/oracle/oracle.js';

const same = (a: any, b: any) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);
function bad(spec: any): string | null {
  let a, o;
  try { a = analyze(spec); } catch (e: any) { try { oracle(spec); return 'analyze throws ' + e.code; } catch { return null; } }
  try { o = oracle(spec); } catch (e: any) { return 'oracle throws ' + e.code; }
  for (let i = 0; i < a.layers.length; i++) for (const f of ['rf','jump','effectivePadding','center','outputSize','covered'] as const)
    for (let x = 0; x < a.axes; x++) if (!same(a.layers[i]![f][x], o.layers[i]![f][x])) return `${a.layers[i]!.name}.${f}[${x}] ${a.layers[i]![f][x]} vs ${o.layers[i]![f][x]}`;
  if (process.env.SHRINK_REGION) for (const l of a.layers) {
    const idx = new Array(a.axes).fill(0);
    const r = regionOf(a, l.name, idx); const s = oracleRegionSpans(spec, l.name, idx);
    for (let x = 0; x < a.axes; x++) { const sp = s[x]; if (!same(r.start[x], sp?.start ?? null) || !same(r.end[x], sp?.end ?? null)) return `region ${l.name}[${x}] ${r.start[x]},${r.end[x]} vs ${sp?.start},${sp?.end}`; }
  }
  return null;
}
function variants(spec: any): any[] {
  const out: any[] = [];
  const L = spec.layers;
  const axes = Math.max(1, ...L.flatMap((l: any) => Object.values(l).filter(Array.isArray).map((v: any) => v.length)), spec.input?.size?.length ?? 0);
  // 1-D projections
  if (axes > 1) for (let a = 0; a < axes; a++) {
    const proj = (v: any) => (Array.isArray(v) && typeof v[0] === 'number' ? [v[a]] : v);
    out.push({ ...spec, ...(spec.input ? { input: { size: [spec.input.size[a]] } } : {}), layers: L.map((l: any) => { const m: any = {}; for (const [k, v] of Object.entries(l)) m[k] = k === 'padding' && v && typeof v === 'object' && !Array.isArray(v) ? { begin: proj((v as any).begin), end: proj((v as any).end) } : k === 'inputs' ? v : proj(v); if (!Object.values(m).some(Array.isArray) && ['conv','maxpool','avgpool','deconv'].includes(m.op)) m.kernel = [m.kernel]; if (m.op === 'upsample' && !Array.isArray(m.scale)) m.scale = [m.scale]; return m; }) });
  }
  for (let i = 0; i < L.length; i++) {
    const name = L[i].name; const repl = L[i].inputs?.[0] ?? (i === 0 ? 'input' : L[i - 1].name);
    const layers = L.filter((_: any, j: number) => j !== i).map((l: any, j: number) => {
      const orig = j >= i ? j + 1 : j;
      let inputs = l.inputs ?? [orig === 0 ? 'input' : L[orig - 1].name];
      inputs = [...new Set(inputs.map((x: string) => (x === name ? repl : x)))];
      const m = { ...l, inputs };
      if (['add','concat','mul'].includes(l.op) && inputs.length < 2) return { name: l.name, op: 'identity', inputs };
      return m;
    });
    if (layers.length) out.push({ ...spec, layers });
    for (const k of ['kernel','stride','dilation','scale','outputPadding']) if (L[i][k] !== undefined) {
      for (const v of [1, 0]) { const layers2 = L.map((l: any, j: number) => (j === i ? { ...l, [k]: Array.isArray(l[k]) ? l[k].map(() => v) : v } : l)); out.push({ ...spec, layers: layers2 }); }
    }
    if (L[i].padding !== undefined && L[i].padding !== 0) out.push({ ...spec, layers: L.map((l: any, j: number) => (j === i ? { ...l, padding: 0 } : l)) });
    if (L[i].ceilMode) out.push({ ...spec, layers: L.map((l: any, j: number) => (j === i ? { ...l, ceilMode: false } : l)) });
  }
  return out;
}
it('shrink', () => {
  const fs = require('node:fs');
  let spec = JSON.parse(fs.readFileSync('/tmp/b/case.json', 'utf8'));
  let why = bad(spec); console.log('start', why);
  for (let progress = true; progress; ) {
    progress = false;
    for (const v of variants(spec)) { if (JSON.stringify(v) === JSON.stringify(spec)) continue; let w: string | null = null; try { w = bad(v); } catch { continue; } if (w) { spec = v; why = w; progress = true; break; } }
  }
  console.log(why, JSON.stringify(spec));
});
