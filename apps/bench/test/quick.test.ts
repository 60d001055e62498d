import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../src/report.js';
import { runBench } from '../src/run.js';

const dir = mkdtempSync(join(tmpdir(), 'rfkit-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pnpm bench -- --quick', () => {
  it('writes the report, the raw samples and two SVG charts of the expected shape', async () => {
    const lines: string[] = [];
    const { paths } = await runBench(['--', '--quick', '--out', dir, '--max-threads', '2'], {
      log: (l) => lines.push(l),
    });
    expect(paths).toEqual({
      markdown: join(dir, 'BENCHMARKS.md'),
      json: join(dir, 'latest.json'),
      depthSvg: join(dir, 'bench-depth.svg'),
      threadsSvg: join(dir, 'bench-threads.svg'),
    });
    for (const p of Object.values(paths)) expect(existsSync(p)).toBe(true);

    const report = JSON.parse(readFileSync(paths.json, 'utf8')) as BenchReport;
    expect(report.version).toBe(2);
    expect(report.mode).toBe('quick');
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(Object.keys(report.machine.versions).sort()).toEqual(['rfkit', 'tinybench', 'vega', 'vega-lite']);
    expect(report.reference.feasible).toBe('83975102');
    expect(report.reference.holesAllowedFeasible).toBe('210437993');
    expect(report.reference.total).toBe(String(14n ** 8n));
    // The holes rule against holes allowed: the whole grid, both backends, both rules.
    const holes = report.reference.holes.map((r) => `${r.holes}×${r.backend}`);
    expect(holes).toEqual(['none×wasm', 'none×js', 'allow×wasm', 'allow×js']);
    for (const r of report.reference.holes) expect(r.combinations).toBe(String(14n ** 8n));
    for (const r of report.reference.holes) {
      expect(r.timing.samplesMs).toHaveLength(3);
      expect(r.combosPerSec).toBeGreaterThan(0);
    }

    const ref = report.reference.runs.map((r) => `${r.backend}×${r.threads}`);
    expect(ref).toEqual(['wasm×1', 'wasm×2', 'js×1', 'js×2', 'naive×1']);
    for (const r of [...report.reference.runs, ...report.family]) {
      expect(r.timing.samplesMs).toHaveLength(3);
      expect(r.combosPerSec).toBeGreaterThan(0);
      expect(Number.isFinite(r.combosPerSec)).toBe(true);
      expect(BigInt(r.range.end) - BigInt(r.range.start)).toBe(BigInt(r.combinations));
    }
    // More threads sweep the very shard one thread does.
    const wasm = report.reference.runs.filter((r) => r.backend === 'wasm');
    expect(wasm[1]!.range).toEqual(wasm[0]!.range);

    const grids = new Set(report.family.map((r) => r.grid));
    expect(grids.size).toBe(6);
    expect(report.family).toHaveLength(3 * 6);

    expect(report.count.map((c) => c.depth)).toContain(24);
    const ref24 = report.count.find((c) => c.name === 'reference constraints, depth 8')!;
    expect(ref24.feasible).toBe('83975102');
    const chain = report.analysis.at(-1)!;
    expect(chain.layers).toBe(10_000);
    expect(chain.nsPerLayer).toBeGreaterThan(0);
    expect(report.analysis.length).toBeGreaterThan(1);

    for (const svg of [paths.depthSvg, paths.threadsSvg]) {
      const text = readFileSync(svg, 'utf8');
      expect(text.startsWith('<svg')).toBe(true);
      expect(text).toContain('combinations / s');
    }
    const md = readFileSync(paths.markdown, 'utf8');
    for (const heading of [
      '## Machine',
      '## Search: reference grid',
      '## Search: the cost of the holes rule (reference grid)',
      '## count()',
      '## Analysis',
      '## Method',
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('![throughput vs depth](bench-depth.svg)');
    expect(md).toContain('![throughput vs threads](bench-threads.svg)');
    expect(md).toContain(report.machine.cpu);
    expect(lines.at(-1)).toMatch(/^wrote /);
  });
});
