// Regenerates apps/web/screenshots/: every view, desktop (1366×900) and phone (390×844).
// `pnpm --filter @rfkit/web screenshots`. The tests never write these files.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  appDir,
  buildApp,
  DESKTOP,
  launch,
  openPage,
  PHONE,
  reveal,
  serve,
  settled,
} from '../test/support/browser.js';

const shotDir = join(appDir, 'screenshots');
const only = process.argv[2];

interface Shot {
  name: string;
  query: string;
  /** Brings the page into the state to capture. */
  prepare?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  {
    name: 'calculator',
    query: 'zoo=vgg_16',
    prepare: async (p) => {
      await reveal(p, 17);
      await p.click('#layers tr[data-row="17"] button.select');
    },
  },
  {
    name: 'calculator-error',
    query: '',
    prepare: async (p) => {
      await p.fill('#layers tr[data-row="2"] [data-field="stride"]', '0');
      await p.fill('#layers tr[data-row="3"] [data-field="inputs"]', 'nowhere');
    },
  },
  {
    name: 'calculator-merge-warning',
    query: '',
    prepare: async (p) => {
      await p.fill('#paste', 'in32 a:conv3p1 b:conv3p0/2(a) s:add(a,b) c:conv3s2p1(s) d:conv3p1d2');
      await p.click('#paste-load');
    },
  },
  {
    name: 'visualiser',
    query: 'view=vis&zoo=resnet_v1_50&unit=3,2',
  },
  {
    // The effective receptive field beside the theoretical one: vgg_16's pool5, a unit near the middle.
    name: 'visualiser-erf',
    query: 'view=vis&zoo=vgg_16&layer=17&unit=3,3',
  },
  {
    name: 'visualiser-union',
    query: '',
    prepare: async (p) => {
      await p.fill('#paste', 'in32 x:identity a:conv3p1(x) b:conv3p6d6(x) s:add(a,b)');
      await p.click('#paste-load');
      await p.click('#tab-vis');
      await p.locator('#output-canvas').click({ position: { x: 5, y: 5 } });
      for (let i = 0; i < 12; i++) await p.keyboard.press('ArrowRight');
      for (let i = 0; i < 12; i++) await p.keyboard.press('ArrowDown');
    },
  },
  {
    name: 'visualiser-3d',
    query: '',
    prepare: async (p) => {
      await p.fill(
        '#paste',
        'in12x16x16 a:conv3x1x1p1x0x0 b:conv1x3x3d1x2x2p0x2x2(input) s:add(a,b) c:conv3s2p1(s)',
      );
      await p.click('#paste-load');
      await p.click('#tab-vis');
      await p.selectOption('#vis-layer', '2');
    },
  },
  { name: 'diagram-graph', query: 'view=diagram&zoo=inception_v3&layer=20' },
  { name: 'diagram-chain', query: 'view=diagram&zoo=vgg_16&layer=9&unit=3,3' },
  {
    name: 'search',
    query: 'view=search',
    prepare: async (p) => {
      await p.waitForFunction(() => !(document.getElementById('run-search') as HTMLButtonElement).disabled);
      await p.click('#run-search');
      await p.waitForSelector('#top-table tr[data-result]');
      await p.waitForSelector('#pareto-chart[data-points]');
    },
  },
];

async function main(): Promise<void> {
  const dist = await buildApp(join(appDir, 'dist-screenshots'));
  const { server, origin } = await serve(dist);
  const browser = await launch();
  mkdirSync(shotDir, { recursive: true });
  try {
    for (const shot of SHOTS) {
      if (only && !shot.name.startsWith(only)) continue;
      for (const [suffix, viewport] of [
        ['', DESKTOP],
        ['-phone', PHONE],
      ] as const) {
        const w = await openPage(browser, origin, shot.query, viewport);
        await shot.prepare?.(w.page);
        await settled(w.page);
        // The ERF is computed in a worker: wait for it (resnet_v1_152-sized maps take a while).
        await w.page.waitForFunction(
          () => document.getElementById('erf-figure')?.dataset.state !== 'computing',
          null,
          { timeout: 120_000 },
        );
        await w.page.waitForTimeout(150);
        const file = join(shotDir, `${shot.name}${suffix}.png`);
        // The layer table lays out only the rows near the screen; a picture of the whole page needs
        // them all, as a printout does (the print rules change nothing else).
        await w.page.emulateMedia({ media: 'print' });
        await w.page.screenshot({ path: file, fullPage: true });
        if (w.errors.length > 0)
          throw new Error(`${shot.name}${suffix}: console errors ${w.errors.join('; ')}`);
        console.log(file);
        await w.context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
    // The build was only for this run (and is not a dist/ that other tools skip).
    if (!process.env.WEB_E2E_DIST) rmSync(dist, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
