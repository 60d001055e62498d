// Entry point: builds the three views over one shared state and keeps the tabs in step with the URL.
import './style.css';
import { App } from './app.js';
import { Calculator } from './calculator.js';
import { h } from './dom.js';
import { SearchView } from './search-view.js';
import { VIEWS, type View } from './url-state.js';
import { Visualiser } from './visualiser.js';

const TITLES: Record<View, string> = { calc: 'Calculator', vis: 'Visualiser', search: 'Search' };

async function main(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app element');
  // The analysis here is plain TypeScript; only the search worker loads the wasm kernel.
  const app = new App(location.search);
  const calc = new Calculator(app);
  const vis = new Visualiser(app);
  const search = new SearchView(app);
  const sections: Record<View, HTMLElement> = { calc: calc.root, vis: vis.root, search: search.root };
  const tabs = VIEWS.map((v) =>
    h(
      'button',
      { type: 'button', role: 'tab', id: `tab-${v}`, 'data-view': v, onclick: () => app.setView(v) },
      TITLES[v],
    ),
  );
  root.append(
    h(
      'header',
      {},
      h('h1', {}, 'rfkit ', h('small', {}, 'receptive fields, exactly')),
      h('nav', { role: 'tablist' }, tabs),
    ),
    h('main', {}, calc.root, vis.root, search.root),
  );
  const show = () => {
    for (const v of VIEWS) {
      sections[v].hidden = v !== app.state.view;
      tabs[VIEWS.indexOf(v)]!.setAttribute('aria-selected', String(v === app.state.view));
    }
    if (app.state.view === 'vis') vis.render();
  };
  app.on((_, why) => {
    if (why === 'view' || why === 'load') show();
  });
  window.addEventListener('popstate', () => app.reload(location.search));
  show();
  document.body.dataset.ready = 'true';
}

void main();
