// Entry point: builds the views over one shared state, keeps the tabs in step with the URL and
// the browser history, and announces changes to screen readers.
import './style.css';
import { App } from './app.js';
import { Calculator } from './calculator.js';
import { DiagramView } from './diagram.js';
import { h } from './dom.js';
import { SearchView } from './search-view.js';
import { VIEWS, type View } from './url-state.js';
import { Visualiser } from './visualiser.js';

const TITLES: Record<View, string> = {
  calc: 'Calculator',
  vis: 'Visualiser',
  diagram: 'Diagram',
  search: 'Search',
};

async function main(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app element');
  // The analysis here is plain TypeScript; only the search worker loads the wasm kernel.
  const app = await App.fromQuery(location.search);
  const live = h('div', { class: 'sr-only', id: 'live', 'aria-live': 'polite', role: 'status' });
  app.live = live;
  const calc = new Calculator(app);
  const vis = new Visualiser(app);
  const diagram = new DiagramView(app);
  const search = new SearchView(app);
  const sections: Record<View, HTMLElement> = {
    calc: calc.root,
    vis: vis.root,
    diagram: diagram.root,
    search: search.root,
  };
  const tabs = VIEWS.map((v) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${v}`,
        'data-view': v,
        'aria-controls': v,
        onclick: () => app.setView(v),
      },
      TITLES[v],
    ),
  );
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); only the selected tab is in the Tab order.
  const tablist = h('nav', { role: 'tablist', 'aria-label': 'views' }, tabs);
  tablist.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const next =
      e.key === 'ArrowRight'
        ? i + 1
        : e.key === 'ArrowLeft'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const j = (next + tabs.length) % tabs.length;
    tabs[j]!.focus();
    app.setView(VIEWS[j]!);
  });
  root.append(
    h('header', {}, h('h1', {}, 'rfkit ', h('small', {}, 'receptive fields, exactly')), tablist),
    h('main', {}, calc.root, vis.root, diagram.root, search.root),
    live,
  );
  const show = () => {
    for (const v of VIEWS) {
      const on = v === app.state.view;
      sections[v].hidden = !on;
      const tab = tabs[VIEWS.indexOf(v)]!;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    if (app.state.view === 'vis') vis.render();
    if (app.state.view === 'diagram') diagram.render();
  };
  diagram.onEdit = (layer) => {
    app.setView('calc');
    calc.table.focusRow(layer);
  };
  app.on((_, why) => {
    if (why === 'view' || why === 'load') show();
  });
  window.addEventListener('popstate', () => void app.reload(location.search));
  show();
  (window as unknown as { __rfkitIdle: () => boolean }).__rfkitIdle = () => app.idle() && calc.idle();
  document.body.dataset.ready = 'true';
  // The search worker, the charts and the ONNX importer are not needed to show the page, so they
  // are not part of its first load; they are fetched once it is idle, so the page keeps working
  // offline.
  const later = () => {
    search.warm();
    void import('./charts.js');
    void import('./onnx.js');
  };
  if ('requestIdleCallback' in window) requestIdleCallback(later, { timeout: 2000 });
  else setTimeout(later, 1000);
}

void main();
