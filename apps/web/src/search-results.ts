// The results of a search: the table of the best combinations (with the pixels each really
// covers), the Pareto front of rf against cost with each point's architecture, the histogram of rf
// over the feasible combinations, and the CSV / JSON downloads.
import type { Chart as ChartType } from 'chart.js';
import { type Candidate, resultToJSON, type SweepResult } from 'rfkit';
import { clear, h } from './dom.js';
import { TERMS } from './glossary.js';
import { compactOf } from './lib.js';

export interface ShownResult {
  result: SweepResult;
  inputSize: number | undefined;
  objective: string;
}

/** The result as CSV: one line per top combination (what the table shows). */
export function resultCsv(r: ShownResult): string {
  const lines = ['rank,rf,stride,covered,cost,index,layers'];
  r.result.top.forEach((c, i) => {
    lines.push(
      [i + 1, c.rf, c.stride, c.covered, c.cost, String(c.index), `"${compactOf(c.layers)}"`].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

export class SearchResults {
  readonly root: HTMLElement;
  private table = h('div', { id: 'search-results' });
  private exports = h('div', { class: 'row-actions', id: 'search-exports', hidden: true });
  private paretoCanvas = h('canvas', {
    id: 'pareto-chart',
    role: 'img',
    'aria-label': 'Pareto front: rf against cost',
  });
  private histCanvas = h('canvas', {
    id: 'histogram-chart',
    role: 'img',
    'aria-label': 'histogram of rf over feasible combinations',
  });
  private hover = h('p', { class: 'info mono', id: 'pareto-hover', 'aria-live': 'polite' });
  private paretoList = h('ol', { id: 'pareto-list' });
  private charts = h(
    'div',
    { class: 'search-charts', hidden: true },
    h('div', { class: 'chart-box' }, this.paretoCanvas),
    this.hover,
    h('details', { class: 'pareto-table' }, h('summary', {}, 'The Pareto front as a list'), this.paretoList),
    h('div', { class: 'chart-box' }, this.histCanvas),
  );
  private pareto: ChartType | null = null;
  private hist: ChartType | null = null;
  private urls: string[] = [];

  constructor(private open: (c: Candidate, label: string) => void) {
    this.root = h('div', { class: 'search-out' }, h('div', {}, this.table, this.exports), this.charts);
  }

  show(r: ShownResult): void {
    clear(this.table);
    const { result } = r;
    if (result.top.length === 0) {
      // The library says why when nothing can be feasible (a constraint out of reach, or holes).
      const why = result.warnings.map((w) => w.message).join(' ');
      this.table.append(
        h(
          'p',
          { class: 'info', id: 'no-results' },
          why || 'No feasible combination: widen the rf range or the lists.',
        ),
      );
    } else {
      const head = ['#', 'rf', 'stride', 'covered', r.objective, 'layers (same padding)', ''];
      this.table.append(
        h(
          'table',
          { class: 'grid results', id: 'top-table' },
          h('caption', { class: 'sr-only' }, 'The best combinations found'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              head.map((t) =>
                h('th', { scope: 'col', title: t === 'covered' ? TERMS.covered.short : null }, t),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            result.top.map((c, i) => {
              return h(
                'tr',
                { 'data-result': i },
                h('td', { 'data-label': '#' }, String(i + 1)),
                h('td', { 'data-label': 'rf' }, String(c.rf)),
                h('td', { 'data-label': 'stride' }, String(c.stride)),
                h(
                  'td',
                  { 'data-label': 'covered', class: c.covered < c.rf ? 'holes' : '' },
                  String(c.covered),
                ),
                h('td', { 'data-label': r.objective }, c.cost.toLocaleString('en')),
                h('td', { class: 'mono', 'data-label': 'layers' }, compactOf(c.layers)),
                h(
                  'td',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'open-result',
                      'aria-label': `open result ${i + 1} in the calculator`,
                      onclick: () => this.open(c, `search #${i + 1}`),
                    },
                    'Open',
                  ),
                ),
              );
            }),
          ),
        ),
      );
    }
    if (result.top.some((c) => c.covered < c.rf)) {
      this.table.append(
        h(
          'p',
          { class: 'info', id: 'holes-note' },
          'covered in orange: unit 0 depends on fewer pixels (per axis) than its rf spans — dilation or strides leave holes (gridding). Open a result to see them in the visualiser.',
        ),
      );
    }
    this.showExports(r);
    this.charts.hidden = false;
    void this.drawCharts(r);
  }

  private showExports(r: ShownResult): void {
    for (const u of this.urls) URL.revokeObjectURL(u);
    this.urls = [];
    const link = (id: string, label: string, name: string, type: string, text: string) => {
      const url = URL.createObjectURL(new Blob([text], { type }));
      this.urls.push(url);
      return h('a', { id, class: 'button', href: url, download: name }, label);
    };
    clear(this.exports);
    this.exports.append(
      link('download-csv', 'Download CSV', 'rfkit-search.csv', 'text/csv', resultCsv(r)),
      link(
        'download-json',
        'Download JSON',
        'rfkit-search.json',
        'application/json',
        `${JSON.stringify(resultToJSON(r.result), null, 2)}\n`,
      ),
    );
    this.exports.hidden = false;
  }

  private async drawCharts(r: ShownResult): Promise<void> {
    const { Chart } = await import('./charts.js');
    const { result } = r;
    const pts = (cs: Candidate[]) => cs.map((c) => ({ x: c.rf, y: c.cost }));
    const describe = (c: Candidate) =>
      `rf ${c.rf}, ${r.objective} ${c.cost.toLocaleString('en')}: ${compactOf(c.layers)}`;
    const arch = (datasetIndex: number, index: number) =>
      (datasetIndex === 0 ? result.pareto : result.top)[index];
    this.pareto?.destroy();
    this.pareto = new Chart(this.paretoCanvas, {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'Pareto front (larger rf, lower cost)',
            data: pts(result.pareto),
            showLine: true,
            stepped: 'after',
            borderColor: '#2563eb',
            backgroundColor: '#2563eb',
            pointRadius: 4,
          },
          {
            label: 'top results',
            data: pts(result.top),
            borderColor: '#ea580c',
            backgroundColor: '#ea580c',
            pointRadius: 3,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          tooltip: {
            callbacks: {
              // The architecture behind the point, not only its coordinates.
              label: (ctx) => {
                const c = arch(ctx.datasetIndex, ctx.dataIndex);
                return c ? describe(c) : '';
              },
              footer: () => 'click to open in the calculator',
            },
          },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'receptive field' } },
          y: { type: 'linear', title: { display: true, text: r.objective } },
        },
        onHover: (_e, elements) => {
          const el = elements[0];
          const c = el ? arch(el.datasetIndex, el.index) : undefined;
          if (c) this.hover.textContent = describe(c);
        },
        onClick: (_e, elements) => {
          const el = elements[0];
          if (!el) return;
          const c = arch(el.datasetIndex, el.index);
          if (c) this.open(c, `pareto rf ${c.rf}`);
        },
      },
    });
    // Where each front point was drawn (tests hover them; the list below serves keyboards).
    this.paretoCanvas.dataset.points = JSON.stringify(
      this.pareto.getDatasetMeta(0).data.map((p) => [Math.round(p.x), Math.round(p.y)]),
    );
    clear(this.paretoList);
    this.paretoList.append(
      ...result.pareto.map((c) =>
        h(
          'li',
          {},
          `${describe(c)} `,
          h('button', { type: 'button', onclick: () => this.open(c, `pareto rf ${c.rf}`) }, 'Open'),
        ),
      ),
    );
    this.histCanvas.dataset.bins = JSON.stringify(result.histogram.map((b) => [b.rf, String(b.count)]));
    this.hist?.destroy();
    this.hist = new Chart(this.histCanvas, {
      type: 'bar',
      data: {
        labels: result.histogram.map((b) => String(b.rf)),
        datasets: [
          {
            label: 'feasible combinations per rf',
            data: result.histogram.map((b) => Number(b.count)),
            backgroundColor: 'rgba(37,99,235,0.6)',
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          tooltip: {
            callbacks: {
              label: (ctx) =>
                `${result.histogram[ctx.dataIndex]!.count.toLocaleString('en')} combinations with rf ${ctx.label}`,
            },
          },
        },
        scales: {
          x: { title: { display: true, text: 'receptive field' } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'feasible combinations' } },
        },
      },
    });
  }
}
