// The options of init(): where the WebAssembly kernel comes from. Typed structurally, so that
// rfkit's types need no DOM library.

/** A compiled WebAssembly.Module, typed structurally so that rfkit's types need no DOM library. */
export type WasmModuleLike = object;

/** A fetch() Response, as far as init() reads one. */
export interface ResponseLike {
  readonly ok?: boolean;
  readonly status?: number;
  readonly url?: string;
  readonly headers?: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Where init() takes the WebAssembly kernel from: a compiled `WebAssembly.Module`, its bytes, a
 * URL (a `URL` or a string, fetched), or a fetch() `Response` or a Promise of one.
 */
export type KernelSource =
  | WasmModuleLike
  | ArrayBuffer
  | ArrayBufferView
  | { readonly href: string }
  | string
  | ResponseLike
  | PromiseLike<ResponseLike>;

export interface InitOptions {
  /**
   * The kernel to compile (see KernelSource). Default: the kernel inlined in rfkit (in the
   * `workerd` build: the rfkit.wasm module the host imports).
   */
  wasm?: KernelSource;
}
