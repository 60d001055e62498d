// Graph structure checks and order: every input defined, no tensor produced twice, no cycle.
// Nodes are then visited in a topological order (stable: the file's order where it is valid).

import { RfError } from 'rfkit';
import { describeNode } from './attributes.js';
import type { IrGraph, IrNode } from './ir.js';

export interface Topology {
  /** Nodes in a valid evaluation order. */
  order: IrNode[];
  /** Nodes whose outputs reach a graph output. */
  live: Set<IrNode>;
}

export function topology(graph: IrGraph): Topology {
  const defined = new Set<string>([...graph.initializers.keys(), ...graph.inputs.map((i) => i.name)]);
  const producer = new Map<string, IrNode>();
  for (const node of graph.nodes) {
    for (const out of node.outputs) {
      if (out === '') continue;
      if (producer.has(out)) {
        throw new RfError(
          'invalid-onnx',
          `${describeNode(node)}: tensor "${out}" is produced by more than one node`,
        );
      }
      if (defined.has(out)) {
        throw new RfError(
          'invalid-onnx',
          `${describeNode(node)}: tensor "${out}" is also a graph input or initializer`,
        );
      }
      producer.set(out, node);
    }
  }
  // Kahn's algorithm; a node is ready once every producer of its inputs has run.
  const waiting = new Map<IrNode, number>();
  const consumers = new Map<IrNode, IrNode[]>();
  for (const node of graph.nodes) {
    let count = 0;
    for (const name of new Set(node.inputs)) {
      if (name === '' || defined.has(name)) continue;
      const p = producer.get(name);
      if (!p) {
        throw new RfError(
          'invalid-onnx',
          `${describeNode(node)}: input "${name}" is not produced by any node, nor a graph input or initializer`,
        );
      }
      count++;
      const list = consumers.get(p);
      if (list) list.push(node);
      else consumers.set(p, [node]);
    }
    waiting.set(node, count);
  }
  const ready = new MinHeap();
  for (const n of graph.nodes) if (waiting.get(n) === 0) ready.push(n);
  const order: IrNode[] = [];
  for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
    order.push(node);
    for (const c of consumers.get(node) ?? []) {
      const left = (waiting.get(c) as number) - 1;
      waiting.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  if (order.length !== graph.nodes.length) {
    const stuck = graph.nodes.find((n) => (waiting.get(n) as number) > 0) as IrNode;
    throw new RfError('cycle', `the graph has a cycle through ${describeNode(stuck)}`);
  }
  const live = new Set<IrNode>();
  const stack: string[] = graph.outputs.map((o) => o.name);
  const seen = new Set<string>();
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const p = producer.get(name);
    if (!p || live.has(p)) continue;
    live.add(p);
    for (const i of p.inputs) if (i !== '') stack.push(i);
  }
  return { order, live };
}

/** Nodes by file position, smallest first: keeps the file's order wherever it is valid. */
class MinHeap {
  private readonly items: IrNode[] = [];

  push(node: IrNode): void {
    const a = this.items;
    a.push(node);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as IrNode).index <= node.index) break;
      a[i] = a[parent] as IrNode;
      i = parent;
    }
    a[i] = node;
  }

  pop(): IrNode | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && (a[r] as IrNode).index < (a[l] as IrNode).index ? r : l;
      if ((a[c] as IrNode).index >= last.index) break;
      a[i] = a[c] as IrNode;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
