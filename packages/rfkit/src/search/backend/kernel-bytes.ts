// The kernel init() compiles when given none: the bytes inlined in the bundle, so consumers need no
// loader or hosted file (in the workerd build, the rfkit.wasm module the host imports instead).
// Only compile.ts imports this, so the worker bundle (which receives the compiled module) stays
// small, and a bundle that never searches carries no kernel.

import inlinedKernel from '@rfkit/kernel/release.wasm';

export default inlinedKernel;
