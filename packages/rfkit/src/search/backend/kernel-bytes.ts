// The compiled sweep kernel, inlined into the bundle so consumers need no loader or hosted file.
// Only compile.ts imports this, so the worker bundle (which receives the compiled module) stays small.

import wasmBytes from '@rfkit/kernel/release.wasm';

export default wasmBytes;
