// Bounds that keep a hostile or corrupt file from costing unbounded memory or time.

/**
 * Default `maxBytes`: larger files are refused before decoding. 1 GiB admits real models with
 * their weights (torchvision vgg16 is 528 MiB) — decoding never copies weight payloads — while
 * staying well below protobuf's own 2 GiB message limit.
 */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

/** Largest spatial size, kernel, stride, dilation or padding accepted anywhere (2^24). */
export const MAX_DIM = 1 << 24;

/** Constants with more elements than this are tracked by shape only, never materialised. */
export const MAX_FOLD_ELEMENTS = 4096;

/** Tensors of higher rank are refused. */
export const MAX_RANK = 16;
