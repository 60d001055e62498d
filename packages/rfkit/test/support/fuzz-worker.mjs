// One fuzz target, run in a worker thread so that the main thread can stop it when a case hangs
// (see fuzz.ts). Loads the TypeScript targets through tsx, runs fast-check with the given seed and
// run count, and posts each case's input before running it (the report of a hang needs it).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const fc = (await import('fast-check')).default;
const { targets } = await import(workerData.targets);
const target = targets[workerData.target];
if (!target) throw new Error(`no fuzz target "${workerData.target}"`);

/**
 * An input for the report, bounded in time and length whatever it is: nested 10^5 deep, cyclic,
 * or an array of length 2^32 − 1 (fast-check's own printer would walk every index of that).
 */
function describe(x) {
  const out = [];
  let size = 0;
  const put = (s) => {
    out.push(s);
    size += s.length;
  };
  const seen = new Set();
  const walk = (v, depth) => {
    if (size > 4000) return;
    if (typeof v === 'bigint') return put(`${v}n`);
    if (typeof v === 'string') return put(JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v));
    if (typeof v === 'symbol') return put(v.toString());
    if (typeof v === 'function') return put('[function]');
    if (typeof v === 'number') return put(Object.is(v, -0) ? '-0' : String(v));
    if (v === null || typeof v !== 'object') return put(String(v));
    if (seen.has(v)) return put('[circular]');
    if (depth > 8) return put(Array.isArray(v) ? `[…${depthOf(v)} deep]` : '{…}');
    seen.add(v);
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const n = v.length ?? 0;
      put(Array.isArray(v) ? '[' : `${v.constructor.name}[`);
      for (let i = 0; i < Math.min(n, 50); i++) {
        if (i > 0) put(',');
        if (Array.isArray(v) && !(i in v)) put('<hole>');
        else walk(v[i], depth + 1);
      }
      if (n > 50) put(`,…(length ${n})`);
      put(']');
    } else {
      put('{');
      let k = 0;
      for (const key of Object.keys(v).slice(0, 30)) {
        if (k++ > 0) put(',');
        put(`${JSON.stringify(key)}:`);
        walk(v[key], depth + 1);
      }
      put('}');
    }
    seen.delete(v);
  };
  const depthOf = (v) => {
    let d = 0;
    while (Array.isArray(v) && v.length === 1 && d < 1e6) [v, d] = [v[0], d + 1];
    return d;
  };
  try {
    walk(x, 0);
  } catch (e) {
    put(`<unprintable: ${e}>`);
  }
  const s = out.join('');
  return s.length > 4000 ? `${s.slice(0, 4000)}…` : s;
}

let i = 0;
parentPort.postMessage({ type: 'ready' });
const details = fc.check(
  fc.property(target.arbitrary, (x) => {
    parentPort.postMessage({ type: 'case', i: i++, input: describe(x) });
    target.check(x);
  }),
  { seed: workerData.seed, numRuns: workerData.runs },
);
let report = null;
if (details.failed) {
  try {
    report = fc.defaultReportMessage(details);
  } catch {
    report = `failed (seed ${details.seed}, path ${details.counterexamplePath}): ${String(details.errorInstance)}`;
  }
}
parentPort.postMessage({ type: 'done', failed: details.failed, runs: details.numRuns, report });
