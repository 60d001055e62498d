// `.wasm` imports become a function that returns the kernel (the tsup and vitest plugins decode
// inlined bytes on the first call, so bundles that never call it drop them; the workerd build
// returns the WebAssembly.Module the host imported).
declare module '*.wasm' {
  const kernel: () => Uint8Array | object;
  export default kernel;
}
