// `rfkit search` and `rfkit count` end to end: the space from a file or from flags, every format,
// both backends, and the count against the search's feasible count.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { comparable, run, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SPACE = {
  depth: 4,
  choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 12, max: 40 }, stride: 4, inputSize: 64 },
  objective: 'params',
  top: 5,
};
const FLAGS = [
  '--depth',
  '4',
  '--kernels',
  '1,3,5',
  '--strides',
  '1,2',
  '--dilations',
  '1,2',
  '--rf',
  '12..40',
  '--stride',
  '4',
  '--input',
  '64',
  '--objective',
  'params',
  '--top',
  '5',
];
const spaceFile = tmp.file('space.json', SPACE);

describe('search', () => {
  it('the same space from a file and from flags gives the same result', async () => {
    const a = await run(['search', spaceFile, '--format', 'json', '--quiet']);
    const b = await run(['search', ...FLAGS, '--format', 'json', '--quiet']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const ja = JSON.parse(a.stdout);
    expect(ja.complete).toBe(true);
    // Distinct layers: the 1×1 once per stride (2), kernels 3 and 5 with each stride and dilation (8).
    expect(ja.total).toBe(String(10 ** 4));
    expect(ja.top).toHaveLength(5);
    expect(ja.spec).toEqual(SPACE);
    expect(comparable(b.stdout)).toEqual(comparable(ja));
  });

  it('flags override the file', async () => {
    const r = await run(['search', spaceFile, '--top', '2', '--rf', '20..', '--format', 'json', '--quiet']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.top).toHaveLength(2);
    expect(j.spec.constraints.rf).toEqual({ min: 20 });
    expect(j.spec.constraints.stride).toBe(4);
    for (const c of j.top) expect(c.rf).toBeGreaterThanOrEqual(20);
  });

  it('table: a summary paragraph, the top table with compact layers, and the Pareto front', async () => {
    const r = await run(['search', spaceFile, '--pareto', 'all', '--quiet']);
    expect(r.code).toBe(0);
    const j = JSON.parse((await run(['search', spaceFile, '--format', 'json', '--quiet'])).stdout);
    // The summary paragraph is wrapped for the terminal.
    const prose = r.stdout.split('\n\n')[0]!.replace(/\s+/g, ' ');
    expect(prose).toMatch(
      /^Searched 10,000 architectures \(4 layers, each kernel 1\/3\/5 × stride 1\/2 × dilation 1\/2\)/,
    );
    expect(prose).toContain(`${Number(j.feasible).toLocaleString('en-US')} (`);
    expect(prose).toMatch(
      /meet the target: receptive field 12–40 px, total stride 4, at input 64 px, no holes\./,
    );
    expect(prose).toMatch(
      /The cheapest by parameter count \(32 channels, ×2 at every strided layer, at most 1024\) is "conv/,
    );
    expect(r.stdout).toMatch(/Top 5, cheapest first/);
    expect(r.stdout).toMatch(/Pareto front/);
    // Every candidate shows up as a row with its index and a compact layer string.
    for (const c of [...j.top, ...j.pareto]) {
      expect(c.covered).toBe(c.rf);
      expect(r.stdout).toMatch(
        new RegExp(`\\b${c.rf}\\s+${c.covered}\\s+${c.stride}\\s+[\\d,]+\\s+${c.index}\\s+conv`),
      );
    }
    expect(r.stderr).toBe('');
  });

  it('csv: a header and one row per top and Pareto entry', async () => {
    const r = await run(['search', spaceFile, '--format', 'csv', '--quiet']);
    const j = JSON.parse((await run(['search', spaceFile, '--format', 'json', '--quiet'])).stdout);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('list,rank,index,rf,covered,stride,cost,layers');
    expect(lines).toHaveLength(1 + j.top.length + j.pareto.length);
    const first = lines[1]!.split(',');
    expect(first.slice(0, 7)).toEqual([
      'top',
      '1',
      j.top[0].index,
      String(j.top[0].rf),
      String(j.top[0].covered),
      String(j.top[0].stride),
      String(j.top[0].cost),
    ]);
    expect(lines.filter((l) => l.startsWith('pareto,'))).toHaveLength(j.pareto.length);
  });

  it('--out writes the same JSON as --format json', async () => {
    const out = tmp.file('result.json');
    const r = await run(['search', spaceFile, '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const j = await run(['search', spaceFile, '--format', 'json', '--quiet']);
    expect(comparable(readFileSync(out, 'utf8'))).toEqual(comparable(j.stdout));
  });

  it('the wasm and js backends and any thread count agree', async () => {
    const a = await run([
      'search',
      spaceFile,
      '--backend',
      'js',
      '--threads',
      '1',
      '--format',
      'json',
      '--quiet',
    ]);
    const b = await run([
      'search',
      spaceFile,
      '--backend',
      'wasm',
      '--threads',
      '2',
      '--format',
      'json',
      '--quiet',
    ]);
    expect(JSON.parse(a.stdout).backend).toBe('js');
    expect(JSON.parse(b.stdout).backend).toBe('wasm');
    expect(comparable(a.stdout)).toEqual(comparable(b.stdout));
  });

  it('a space with no feasible architecture says so, and why', async () => {
    // Odd kernels only ever give odd receptive fields.
    const r = await run(['search', spaceFile, '--rf', '20']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(
      /None can meet the target \(receptive field = 20 px.*\): no combination meets/,
    );
    expect(r.stdout).not.toMatch(/Top|Pareto/);
    expect(r.stderr).toMatch(/^rfkit: warning: no combination meets the constraints together \(rf 20–20/);
  });

  it('an unreachable target is an empty result with a warning on stderr, exit 0', async () => {
    const r = await run(['search', spaceFile, '--rf', '1000..']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'rfkit: warning: constraints.rf.min 1000 can never be reached: the largest rf is 121\n',
    );
    const j = JSON.parse((await run(['search', spaceFile, '--rf', '1000..', '--format', 'json'])).stdout);
    expect(j).toMatchObject({ feasible: '0', top: [], pareto: [], histogram: [], complete: true });
    expect(j.warnings).toEqual([
      {
        code: 'rf-min-unreachable',
        message: 'constraints.rf.min 1000 can never be reached: the largest rf is 121',
      },
    ]);
    // --quiet keeps stderr silent; the summary still says why.
    const q = await run(['search', spaceFile, '--rf', '1000..', '--quiet']);
    expect(q.stderr).toBe('');
    expect(q.stdout).toMatch(/can never be reached/);
    expect((await run(['count', spaceFile, '--rf', '1000..'])).stdout).toBe('0\n');
  });

  it('--holes allow admits gridded fields, and the table shows what they cover', async () => {
    const none = JSON.parse((await run(['search', spaceFile, '--format', 'json', '--quiet'])).stdout);
    const allow = JSON.parse(
      (await run(['search', spaceFile, '--holes', 'allow', '--top', '50', '--format', 'json', '--quiet']))
        .stdout,
    );
    expect(allow.spec.constraints.holes).toBe('allow');
    expect(BigInt(allow.feasible)).toBeGreaterThan(BigInt(none.feasible));
    expect(allow.top.some((c: { rf: number; covered: number }) => c.covered < c.rf)).toBe(true);
    const counted = await run(['count', spaceFile, '--holes', 'allow']);
    expect(counted.stdout).toBe(`${allow.feasible}\n`);
    const bad = await run(['search', spaceFile, '--holes', 'some']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--holes.*none, allow/);
  });

  it('--default is the 8-layer job; flags shrink it for a quick look', async () => {
    const r = await run(['search', '--default', '--depth', '5', '--format', 'json', '--quiet']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.spec).toEqual({
      depth: 5,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
      constraints: { rf: { min: 224 }, stride: 32, inputSize: 224 },
      objective: 'params',
      top: 10,
    });
    expect(j.total).toBe(String(14 ** 5));
    expect(j.top[0].layers).toHaveLength(5);
  });
});

describe('progress', () => {
  it('is off when stderr is not a terminal', async () => {
    const r = await run(['search', spaceFile, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('--progress forces plain lines with done/total, rate and ETA, ending at 100%', async () => {
    const r = await run(['search', spaceFile, '--format', 'json', '--progress']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^\S+ \d+% \| [\d,]+\/10,000 \| \S+( \S)?\/s \| ETA \S+$/);
    expect(lines.at(-1)).toMatch(/ 100% \| 10,000\/10,000 \|/);
    expect(r.stderr).not.toContain(String.fromCharCode(27));
  });
});

describe('count', () => {
  it('prints bare digits equal to the search feasible count', async () => {
    const c = await run(['count', spaceFile]);
    const s = await run(['search', spaceFile, '--format', 'json', '--quiet']);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/^\d+\n$/);
    expect(c.stdout.trim()).toBe(JSON.parse(s.stdout).feasible);
  });

  it('takes flags and counts spaces far beyond enumeration', async () => {
    const r = await run([
      'count',
      '--depth',
      '40',
      '--kernels',
      '1,3,5,7',
      '--strides',
      '1,2',
      '--rf',
      '100..5000',
      '--stride',
      '1024',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d{20,}\n$/);
  });

  it('counts the default job', async () => {
    const a = await run(['count', '--default', '--depth', '5']);
    const s = await run(['search', '--default', '--depth', '5', '--format', 'json', '--quiet']);
    expect(JSON.parse(s.stdout).feasible).not.toBe('0');
    expect(a.stdout.trim()).toBe(JSON.parse(s.stdout).feasible);
  });
});

describe('search --engine', () => {
  const json = async (args: string[]) => {
    const r = await run(['search', ...args, '--format', 'json', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };
  const withoutEngine = (o: Record<string, unknown>) => {
    const { engine: _g, ...rest } = comparable(o);
    return rest;
  };

  it('sweep and dp give the same result; the JSON and the summary say which engine ran', async () => {
    const sweep = await json([spaceFile, '--engine', 'sweep']);
    const dp = await json([spaceFile, '--engine', 'dp', '--backend', 'js']);
    expect(sweep.engine).toBe('sweep');
    expect(dp.engine).toBe('dp');
    expect(withoutEngine(dp)).toEqual(withoutEngine(sweep));
    const table = await run(['search', spaceFile, '--engine', 'dp', '--quiet']);
    expect(table.stdout.split('\n\n')[0]!.replace(/\s+/g, ' ')).toMatch(
      / in \S+ \S*\s?\(dp engine, wasm\)\./,
    );
    const swept = await run(['search', spaceFile, '--engine', 'sweep', '--threads', '1', '--quiet']);
    expect(swept.stdout.split('\n\n')[0]!.replace(/\s+/g, ' ')).toMatch(/\(sweep, wasm, 1 thread\)\./);
  });

  it('--depth 32 just answers (auto takes the DP), exactly: feasible = count', async () => {
    const r = await run(['search', '--default', '--depth', '32', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(
      /^Searched [\d,]{40,} architectures \(32 layers.*\(dp engine, wasm\)\./,
    );
    const j = await json(['--default', '--depth', '32']);
    expect(j.engine).toBe('dp');
    expect(j.complete).toBe(true);
    const c = await run(['count', '--default', '--depth', '32']);
    expect(j.feasible).toBe(c.stdout.trim());
    expect((j.top as unknown[]).length).toBe(10);
  });

  it('refuses what an engine cannot do with one line and a non-zero exit', async () => {
    const shard = await run(['search', spaceFile, '--engine', 'dp', '--shard', '0/2']);
    expect(shard.code).not.toBe(0);
    expect(shard.stderr.trim().split('\n')).toHaveLength(1);
    expect(shard.stderr).toMatch(/engine.*whole spaces/);
    const big = await run(['search', '--default', '--depth', '32', '--engine', 'sweep']);
    expect(big.code).not.toBe(0);
    expect(big.stderr.trim().split('\n')).toHaveLength(1);
    expect(big.stderr).toMatch(/engine 'dp'|count\(\)|2\^53/);
    const bad = await run(['search', spaceFile, '--engine', 'fast']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/auto, sweep, dp/);
  });
});
