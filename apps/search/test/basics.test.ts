// Help, version, and how bad command lines and bad input fail: one line, the right exit code.
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { expectOneLine, run, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SMALL = { depth: 3, choices: { kernel: [1, 3], stride: [1, 2] }, constraints: { rf: { min: 5 } } };

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it.each([[[]], [['search']], [['count']], [['merge']], [['analyze']]])(
    '--help works for %j',
    async (cmd) => {
      const r = await run([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: rfkit/);
      if (cmd.length === 0) expect(r.stdout).toMatch(/search[\s\S]*count[\s\S]*merge[\s\S]*analyze/);
    },
  );

  it('without a command it shows help on stderr and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: rfkit/);
  });
});

describe('usage errors exit 2 with one line', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['unknown flag', ['search', '--dept', '3'], /unknown option '--dept'.*--depth/],
    ['non-integer depth', ['search', '--depth', 'x'], /--depth.*'x'.*integer/],
    ['zero threads', ['search', '--default', '--threads', '0'], /--threads.*'0'/],
    ['bad kernel list', ['search', '--depth', '2', '--kernels', '3,a', '--strides', '1'], /--kernels.*'3,a'/],
    ['bad rf range', ['search', '--default', '--rf', '400..200'], /--rf.*400.*200/],
    ['bad shard', ['search', '--default', '--shard', '4/4'], /--shard.*'4\/4'/],
    ['bad format', ['search', '--default', '--format', 'xml'], /--format.*xml.*table, json, csv/],
    ['bad backend', ['search', '--default', '--backend', 'gpu'], /--backend.*gpu/],
    ['no space', ['search', '--kernels', '3'], /no search space.*--depth.*--strides/],
    ['file and --default', ['count', 'x.json', '--default'], /either SPACE.json or --default/],
    ['merge without files', ['merge'], /missing required argument/],
    ['analyze extra argument', ['analyze', 'conv3', 'conv5'], /too many arguments|unexpected/i],
    ['analyze bad input size', ['analyze', 'conv3', '--input', '0'], /--input.*'0'/],
  ];
  it.each(cases)('%s', async (_name, args, pattern) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(pattern);
    expect(r.stdout).toBe('');
  });
});

describe('bad input exits 1 with one line naming the problem', () => {
  it('a missing space file', async () => {
    const r = await run(['count', tmp.file('nope.json')]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/nope\.json: no such file/);
  });

  it('a malformed space file', async () => {
    const f = tmp.file('broken.json', '{ "depth": 3, ');
    const r = await run(['search', f]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/broken\.json: not valid JSON/);
  });

  it('a space file that is not an object', async () => {
    const f = tmp.file('array.json', '[1, 2]');
    const r = await run(['count', f]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/array\.json: expected a search space/);
  });

  it('an invalid field names the file, the field and the value', async () => {
    const f = tmp.file('bad-kernel.json', { ...SMALL, choices: { kernel: [3, 0], stride: [1] } });
    const r = await run(['search', f]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/bad-kernel\.json: .*choices\.kernel\[1\].*0/);
  });

  it('an unknown field in the space', async () => {
    const f = tmp.file('extra.json', { ...SMALL, colour: 'red' });
    const r = await run(['count', f]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/extra\.json: .*colour/);
  });

  it('a space too large to search', async () => {
    const args = [
      'search',
      '--depth',
      '13',
      '--kernels',
      '1,3,5,7',
      '--strides',
      '1,2',
      '--dilations',
      '1,2',
    ];
    const r = await run([...args, '--engine', 'sweep', '--quiet']);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(
      /too large.*\(794 trillion combinations.*--engine dp.*--shard i\/n.*rfkit count/,
    );
    expect(r.stdout).toBe('');
    // The default engine (auto) answers the whole space with the DP.
    const auto = await run([...args, '--format', 'json', '--quiet']);
    expect(auto.code).toBe(0);
    expect(JSON.parse(auto.stdout)).toMatchObject({ engine: 'dp', evaluated: '793714773254144' });
  });

  it('a space beyond 2^53 combinations: shards cannot help, so the advice does not offer them', async () => {
    const r = await run([
      'search',
      '--depth',
      '60',
      '--kernels',
      '1,3',
      '--strides',
      '1',
      '--engine',
      'sweep',
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    const line = expectOneLine(r.stderr);
    expect(line).toMatch(/too large.*\(1.15 quintillion combinations.*2\^53.*rfkit count/);
    expect(line).not.toMatch(/--shard/);
    expect(r.stdout).toBe('');
  });

  it('a space whose strides could overflow', async () => {
    const r = await run(['search', '--depth', '60', '--kernels', '1,3', '--strides', '1,2', '--quiet']);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/strides.*could pass 2\^53/);
    expect(r.stdout).toBe('');
  });

  it('--debug adds the stack trace', async () => {
    const f = tmp.file('broken2.json', '{');
    const r = await run(['count', f, '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken2\.json: not valid JSON[\s\S]*\n\s+at /);
  });

  it('a failed --out leaves no file behind', async () => {
    const out = tmp.file('no-such-dir/out.json');
    const r = await run([
      'search',
      '--depth',
      '2',
      '--kernels',
      '1,3',
      '--strides',
      '1',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/out\.json: cannot write \(no such folder/);
    expect(readdirSync(tmp.dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });
});
