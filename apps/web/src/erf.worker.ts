// Computes ERF weights off the main thread: the 2-D map of a large field (resnet_v1_152 block4,
// 1507×1507 positions) takes a third of a second, which must not hold up the page's key steps.
import { type AnalyzeOptions, analyze, erfOf, isRfError, type Report } from 'rfkit';
import { type ErfData, unitModel } from './erf-model.js';
import type { ErfReply, ErfRequest } from './erf-protocol.js';

let last: { model: number; report: Report } | null = null;

function compute(msg: ErfRequest): ErfData {
  const opts: AnalyzeOptions = { strict: msg.strict };
  if (msg.inputSize) opts.inputSize = msg.inputSize;
  if (last?.model !== msg.model) last = { model: msg.model, report: analyze(msg.spec, opts) };
  const { layer, unit, pair } = msg.job;
  const options = pair ? { map: pair } : {};
  if (unit === null) {
    const d = erfOf(last.report, layer, options);
    return { axes: d.axes, map: d.map ?? null };
  }
  const names = last.report.layers.map((l) => l.name);
  const cut = unitModel(msg.spec, names, layer, unit);
  const d = erfOf(analyze(cut.spec, opts), cut.layer, options);
  return { axes: d.axes, map: d.map ?? null };
}

self.addEventListener('message', (e: MessageEvent<ErfRequest>) => {
  const msg = e.data;
  const t0 = performance.now();
  let reply: ErfReply;
  const transfer = new Set<ArrayBuffer>();
  try {
    const data = compute(msg);
    for (const ax of data.axes) if (ax) transfer.add(ax.weights.buffer as ArrayBuffer);
    if (data.map) transfer.add(data.map.weights.buffer as ArrayBuffer);
    reply = { id: msg.id, ok: true, data, ms: performance.now() - t0 };
  } catch (err) {
    reply = {
      id: msg.id,
      ok: false,
      error: err instanceof Error ? err.message : String(err),
      code: isRfError(err) ? err.code : null,
    };
  }
  (self as unknown as Worker).postMessage(reply, [...transfer]);
});
