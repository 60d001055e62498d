// The graph of a multi-path model as boxes and arrows: blocks by name scope (`block1/unit_2/…`,
// `layer1.0.conv1`), each collapsible to one node, and a layered layout (rank = longest path from
// the input, order within a rank by the mean position of the sources). Pure: no DOM.

export interface GraphLayer {
  name: string;
  op: string;
  inputs: string[];
}

export interface GraphNode {
  /** A layer name, a block prefix, or `input`. */
  id: string;
  /** Layers inside (one for a plain layer; none for the input). */
  members: number[];
  /** The layer a click selects: the block's last (its output). -1 for the input. */
  layer: number;
  /** A collapsed block (its prefix), or null. */
  block: string | null;
  /** An open block contains this node: its innermost prefix. */
  parent: string | null;
  rank: number;
  x: number;
  y: number;
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
  /** Every block prefix of the model (two or more layers), for the expand-all control. */
  blocks: string[];
}

export const NODE_W = 150;
export const NODE_H = 38;
const GAP_X = 18;
const GAP_Y = 34;

/** A name's scope prefixes, outermost first: `a/b.c` → `a`, `a/b`. */
export function prefixesOf(name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '/' || name[i] === '.') out.push(name.slice(0, i));
  }
  return out;
}

/** Block prefixes shared by at least two layers (a layer named like the prefix counts). */
export function blocksOf(layers: GraphLayer[]): Set<string> {
  const count = new Map<string, number>();
  const names = new Set(layers.map((l) => l.name));
  for (const l of layers) for (const p of prefixesOf(l.name)) count.set(p, (count.get(p) ?? 0) + 1);
  const out = new Set<string>();
  for (const [p, n] of count) if (n + (names.has(p) ? 1 : 0) >= 2) out.add(p);
  return out;
}

/** The node a layer is drawn in: its outermost closed block, or itself. */
function nodeIdOf(
  name: string,
  blocks: Set<string>,
  open: ReadonlySet<string>,
): { id: string; block: string | null; parent: string | null } {
  let parent: string | null = null;
  for (const p of [...prefixesOf(name), name]) {
    if (!blocks.has(p)) continue;
    if (!open.has(p)) return { id: p, block: p, parent };
    parent = p;
  }
  return { id: name, block: null, parent };
}

export function layoutGraph(layers: GraphLayer[], open: ReadonlySet<string>): GraphLayout {
  const blocks = blocksOf(layers);
  const nodes = new Map<string, GraphNode>();
  const input: GraphNode = {
    id: 'input',
    members: [],
    layer: -1,
    block: null,
    parent: null,
    rank: 0,
    x: 0,
    y: 0,
  };
  nodes.set('input', input);
  const nodeOf = new Map<string, string>([['input', 'input']]);
  layers.forEach((l, i) => {
    const { id, block, parent } = nodeIdOf(l.name, blocks, open);
    nodeOf.set(l.name, id);
    const n = nodes.get(id);
    if (n) {
      n.members.push(i);
      n.layer = i;
    } else nodes.set(id, { id, members: [i], layer: i, block, parent, rank: 0, x: 0, y: 0 });
  });
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  layers.forEach((l, i) => {
    const to = nodeOf.get(l.name)!;
    const inputs = l.inputs.length > 0 ? l.inputs : [i === 0 ? 'input' : layers[i - 1]!.name];
    for (const src of inputs) {
      const from = nodeOf.get(src);
      if (!from || from === to) continue;
      const key = `${from}\u0000${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from, to });
    }
  });
  // Rank by longest path, in the order of each node's first layer (edges back up are ignored).
  const order = [...nodes.values()];
  const pos = new Map(order.map((n, i) => [n.id, i]));
  const incoming = new Map<string, string[]>();
  for (const e of edges) {
    if (pos.get(e.from)! >= pos.get(e.to)!) continue;
    incoming.set(e.to, [...(incoming.get(e.to) ?? []), e.from]);
  }
  for (const n of order) {
    const srcs = incoming.get(n.id) ?? [];
    n.rank =
      srcs.length === 0 ? (n.id === 'input' ? 0 : 1) : Math.max(...srcs.map((s) => nodes.get(s)!.rank)) + 1;
  }
  const ranks: GraphNode[][] = [];
  for (const n of order) (ranks[n.rank] ??= []).push(n);
  const slot = new Map<string, number>();
  let width = 0;
  ranks.forEach((row, r) => {
    if (!row) return;
    // Barycentre of the sources' slots keeps branches under the node they leave.
    const key = (n: GraphNode) => {
      const s = (incoming.get(n.id) ?? []).map((id) => slot.get(id) ?? 0);
      return s.length === 0 ? 0 : s.reduce((x, y) => x + y, 0) / s.length;
    };
    row.sort((p, q) => key(p) - key(q) || pos.get(p.id)! - pos.get(q.id)!);
    row.forEach((n, i) => {
      slot.set(n.id, i - (row.length - 1) / 2);
      n.y = r * (NODE_H + GAP_Y) + 10;
    });
    width = Math.max(width, row.length * (NODE_W + GAP_X));
  });
  for (const n of order) n.x = width / 2 + slot.get(n.id)! * (NODE_W + GAP_X) - NODE_W / 2;
  const height = ranks.length * (NODE_H + GAP_Y) + 10;
  return { nodes: order, edges, width: Math.max(width, NODE_W + GAP_X), height, blocks: [...blocks] };
}
