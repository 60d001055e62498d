// What a MODEL file is when its name does not say (`/dev/stdin`, `<(...)`, `-`, a file without an
// extension): an ONNX model (protobuf), a JSON model, compact text, or something else, described
// in one line — with hex for its first bytes, never the raw bytes (NUL, BEL) on the terminal.

export type Sniffed =
  | { kind: 'onnx' }
  | { kind: 'json'; text: string }
  | { kind: 'compact'; text: string }
  /** Not a model: what it looks like, and what to do about it where something can be done. */
  | { kind: 'other'; what: string; advice?: string };

/** The fields an ONNX ModelProto starts with, as protobuf tag bytes (ir_version comes first in practice). */
const ONNX_FIRST_TAGS = new Set([
  0x08, // 1 ir_version (varint)
  0x12, // 2 producer_name
  0x1a, // 3 producer_version
  0x22, // 4 domain
  0x28, // 5 model_version (varint)
  0x32, // 6 doc_string
  0x3a, // 7 graph
  0x42, // 8 opset_import
  0x72, // 14 metadata_props
]);

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** Well-known formats a MODEL argument may be by mistake, and what to do about each. */
const KNOWN: { test: (b: Uint8Array) => boolean; what: string; advice?: string }[] = [
  {
    test: (b) => ascii(b, 0, 4) === 'PK\x03\x04',
    what: 'a zip archive (as PyTorch .pt/.pth checkpoints are)',
    advice: 'export the model with torch.onnx.export',
  },
  {
    test: (b) => b[0] === 0x80 && b[1]! >= 2 && b[1]! <= 5,
    what: 'a Python pickle (an old PyTorch checkpoint?)',
    advice: 'export the model with torch.onnx.export',
  },
  {
    test: (b) => ascii(b, 0, 8) === '\x89HDF\r\n\x1a\n',
    what: 'an HDF5 file (a Keras .h5 model?)',
    advice: 'convert it to ONNX, e.g. with tf2onnx',
  },
  {
    test: (b) => ascii(b, 4, 8) === 'TFL3',
    what: 'a TensorFlow Lite model',
    advice: 'convert it to ONNX, e.g. with tf2onnx',
  },
  {
    test: (b) => b.length > 9 && b[6] === 0 && b[7] === 0 && b[8] === 0x7b && b[9] === 0x22,
    what: 'a safetensors file (weights without the architecture)',
    advice: 'export the model to ONNX',
  },
  {
    test: (b) => b[0] === 0x1f && b[1] === 0x8b,
    what: 'gzip-compressed data',
    advice: 'decompress it first',
  },
  { test: (b) => ascii(b, 0, 4) === '\x00asm', what: 'a WebAssembly module' },
  { test: (b) => ascii(b, 0, 4) === '\x7fELF', what: 'an executable (ELF)' },
  { test: (b) => ascii(b, 0, 4) === '%PDF', what: 'a PDF document' },
  { test: (b) => ascii(b, 0, 4) === '\x89PNG', what: 'a PNG image' },
  { test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, what: 'a JPEG image' },
];

/** `00 61 62 07 …`: the first bytes in hex. */
function hexStart(bytes: Uint8Array): string {
  const shown = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 8 ? `${shown} …` : shown;
}

/** The first control character of `text` that text files do not hold, if any. */
function controlChar(text: string): { at: number; code: number } | undefined {
  // Tab, line feed, form feed and carriage return are text; other C0 controls and DEL are not.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  const m = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.exec(text);
  return m ? { at: m.index, code: m[0].charCodeAt(0) } : undefined;
}

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: 'other', what: 'an empty input' };
  const known = KNOWN.find((k) => k.test(bytes));
  if (known) return { kind: 'other', what: known.what, ...(known.advice ? { advice: known.advice } : {}) };
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    text = undefined;
  }
  const control = text === undefined ? undefined : controlChar(text);
  if (text !== undefined && control === undefined) {
    return /^\s*[{[]/.test(text) ? { kind: 'json', text } : { kind: 'compact', text };
  }
  if (ONNX_FIRST_TAGS.has(bytes[0]!)) return { kind: 'onnx' };
  if (control !== undefined && text !== undefined) {
    const hex = control.code.toString(16).padStart(2, '0');
    return { kind: 'other', what: `text with a control character (0x${hex} at character ${control.at + 1})` };
  }
  return { kind: 'other', what: `binary data, not ONNX (it starts ${hexStart(bytes)})` };
}
