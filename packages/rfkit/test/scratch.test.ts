import { it } from 'vitest';
import { init } from '../src/search/backend/compile.js';
import { search } from '../src/search/search.js';
it('scratch', async () => {
  await init();
  const base = { depth: 11, choices: { kernel: [1,3,5,7], stride: [1,2], dilation: [1,2] }, constraints: { inputSize: 224, holes: 'none' as const }, objective: 'params' as const, top: 10 };
  for (const spec of [base, {...base, depth: 13, constraints: { rf: {min: 96, max: 160}, stride: 16, inputSize: 224 }}, {...base, depth: 64, constraints: { rf: {min: 400, max: 1200}, stride: 32, inputSize: 224 }}]) {
    const t = performance.now();
    try { const r = await search(spec, { signal: AbortSignal.timeout(3000) }); console.log('RES', spec.depth, r.engine, r.complete, (performance.now()-t).toFixed(0)); } catch (e) { console.log('RES', String(e)); }
  }
}, 600000);
