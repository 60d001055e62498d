import { it } from 'vitest';
import { init, kernelModule } from '../src/search/backend/compile.js';
import { wasmKernel } from '../src/search/backend/wasm.js';
import { jsKernel } from '../src/search/backend/js.js';
import { runDp } from '../src/search/engine/dp/run.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
const REF = { depth: 8, choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] }, constraints: { stride: 16, rf: { min: 128, max: 256 } }, objective: 'kernel-area' as const, top: 16 };
it('scratch', async () => {
  await init();
  const m = await kernelModule();
  const sw = normalizeSweep(REF);
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!.toFixed(2);
  for (let round = 0; round < 2; round++) {
    const w: number[] = [], j: number[] = [], wk: number[] = [], jk: number[] = [];
    const kw = await wasmKernel(m);
    for (let i = 0; i < 30; i++) {
      let t = performance.now(); await runDp(sw, await wasmKernel(m)); w.push(performance.now() - t);
      t = performance.now(); await runDp(sw, jsKernel()); j.push(performance.now() - t);
      // time only the kernel calls
      const k1 = kw; const orig = k1.dp; let acc = 0; k1.dp = (c) => { const t0 = performance.now(); const r = orig(c); acc += performance.now() - t0; return r; };
      await runDp(sw, k1); wk.push(acc); k1.dp = orig;
      const k2 = jsKernel(); const o2 = k2.dp; let acc2 = 0; k2.dp = (c) => { const t0 = performance.now(); const r = o2(c); acc2 += performance.now() - t0; return r; };
      await runDp(sw, k2); jk.push(acc2);
    }
    console.log('RES runDp wasm', med(w), 'js', med(j), 'kernel-only wasm', med(wk), 'js', med(jk));
  }
}, 600000);
