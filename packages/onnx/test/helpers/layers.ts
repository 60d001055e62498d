import type { LayerSpec } from 'rfkit';
import { importOnnx } from '../../src/index.js';

/** The layers that importOnnx writes for a file. */
export const layers = (bytes: Uint8Array): LayerSpec[] => importOnnx(bytes).model.layers;
