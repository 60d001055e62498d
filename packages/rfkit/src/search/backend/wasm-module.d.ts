// `.wasm` imports are inlined as bytes (tsup's `binary` loader; the vitest config mirrors it).
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
