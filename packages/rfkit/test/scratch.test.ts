import { it } from 'vitest';
import { init } from '../src/search/backend/compile.js';
import { search } from '../src/search/search.js';
import { count } from '../src/search/count/count.js';
it('scratch', async () => {
  await init();
  for (const [depth, dil] of [[8,[1,2]],[16,[1,2]],[24,[1,2]],[32,[1,2]],[48,[1,2]],[64,[1,2]],[24,[1,2,3,4]],[64,[1,2,3,4]]] as const) {
    const spec = { depth, choices: { kernel: [3,5,7,9], stride: [1,2], dilation: [...dil] }, constraints: { rf: { min: 400, max: 1200 }, stride: 32 }, objective: 'params' as const, top: 10 };
    for (const backend of ['wasm','js'] as const) {
      const t = performance.now();
      try {
        const r = await search(spec, { backend });
        console.log(depth, dil.length, backend, r.engine, (performance.now()-t).toFixed(1), 'ms feasible', r.feasible, r.top[0]?.cost, r.top[0]?.index, r.pareto.length);
      } catch (e) { console.log(depth, backend, String(e)); }
    }
    try { const t=performance.now(); console.log('count', count(spec), (performance.now()-t).toFixed(1)); } catch (e) { console.log('count', String(e)); }
  }
}, 600000);
