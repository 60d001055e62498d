// init(): where the kernel comes from (a compiled Module, bytes, a Response, a URL) and, when it
// cannot be compiled, the true reason — the host forbids compiling, the engine lacks SIMD, there
// is no WebAssembly, the bytes are no kernel or another version's — and what searchSync says then.
// Every test imports the search afresh (compile.ts keeps one kernel per process).

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { comparable } from '@rfkit/reference';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SweepSpec } from '../src/types.js';
import { errorOf, rejectionOf } from './support/errors.js';

/** The host's WebAssembly (typed here: the package's lib has no DOM), kept before any stub. */
interface Wasm {
  compile(bytes: Uint8Array): Promise<object>;
  validate(bytes: Uint8Array): boolean;
  CompileError: new (message: string) => Error;
}
const WASM = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

const KERNEL = readFileSync(fileURLToPath(import.meta.resolve('@rfkit/kernel/release.wasm')));
/** The smallest valid module: it compiles, but exports none of the kernel's layout. */
const EMPTY = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const SPEC: SweepSpec = {
  depth: 5,
  choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 12 } },
  objective: 'params',
  top: 5,
};

/** rfkit's entry as a fresh module graph: no kernel compiled yet. */
async function fresh() {
  vi.resetModules();
  return import('../src/index.js');
}

/** The host's WebAssembly with some members replaced (the namespace's members are not enumerable). */
function wasmWith(overrides: Record<string, unknown>): object {
  return Object.create(
    WASM,
    Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, { value: v }])),
  );
}

/** What Cloudflare Workers and a page's CSP without 'wasm-unsafe-eval' do: refuse to compile anything. */
const forbidden = wasmWith({
  compile: () => Promise.reject(new WASM.CompileError('Wasm code generation disallowed by embedder')),
  compileStreaming: () =>
    Promise.reject(new WASM.CompileError('Wasm code generation disallowed by embedder')),
});

let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/rfkit.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end(KERNEL);
    else if (req.url === '/octets')
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(KERNEL);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('init({ wasm }) sources', () => {
  it('a compiled WebAssembly.Module: searches run on it, equal to js', async () => {
    const rf = await fresh();
    await rf.init({ wasm: await WASM.compile(KERNEL) });
    const sync = rf.searchSync(SPEC);
    expect(sync.backend).toBe('wasm');
    expect(comparable(sync)).toEqual(comparable(rf.searchSync(SPEC, { backend: 'js' })));
    expect((await rf.search(SPEC)).backend).toBe('wasm');
  });

  it('bytes: an ArrayBuffer, a Uint8Array, a view into a larger buffer', async () => {
    for (const bytes of [
      KERNEL.buffer.slice(KERNEL.byteOffset, KERNEL.byteOffset + KERNEL.byteLength),
      new Uint8Array(KERNEL),
      new DataView(new Uint8Array([9, 9, ...KERNEL, 9]).buffer, 2, KERNEL.byteLength),
    ]) {
      const rf = await fresh();
      await rf.init({ wasm: bytes });
      expect(rf.searchSync(SPEC).backend).toBe('wasm');
    }
  });

  it('a Response, with or without the wasm MIME type, or a Promise of one', async () => {
    for (const make of [
      () => new Response(KERNEL, { headers: { 'content-type': 'application/wasm' } }),
      () => new Response(KERNEL),
      () => fetch(`${origin}/rfkit.wasm`),
      () => fetch(`${origin}/octets`),
    ]) {
      const rf = await fresh();
      await rf.init({ wasm: make() });
      expect(rf.searchSync(SPEC).backend).toBe('wasm');
    }
  });

  it('a URL, as an object or a string', async () => {
    for (const url of [new URL('/rfkit.wasm', origin), `${origin}/octets`]) {
      const rf = await fresh();
      await rf.init({ wasm: url });
      expect(rf.searchSync(SPEC).backend).toBe('wasm');
    }
  });

  it('a URL that does not serve the kernel: fetch-failed with the status', async () => {
    const rf = await fresh();
    const e = await rejectionOf(rf.init({ wasm: `${origin}/missing.wasm` }));
    expect(e.details).toEqual({ reason: 'fetch-failed' });
    expect(e.message).toMatch(/missing\.wasm failed: HTTP 404/);
    const unreachable = await rejectionOf(rf.init({ wasm: 'http://127.0.0.1:9/rfkit.wasm' }));
    expect(unreachable.details).toEqual({ reason: 'fetch-failed' });
  });

  it('something else is a misuse that names the option', async () => {
    const rf = await fresh();
    for (const bad of [42, {}, null, true]) {
      const e = await rejectionOf(rf.init({ wasm: bad as never }));
      expect(e.code).toBe('invalid-argument');
      expect(e.path).toBe('wasm');
    }
    expect((await rejectionOf(rf.init('x' as never))).path).toBe('options');
    expect((await rejectionOf(rf.init({ wsam: new Uint8Array() } as never))).path).toBe('options.wsam');
  });

  it('a later init({ wasm }) replaces the kernel once it compiled; a failing one leaves it', async () => {
    const rf = await fresh();
    await rf.init();
    const before = rf.searchSync(SPEC);
    expect((await rejectionOf(rf.init({ wasm: EMPTY }))).details).toEqual({ reason: 'layout-mismatch' });
    expect(comparable(rf.searchSync(SPEC))).toEqual(comparable(before));
    await rf.init({ wasm: new Uint8Array(KERNEL) });
    expect(rf.searchSync(SPEC).backend).toBe('wasm');
  });
});

describe('why the kernel cannot run', () => {
  it('bytes that are no module: invalid-kernel, with the engine message', async () => {
    const rf = await fresh();
    const e = await rejectionOf(rf.init({ wasm: new Uint8Array([1, 2, 3, 4]) }));
    expect(e.code).toBe('wasm-unavailable');
    expect(e.details).toEqual({ reason: 'invalid-kernel' });
    expect(e.message).toMatch(/^the sweep kernel did not compile: .+/);
  });

  it("a module that is not this version's kernel: layout-mismatch, naming a slot", async () => {
    const rf = await fresh();
    const e = await rejectionOf(rf.init({ wasm: EMPTY }));
    expect(e.details).toEqual({ reason: 'layout-mismatch' });
    expect(e.message).toMatch(/another memory layout \(\w+: missing in the kernel/);
  });

  it('a host that forbids compiling: forbidden (not SIMD), and a precompiled Module still works', async () => {
    const module = await WASM.compile(KERNEL);
    vi.stubGlobal('WebAssembly', forbidden);
    const rf = await fresh();
    const e = await rejectionOf(rf.init());
    expect(e.details).toEqual({ reason: 'forbidden' });
    expect(e.message).toMatch(
      /forbids compiling WebAssembly \(Wasm code generation disallowed by embedder\)/,
    );
    expect(e.message).toMatch(/'wasm-unsafe-eval'/);
    expect(e.message).not.toMatch(/SIMD/);
    // searchSync says why, not "await init()".
    const sync = errorOf(() => rf.searchSync(SPEC));
    expect(sync.code).toBe('wasm-unavailable');
    expect(sync.details).toEqual({ reason: 'forbidden' });
    expect(sync.message).toMatch(/^searchSync cannot run the wasm backend: this environment forbids/);
    expect(sync.message).not.toMatch(/await init/);
    expect((await rf.search(SPEC)).backend).toBe('js');
    // A module compiled elsewhere needs no compilation here.
    await rf.init({ wasm: module });
    expect(rf.searchSync(SPEC).backend).toBe('wasm');
  });

  it('an engine without SIMD: no-simd', async () => {
    const { compile, validate } = WASM;
    // An engine without SIMD rejects the kernel and any module with a v128 instruction.
    const hasSimd = (b: Uint8Array) => b.includes(0xfd);
    vi.stubGlobal(
      'WebAssembly',
      wasmWith({
        compile: (b: Uint8Array) =>
          hasSimd(b) ? Promise.reject(new WASM.CompileError('invalid opcode 0xfd')) : compile(b),
        validate: (b: Uint8Array) => !hasSimd(b) && validate(b),
      }),
    );
    const rf = await fresh();
    const e = await rejectionOf(rf.init());
    expect(e.details).toEqual({ reason: 'no-simd' });
    expect(e.message).toMatch(/lacks SIMD/);
    expect(errorOf(() => rf.searchSync(SPEC)).details).toEqual({ reason: 'no-simd' });
  });

  it('no WebAssembly at all: no-webassembly; searchSync then runs js, as search() does', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const rf = await fresh();
    expect((await rejectionOf(rf.init())).details).toEqual({ reason: 'no-webassembly' });
    expect(rf.searchSync(SPEC).backend).toBe('js');
  });

  it('before any init: searchSync asks for it', async () => {
    const rf = await fresh();
    const e = errorOf(() => rf.searchSync(SPEC));
    expect(e.code).toBe('invalid-argument');
    expect(e.message).toMatch(/await init\(\)/);
  });

  it('a failure is not final: init() compiles once the host allows it', async () => {
    vi.stubGlobal('WebAssembly', forbidden);
    const rf = await fresh();
    expect((await rejectionOf(rf.init())).details).toEqual({ reason: 'forbidden' });
    vi.unstubAllGlobals();
    await rf.init();
    expect(rf.searchSync(SPEC).backend).toBe('wasm');
  });
});
