// The diagram tab: a graph of the model's branches and merges (blocks collapsible by name scope;
// a click selects the layer's row), or for a chain the layer-by-layer picture of what one unit
// reads; under either, the selected layer's arithmetic with its numbers.
import { type App, type Change, FALLBACK_SIZE } from './app.js';
import { type ChainPick, chainDiagram, isChain } from './chain-diagram.js';
import { clear, h, svg, tabPanel } from './dom.js';
import { formulaLines, layerSummary } from './formulas.js';
import { type GraphLayout, layoutGraph, NODE_H, NODE_W } from './graph-layout.js';
import type { Analysis } from './lib.js';

/** Models with more layers than this open with their blocks collapsed. */
const OPEN_ALL_UP_TO = 40;

export class DiagramView {
  readonly root: HTMLElement;
  private modeSelect = h('select', { id: 'diagram-mode', 'aria-label': 'diagram' });
  private expandAll = h('button', { type: 'button', id: 'expand-all' }, 'expand all');
  private collapseAll = h('button', { type: 'button', id: 'collapse-all' }, 'collapse all');
  private canvas = h('div', { class: 'diagram-box', id: 'diagram-box' });
  private details = h('div', { class: 'layer-details', id: 'layer-details', 'aria-live': 'polite' });
  private note = h('p', { class: 'info', id: 'diagram-note' });
  private open = new Set<string>();
  private openFor = -1;
  private lastLayout: GraphLayout | null = null;
  /** The selection whose blocks were last opened. */
  private revealed = -1;
  /** Opens a layer in the calculator (set by the page). */
  onEdit: (layer: number) => void = () => {};

  constructor(private app: App) {
    this.modeSelect.append(
      h('option', { value: 'auto' }, 'automatic'),
      h('option', { value: 'graph' }, 'graph of layers'),
      h('option', { value: 'chain' }, 'layer by layer (chains)'),
    );
    this.modeSelect.addEventListener('change', () => this.render());
    this.expandAll.addEventListener('click', () => {
      this.open = new Set(this.lastLayout?.blocks ?? []);
      this.render();
    });
    this.collapseAll.addEventListener('click', () => {
      this.open.clear();
      this.render();
    });
    this.root = tabPanel(
      'diagram',
      h(
        'div',
        { class: 'toolbar' },
        h('label', {}, 'show ', this.modeSelect),
        this.expandAll,
        this.collapseAll,
      ),
      this.note,
      h('div', { class: 'diagram-layout' }, this.canvas, this.details),
    );
    app.on((_, why) => this.onChange(why));
  }

  private onChange(why: Change): void {
    if (why === 'load') this.openFor = -1;
    if (this.app.state.view === 'diagram' && why !== 'search') this.render();
  }

  render(): void {
    const { a, size } = this.app.drawable();
    const report = a.report;
    clear(this.canvas);
    clear(this.details);
    if (!report) {
      this.note.textContent =
        'Nothing to draw: the model has errors before its first layer (see the calculator).';
      return;
    }
    const layers = report.layers;
    const sel = this.app.selected(report);
    const chain = isChain(report);
    const mode = this.modeSelect.value === 'auto' ? (chain ? 'chain' : 'graph') : this.modeSelect.value;
    const width = Math.max(320, Math.min(1100, (this.root.clientWidth || 1000) - 8));
    const drawChain = mode === 'chain' && chain && !layers[sel]!.global;
    this.canvas.classList.toggle('graph', !drawChain);
    this.expandAll.hidden = drawChain;
    this.collapseAll.hidden = drawChain;
    if (drawChain) {
      const axis = report.axes - 1;
      const unit = this.app.state.vis.unit[axis] ?? 0;
      this.note.textContent =
        `Layer by layer along the last axis: unit ${unit} of ${layers[sel]!.name} (top) and, in every layer ` +
        'below, the units it depends on (blue; orange in padding), with lines to what each reads. Click a unit to follow it.' +
        (size ? ` Drawn at input size ${FALLBACK_SIZE}.` : '');
      const pick = (p: ChainPick) =>
        this.app.update(
          'select',
          (s) => {
            s.vis.layer = p.layer;
            s.vis.unit = s.vis.unit.map((u, i) => (i === axis ? p.unit : u));
          },
          'select',
        );
      this.canvas.append(chainDiagram(a.spec, report, sel, unit, axis, width, pick));
    } else {
      this.note.textContent =
        chain && mode === 'chain'
          ? 'A global layer is selected: every unit reads the whole input. The graph shows the model.'
          : 'Boxes are layers, arrows what each reads; a block (± ) folds the layers of one name scope. Click a box to select its layer.';
      this.drawGraph(a, sel);
    }
    this.drawDetails(a, sel);
  }

  private drawGraph(a: Analysis, sel: number): void {
    const report = a.report!;
    if (this.openFor !== report.layers.length) {
      this.openFor = report.layers.length;
      this.open =
        report.layers.length <= OPEN_ALL_UP_TO
          ? new Set(layoutGraph(report.layers, new Set()).blocks)
          : new Set();
    }
    // A layer selected elsewhere (the table, the visualiser) opens the blocks around it.
    if (sel !== this.revealed) {
      this.revealed = sel;
      const name = report.layers[sel]!.name;
      for (const b of layoutGraph(report.layers, new Set()).blocks) {
        if (name.startsWith(`${b}/`) || name.startsWith(`${b}.`)) this.open.add(b);
      }
    }
    const g = layoutGraph(report.layers, this.open);
    this.lastLayout = g;
    const root = svg('svg', {
      id: 'graph',
      viewBox: `0 0 ${g.width} ${g.height}`,
      width: g.width,
      height: g.height,
      role: 'group',
      'aria-label': 'graph of the model’s layers',
    });
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const defs = svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 8 8',
          refX: 7,
          refY: 4,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto',
        },
        svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrow-head' }),
      ),
    );
    root.append(defs);
    // The last layer of each open block, and a frame around the boxes of each.
    const lastOf = new Map<string, number>();
    for (const n of g.nodes) {
      if (!n.parent) continue;
      for (const b of this.open) {
        if (n.parent === b || n.parent.startsWith(`${b}/`) || n.parent.startsWith(`${b}.`)) {
          lastOf.set(b, Math.max(lastOf.get(b) ?? -1, ...n.members));
        }
      }
    }
    for (const b of [...lastOf.keys()].sort((x, y) => x.length - y.length)) {
      const inside = g.nodes.filter(
        (n) => n.parent && (n.parent === b || n.parent.startsWith(`${b}/`) || n.parent.startsWith(`${b}.`)),
      );
      const x0 = Math.min(...inside.map((n) => n.x)) - 6;
      const y0 = Math.min(...inside.map((n) => n.y)) - 16;
      const x1 = Math.max(...inside.map((n) => n.x + NODE_W)) + 6;
      const y1 = Math.max(...inside.map((n) => n.y + NODE_H)) + 6;
      root.append(
        svg('rect', {
          class: 'frame',
          x: x0,
          y: y0,
          width: x1 - x0,
          height: y1 - y0,
          rx: 8,
          'data-frame': b,
        }),
        svg('text', { class: 'frame-label', x: x0 + 6, y: y0 + 11 }, b.length > 40 ? `…${b.slice(-39)}` : b),
      );
    }
    for (const e of g.edges) {
      const s = byId.get(e.from)!;
      const t = byId.get(e.to)!;
      const x1 = s.x + NODE_W / 2;
      const y1 = s.y + NODE_H;
      const x2 = t.x + NODE_W / 2;
      const y2 = t.y;
      const my = (y1 + y2) / 2;
      root.append(
        svg('path', {
          d: `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2 - 2}`,
          class: 'edge',
          'marker-end': 'url(#arrow)',
        }),
      );
    }
    for (const n of g.nodes) {
      const rep = n.layer >= 0 ? report.layers[n.layer]! : null;
      const selected = n.members.includes(sel);
      const label = n.id === 'input' ? 'input' : n.block ? `${n.block}` : (rep?.name ?? n.id);
      const short =
        n.parent && label.length > n.parent.length && label.startsWith(n.parent)
          ? label.slice(n.parent.length + 1)
          : label;
      const sub =
        n.id === 'input'
          ? report.input.size
            ? report.input.size.join('×')
            : 'size unknown'
          : n.block
            ? `${n.members.length} layers · rf ${rep ? rep.rf.map((v) => v ?? '?').join('×') : '?'}`
            : layerSummary(rep!);
      const node = svg(
        'g',
        {
          class: `node${n.block ? ' block' : ''}${selected ? ' selected' : ''}${rep?.op === 'add' || rep?.op === 'concat' || rep?.op === 'mul' ? ' merge' : ''}`,
          transform: `translate(${n.x},${n.y})`,
          tabindex: n.layer >= 0 ? 0 : null,
          role: n.layer >= 0 ? 'button' : null,
          'data-node': n.id,
          'data-layer': n.layer,
          'aria-label': n.layer >= 0 ? `${label}: ${sub}${selected ? ' (selected)' : ''}` : 'model input',
        },
        svg('rect', { width: NODE_W, height: NODE_H, rx: 5 }),
        svg('text', { x: 8, y: 15, class: 'name' }, short.length > 21 ? `…${short.slice(-20)}` : short),
        svg('text', { x: 8, y: 30, class: 'sub' }, sub.length > 26 ? `${sub.slice(0, 25)}…` : sub),
        svg('title', {}, `${label}\n${sub}`),
      );
      if (n.layer >= 0) {
        const choose = () => this.app.select(n.layer);
        node.addEventListener('click', choose);
        node.addEventListener('keydown', (e) => {
          if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') {
            e.preventDefault();
            choose();
          }
        });
      }
      root.append(node);
      // A closed block gets "+"; an open one a single "−", on its output (last) layer's box.
      if (
        n.block ||
        (n.parent && lastOf.get(n.parent) !== undefined && n.members.includes(lastOf.get(n.parent)!))
      ) {
        const prefix = n.block ?? n.parent!;
        const toggle = svg(
          'g',
          {
            class: 'toggle',
            transform: `translate(${n.x + NODE_W - 20},${n.y + 3})`,
            tabindex: 0,
            role: 'button',
            'data-toggle': prefix,
            'aria-label': `${n.block ? 'expand' : 'collapse'} block ${prefix}`,
          },
          svg('rect', { width: 17, height: 15, rx: 3, class: 'btn' }),
          svg('text', { x: 8.5, y: 12, 'text-anchor': 'middle' }, n.block ? '+' : '−'),
        );
        const flip = (e: Event) => {
          e.stopPropagation();
          if (n.block) this.open.add(prefix);
          else
            for (const b of [...this.open])
              if (b === prefix || b.startsWith(`${prefix}/`) || b.startsWith(`${prefix}.`))
                this.open.delete(b);
          this.render();
        };
        toggle.addEventListener('click', flip);
        toggle.addEventListener('keydown', (e) => {
          if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') flip(e);
        });
        root.append(toggle);
      }
    }
    this.canvas.append(root);
    const node = g.nodes.find((n) => n.members.includes(sel));
    if (node) {
      this.canvas.scrollTop = Math.max(0, node.y - this.canvas.clientHeight / 2);
      this.canvas.scrollLeft = Math.max(0, node.x - this.canvas.clientWidth / 2);
    }
  }

  private drawDetails(a: Analysis, sel: number): void {
    const report = a.report!;
    const l = report.layers[sel]!;
    const spec = a.spec.layers[sel]!;
    const axes = report.axes;
    const same = (f: 'rf' | 'jump' | 'effectivePadding') => l[f].every((v) => v === l[f][0]);
    const perAxis = axes > 1 && !(same('rf') && same('jump') && same('effectivePadding'));
    const axesShown = perAxis ? Array.from({ length: axes }, (_, i) => i) : [axes - 1];
    this.details.append(
      h('h3', {}, `${sel}: ${l.name} (${l.op})`),
      ...axesShown.map((ax) =>
        h(
          'div',
          {},
          perAxis ? h('h4', {}, `axis ${ax}`) : null,
          h('pre', { class: 'formula', 'data-axis': ax }, formulaLines(report, sel, spec, ax).join('\n')),
        ),
      ),
      h(
        'div',
        { class: 'row-actions' },
        h(
          'button',
          { type: 'button', id: 'details-edit', onclick: () => this.onEdit(sel) },
          'Edit in the calculator',
        ),
        h(
          'button',
          { type: 'button', id: 'details-vis', onclick: () => this.app.setView('vis') },
          'Visualise this layer',
        ),
      ),
    );
  }
}
