// Readable, unique layer names from ONNX node names.
//
// PyTorch names nodes after the module scopes they come from, one segment per scope, where a
// child of a Sequential repeats its parent's local name: "/layer1/layer1.0/downsample/
// downsample.0/Conv". Folding each such repeat into the path gives the module's qualified name
// ("layer1.0.downsample.0"), which is what a PyTorch user knows the layer by.

import type { IrNode } from './ir.js';

const RESERVED = 'input';

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9_.:-]+/g, '_').replace(/^[_.]+|[_.]+$/g, '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The module path of a scoped node name, or the name itself when it has no scopes. */
export function baseName(node: IrNode): string {
  const segments = node.name.split('/').filter((s) => s !== '');
  if (segments.length > 1 && node.opType !== '') {
    const last = segments[segments.length - 1] as string;
    if (new RegExp(`^${escapeRegExp(node.opType)}(_\\d+)?$`).test(last)) segments.pop();
  }
  let path = '';
  let prev = '';
  for (const seg of segments) {
    if (prev !== '' && seg.startsWith(`${prev}.`)) path = `${path}${seg.slice(prev.length)}`;
    else path = path === '' ? seg : `${path}.${seg}`;
    prev = seg;
  }
  const clean = sanitize(path);
  if (clean !== '') return clean;
  const fromOutput = sanitize(node.outputs.find((o) => o !== '') ?? '');
  if (fromOutput !== '') return fromOutput;
  return sanitize(node.opType).toLowerCase() || 'layer';
}

/** Hands out unique names; `input` is reserved for the model input. */
export class Namer {
  private readonly used = new Set<string>([RESERVED]);

  take(node: IrNode): string {
    const base = baseName(node);
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}
