// BENCHMARKS.md from one run's results.

import type { MachineInfo } from './machine.js';
import { type AnalysisRun, ERF_TARGETS_MS } from './suites/analysis.js';
import type { CountRun } from './suites/count.js';
import { formatRate, type HolesRun, type SearchRun } from './suites/search.js';

export interface BenchReport {
  /** 2: distinct choices per layer, the holes rule, and the holes-cost table. */
  version: 2;
  mode: 'full' | 'quick';
  date: string;
  durationS: number;
  machine: MachineInfo;
  reference: {
    spec: unknown;
    total: string;
    /** Feasible combinations by count() — and by a complete sweep when `fullSweep` is set. */
    feasible: string;
    runs: SearchRun[];
    /** One complete wasm sweep of the whole reference grid, when it fits the time budget. */
    fullSweep: { threads: number; ms: number; feasible: string; combosPerSec: number } | null;
    /** Feasible combinations with holes allowed (count()). */
    holesAllowedFeasible: string;
    /** One shard swept with holes "none" and "allow" by wasm and js (the cost of the rule). */
    holes: HolesRun[];
  };
  family: SearchRun[];
  count: CountRun[];
  analysis: AnalysisRun[];
  charts: { depth: string; threads: string };
}

const label = (r: SearchRun) =>
  r.backend === 'naive'
    ? 'naive (reference evaluator)'
    : `${r.backend}, ${r.threads} thread${r.threads > 1 ? 's' : ''}`;
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3));
const pct = (x: number) => `±${x.toFixed(1)}%`;
const ratio = (a: number | undefined, b: number | undefined) => {
  if (a === undefined || b === undefined) return '–';
  const q = a / b;
  return `${q >= 100 ? q.toFixed(0) : q >= 1 ? q.toFixed(1) : q.toPrecision(2)}×`;
};
const big = (s: string) => BigInt(s).toLocaleString('en-US');

function table(head: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function renderMarkdown(
  r: BenchReport,
  links: { depth: string; threads: string; json: string },
): string {
  const chartLinks = links;
  const m = r.machine;
  const ref = r.reference.runs;
  const rate = (b: string, t = 1) => ref.find((x) => x.backend === b && x.threads === t)?.combosPerSec;
  const naive = rate('naive');
  const js1 = rate('js');
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(
    `Measured by \`apps/bench\` (\`pnpm bench\`; \`pnpm bench -- --quick\` for a short check) on ${r.date} — ${r.mode} mode, ${r.durationS.toFixed(0)} s. ` +
      `Raw samples: [\`${links.json}\`](${links.json}). Every figure below comes from this one run.`,
  );
  out.push('');
  out.push('## Machine');
  out.push('');
  out.push(
    table(
      ['', ''],
      [
        ['CPU', `${m.cpu} (${m.cores} logical cores)`],
        ['memory', `${m.memoryGiB} GiB`],
        ['OS', `${m.platform} ${m.arch}`],
        ['Node', m.node],
        ...Object.entries(m.versions).map(([k, v]) => [k, v]),
      ],
      ['l', 'l'],
    ),
  );
  out.push('');
  out.push('## Search: reference grid');
  out.push('');
  out.push(
    'Depth 8, kernel {1,3,5,7} × stride {1,2} × dilation {1,2} per layer (14 distinct layers — a 1×1 once per stride —, 14^8 = ' +
      `${big(r.reference.total)} combinations), total stride 16, rf in [128, 256], no holes, objective kernel-area, top 16: ` +
      `**${big(r.reference.feasible)} feasible** (count(); ${big(r.reference.holesAllowedFeasible)} with holes allowed).`,
  );
  out.push('');
  out.push(
    table(
      ['backend', 'combinations per sample', 'median', 'spread (MAD)', 'combinations/s', 'vs naive', 'vs js'],
      ref.map((x) => [
        label(x),
        big(x.combinations),
        `${ms(x.timing.medianMs)} ms`,
        pct(x.spreadPct),
        formatRate(x.combosPerSec),
        ratio(x.combosPerSec, naive),
        ratio(x.combosPerSec, js1),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  const fs = r.reference.fullSweep;
  if (fs !== null) {
    out.push(
      `A complete sweep of all ${big(r.reference.total)} combinations (wasm, ${fs.threads} thread${fs.threads > 1 ? 's' : ''}) took ` +
        `**${(fs.ms / 1000).toFixed(2)} s** (${formatRate(fs.combosPerSec)} combinations/s) and found ${big(fs.feasible)} feasible, equal to count().`,
    );
  } else {
    out.push('No complete sweep of the reference grid in this mode; the rates above are from shards of it.');
  }
  if (naive !== undefined) {
    const minutes = Number(r.reference.total) / naive / 60;
    out.push(
      `At the naive evaluator's rate, the complete reference grid would take about ${minutes >= 120 ? `${(minutes / 60).toFixed(1)} hours` : `${minutes.toFixed(0)} minutes`}.`,
    );
  }
  out.push('');
  out.push('## Search: the cost of the holes rule (reference grid)');
  out.push('');
  const holes = r.reference.holes;
  const h0 = holes[0];
  if (h0 !== undefined) {
    out.push(
      `The whole grid (${big(h0.combinations)} combinations) swept with ` +
        '`holes: "none"` (the default: every layer must read each pixel of its field) and with `holes: "allow"`, ' +
        '1 thread. The rule prunes every prefix with a gridded layer and splits the suffix tables by density ' +
        'threshold; the last column is its cost in time (below 1×: the pruning saves more than the tables cost).',
    );
    out.push('');
    const find = (holesRule: string, b: string) =>
      holes.find((x) => x.holes === holesRule && x.backend === b);
    out.push(
      table(
        ['backend', 'holes none', 'holes allow', 'feasible (none / allow)', 'time none / allow'],
        (['wasm', 'js'] as const).map((b) => {
          const none = find('none', b)!;
          const allow = find('allow', b)!;
          return [
            `${b}, 1 thread`,
            `${ms(none.timing.medianMs)} ms ${pct(none.spreadPct)}`,
            `${ms(allow.timing.medianMs)} ms ${pct(allow.spreadPct)}`,
            `${big(none.feasible)} / ${big(allow.feasible)}`,
            ratio(none.timing.medianMs, allow.timing.medianMs),
          ];
        }),
        ['l', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push('');
  }
  out.push('## Search: throughput vs threads (reference grid)');
  out.push('');
  out.push(`![throughput vs threads](${chartLinks.threads})`);
  out.push('');
  out.push('## Search: throughput vs depth and grid width');
  out.push('');
  out.push(
    'Grids like the reference one (total stride 2^⌊depth/2⌋, rf in [8·depth, 32·depth], kernel-area, top 16) with ' +
      '8 (kernel × stride), 14 (× dilation {1,2}) or 26 (× dilation {1,2,3,4}) distinct choices per layer; 1 thread.',
  );
  out.push('');
  out.push(`![throughput vs depth](${chartLinks.depth})`);
  out.push('');
  const grids = [...new Set(r.family.map((x) => x.grid))];
  out.push(
    table(
      ['grid', 'combinations', 'wasm /s', 'js /s', 'naive /s', 'wasm vs js', 'wasm vs naive'],
      grids.map((g) => {
        const runs = r.family.filter((x) => x.grid === g);
        const get = (b: string) => runs.find((x) => x.backend === b && x.threads === 1)?.combosPerSec;
        const first = runs[0]!;
        const total = BigInt(first.choicesPerLayer) ** BigInt(first.depth);
        return [
          `depth ${first.depth}, ${first.choicesPerLayer}/layer`,
          total.toLocaleString('en-US'),
          get('wasm') === undefined ? '–' : formatRate(get('wasm')!),
          get('js') === undefined ? '–' : formatRate(get('js')!),
          get('naive') === undefined ? '–' : formatRate(get('naive')!),
          ratio(get('wasm'), get('js')),
          ratio(get('wasm'), get('naive')),
        ];
      }),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push('## count()');
  out.push('');
  out.push(
    table(
      ['space', 'combinations', 'feasible (exact)', 'median', 'spread (MAD)'],
      r.count.map((c) => [
        c.name,
        big(c.total),
        big(c.feasible),
        `${ms(c.timing.medianMs)} ms`,
        pct((100 * c.timing.madMs) / c.timing.medianMs),
      ]),
      ['l', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push('## Analysis');
  out.push('');
  out.push(
    table(
      ['model', 'layers', 'analyze() median', 'ns/layer', 'without the ERF', 'ERF share'],
      r.analysis.map((a) => [
        a.model,
        String(a.layers),
        `${ms(a.timing.medianMs)} ms`,
        a.nsPerLayer.toFixed(0),
        `${ms(a.plain.medianMs)} ms`,
        `${Math.max(0, (100 * (a.timing.medianMs - a.plain.medianMs)) / a.timing.medianMs).toFixed(0)}%`,
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push(
    `\`analyze()\` computes the effective receptive field by default; "without the ERF" is \`analyze(model, { erf: false })\`. ` +
      `Targets with the ERF: ${Object.entries(ERF_TARGETS_MS)
        .map(([model, limit]) => {
          const run = r.analysis.find((a) => a.model === model);
          const got = run ? `${ms(run.timing.medianMs)} ms` : 'not measured';
          return `${model} under ${limit} ms (${got})`;
        })
        .join('; ')}.`,
  );
  out.push('');
  out.push('## Method');
  out.push('');
  out.push(
    [
      '- Timing: tinybench, warm-up calls first, then several samples per task; tables give the median and the',
      '  median absolute deviation (relative). All tasks of a table run in one tinybench run, one after another.',
      '- A search sample sweeps one shard of the grid (`shardRange`, the middle shard of 2^k), sized',
      '  by calibration so a sample takes a comparable time; combinations/s counts every combination of the shard',
      '  (`evaluated`, pruned ones included). More threads sweep the same shard as one thread. Each sample is a',
      '  whole search() call, so its fixed costs (planning; with threads, handing work to workers) are included.',
      '- Before any speed is reported, every backend (wasm and js at each thread count, and the naive evaluator)',
      '  must return the same result, field for field (all but `backend` and `elapsedMs`), on a common shard.',
      '- The naive evaluator (`packages/reference/src/naive.ts`) decodes and evaluates each index on its own;',
      '  it is the tests’ reference, not a competitor.',
      '- The machine is shared and may be loaded; the spread column shows how steady a figure was.',
    ].join('\n'),
  );
  out.push('');
  return out.join('\n');
}
