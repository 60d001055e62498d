import { it } from 'vitest';
import { init, kernelModule } from '../src/search/backend/compile.js';
import { wasmKernel } from '../src/search/backend/wasm.js';
import { jsKernel } from '../src/search/backend/js.js';
import { search } from '../src/search/search.js';
import { runDp } from '../src/search/engine/dp/run.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import { buildDpPlan } from '../src/search/engine/dp/plan.js';
import { estimateDp } from '../src/search/engine/dp/bounds.js';
import { unreachableWarnings } from '../src/search/unreachable.js';
const REF = { depth: 8, choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] }, constraints: { stride: 16, rf: { min: 128, max: 256 } }, objective: 'kernel-area' as const, top: 16 };
it('scratch', async () => {
  await init();
  const m = await kernelModule();
  for (const spec of [REF, {...REF, depth: 24, constraints: { stride: 32, rf: { min: 400, max: 1200 } }, objective: 'params' as const, top: 10, choices: { kernel: [3,5,7,9], stride: [1, 2], dilation: [1, 2] }}]) {
  const sw = normalizeSweep(spec);
  for (let i = 0; i < 3; i++) {
    let t = performance.now(); const plan = buildDpPlan(sw); const a = performance.now() - t;
    t = performance.now(); estimateDp(plan); const b = performance.now() - t;
    t = performance.now(); unreachableWarnings(sw); const c = performance.now() - t;
    t = performance.now(); const k = await wasmKernel(m); const d = performance.now() - t;
    t = performance.now(); await runDp(sw, k); const e = performance.now() - t;
    t = performance.now(); await runDp(sw, jsKernel()); const f = performance.now() - t;
    t = performance.now(); await search(sw); const g = performance.now() - t;
    console.log('plan', a.toFixed(2), 'est', b.toFixed(2), 'unreach', c.toFixed(2), 'inst', d.toFixed(2), 'runDp wasm', e.toFixed(2), 'js', f.toFixed(2), 'search', g.toFixed(2));
  }}
}, 600000);
