// The slice of the WebAssembly JS API the search uses, typed locally: the package compiles against
// lib ES2022 (no DOM), and this keeps it independent of which environment typings a consumer has.

/** A compiled module (WebAssembly.Module): opaque, structured-cloneable to workers. */
export type WasmModule = object;

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  compile(bytes: ArrayBuffer | ArrayBufferView): Promise<WasmModule>;
  /** Absent in some hosts (older Safari, Node before 18). */
  compileStreaming?: (response: unknown) => Promise<WasmModule>;
  validate(bytes: ArrayBuffer | ArrayBufferView): boolean;
  instantiate(module: WasmModule, imports: object): Promise<{ exports: Record<string, unknown> }>;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Module: abstract new (...args: never[]) => object;
}

/** The host's WebAssembly object, or undefined where there is none. */
export function wasmApi(): WasmApi | undefined {
  const api = (globalThis as { WebAssembly?: Partial<WasmApi> }).WebAssembly;
  return typeof api?.compile === 'function' && typeof api.instantiate === 'function'
    ? (api as WasmApi)
    : undefined;
}

/** Whether `value` is a compiled WebAssembly.Module (of this realm or another one). */
export function isWasmModule(value: unknown): value is WasmModule {
  if (typeof value !== 'object' || value === null) return false;
  const api = wasmApi();
  if (api !== undefined && typeof api.Module === 'function' && value instanceof api.Module) return true;
  return Object.prototype.toString.call(value) === '[object WebAssembly.Module]';
}
