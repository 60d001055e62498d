// Turning what init() was given into a compiled kernel: a compiled WebAssembly.Module as it is
// (Cloudflare Workers import one; pages that may not compile get one from elsewhere), bytes
// compiled here, a URL fetched (streaming compilation where the server says application/wasm), a
// fetch() Response (or a Promise of one) read. A compilation that fails is explained by diagnose.ts.

import { invalidArgument, wasmUnavailable } from '../../errors.js';
import { compileFailure } from './diagnose.js';
import type { KernelSource, ResponseLike } from './init-options.js';
import { isWasmModule, type WasmModule, wasmApi } from './wasm-api.js';

type Api = NonNullable<ReturnType<typeof wasmApi>>;

function isBytes(value: unknown): value is ArrayBuffer | ArrayBufferView {
  return (
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    Object.prototype.toString.call(value) === '[object ArrayBuffer]'
  );
}

function isResponse(value: unknown): value is ResponseLike {
  return typeof (value as ResponseLike | null)?.arrayBuffer === 'function';
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** A URL given as a string or URL object, as text. */
function urlOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const href = (value as { href?: unknown } | null)?.href;
  return typeof href === 'string' && !isResponse(value) ? href : undefined;
}

async function compileBytes(api: Api, bytes: ArrayBuffer | ArrayBufferView): Promise<WasmModule> {
  // As a Uint8Array of this realm: engines refuse some views (and buffers of other realms).
  const view = ArrayBuffer.isView(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
  try {
    return await api.compile(view);
  } catch (e) {
    throw await compileFailure(api, e);
  }
}

async function compileResponse(api: Api, response: ResponseLike, where: string): Promise<WasmModule> {
  if (response.ok === false) {
    throw wasmUnavailable(
      'fetch-failed',
      `fetching the sweep kernel from ${where} failed: HTTP ${response.status ?? '?'}`,
    );
  }
  // Streaming compilation needs the wasm MIME type; any other server gets the plain path.
  const type = response.headers?.get('content-type') ?? '';
  if (api.compileStreaming !== undefined && /^application\/wasm\b/i.test(type)) {
    try {
      return await api.compileStreaming(response);
    } catch (e) {
      throw await compileFailure(api, e);
    }
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch (e) {
    throw wasmUnavailable(
      'fetch-failed',
      `reading the sweep kernel from ${where} failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return compileBytes(api, bytes);
}

async function fetchKernel(api: Api, url: string): Promise<WasmModule> {
  const fetchFn = (globalThis as { fetch?: (url: string) => Promise<ResponseLike> }).fetch;
  if (fetchFn === undefined) {
    throw wasmUnavailable(
      'fetch-failed',
      `cannot fetch the sweep kernel from ${url}: this host has no fetch()`,
    );
  }
  let response: ResponseLike;
  try {
    response = await fetchFn(url);
  } catch (e) {
    const hint = url.startsWith('file:')
      ? ' (in Node, pass the bytes: init({ wasm: await readFile(path) }))'
      : '';
    throw wasmUnavailable(
      'fetch-failed',
      `fetching the sweep kernel from ${url} failed: ${e instanceof Error ? e.message : String(e)}${hint}`,
    );
  }
  return compileResponse(api, response, url);
}

/** The compiled kernel of `source`; rejects with RfError `wasm-unavailable` saying why not. */
export async function compileSource(source: KernelSource): Promise<WasmModule> {
  const api = wasmApi();
  if (api === undefined) {
    throw wasmUnavailable('no-webassembly', 'WebAssembly is not available in this environment');
  }
  if (isWasmModule(source)) return source;
  if (isBytes(source)) return compileBytes(api, source);
  if (isResponse(source)) return compileResponse(api, source, source.url || 'the given Response');
  const url = urlOf(source);
  if (url !== undefined) return fetchKernel(api, url);
  if (isThenable(source)) {
    const settled: unknown = await source;
    if (isResponse(settled)) return compileResponse(api, settled, settled.url || 'the given Response');
  }
  return invalidArgument(
    'wasm',
    'expected a WebAssembly.Module, its bytes (ArrayBuffer or typed array), a URL, or a fetch() Response',
  );
}
