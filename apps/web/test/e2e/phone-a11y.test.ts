// Phones (390×844) never scroll sideways, whatever the view; keyboard and screen-reader basics:
// tab roles and keys, a name for every control, live regions, errors tied to their fields.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { field, harness, PHONE, paste } from '../support/e2e.js';

const { open } = harness();

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('phone layouts', () => {
  for (const [label, query] of [
    ['the calculator of vgg_16', 'zoo=vgg_16'],
    ['the calculator of inception_v3 (long names)', 'zoo=inception_v3'],
    ['the visualiser of resnet_v1_50', 'view=vis&zoo=resnet_v1_50'],
    ['the graph of inception_v3', 'view=diagram&zoo=inception_v3'],
    ['the layer diagram of vgg_16', 'view=diagram&zoo=vgg_16'],
    ['the search form', 'view=search'],
  ] as const) {
    it(`do not scroll sideways: ${label}`, async () => {
      const { page } = await open(query, PHONE);
      await page.waitForTimeout(200);
      expect(await sideways(page)).toBe(0);
    });
  }

  it('fit each layer card, all its cells, on the screen (none clipped in the table box)', async () => {
    const { page } = await open('zoo=vgg_16', PHONE);
    const right = await page.$$eval(
      '#layers tr[data-row="0"] td, #layers tr[data-row="0"] [data-field]',
      (els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)),
    );
    expect(right).toBeLessThanOrEqual(PHONE.width);
    const wrap = await page.$eval('.table-wrap', (e) => e.scrollWidth - e.clientWidth);
    expect(wrap).toBe(0);
  });

  it('do not scroll sideways with the ERF on show: 2-D, 1-D and 3-D', async () => {
    const { page } = await open('view=vis&zoo=vgg_16&layer=17&unit=3,3', PHONE);
    const ready = () => expect.poll(() => page.getAttribute('#erf-figure', 'data-state')).toBe('ready');
    const fits = async () => {
      const box = (await page.locator('#erf-figure').boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(await sideways(page)).toBe(0);
    };
    await ready();
    await fits();
    // Under the footprint, as wide as it.
    const [fp, erf] = await Promise.all(
      ['#input-canvas', '#erf-canvas'].map((s) => page.locator(s).boundingBox()),
    );
    expect(erf!.y).toBeGreaterThan(fp!.y + fp!.height);
    expect(erf!.width).toBeCloseTo(fp!.width, 0);
    for (const text of [
      '1d in40 conv5 conv5s2p2 conv3d2p2 conv3p1',
      'in6x8x8 a:conv3x1x1p1x0x0 b:conv1x3x3d1x2x2p0x2x2(input) s:add(a,b) c:conv3s2p1(s)',
    ]) {
      await page.click('#tab-calc');
      await paste(page, text);
      await page.click('#tab-vis');
      await ready();
      await fits();
    }
  });

  it('do not scroll sideways with results, errors and warnings on show', async () => {
    const { page } = await open('view=search', PHONE);
    await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
    await page.click('#run-search');
    await page.waitForSelector('#top-table tr[data-result]');
    await page.waitForSelector('#pareto-chart[data-points]');
    expect(await sideways(page)).toBe(0);
    await page.click('#tab-calc');
    await paste(page, 'in32 a:conv3p1 b:conv3p0/2(a) s:add(a,b) c:conv3s2p1');
    await field(page, 3, 'stride').fill('2,,');
    await expect.poll(() => page.textContent('#layers tr[data-row="3"] [data-error="stride"]')).not.toBe('');
    expect(await sideways(page)).toBe(0);
    await page.click('#tab-vis');
    await page.waitForTimeout(200);
    expect(await sideways(page)).toBe(0);
  });
});

describe('keyboard and screen readers', () => {
  it('tabs follow the ARIA tabs pattern', async () => {
    const { page } = await open();
    const tabs = page.locator('[role="tablist"] [role="tab"]');
    expect(await tabs.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const tab = tabs.nth(i);
      const panel = await tab.getAttribute('aria-controls');
      expect(await page.getAttribute(`#${panel}`, 'role')).toBe('tabpanel');
      expect(await page.getAttribute(`#${panel}`, 'aria-labelledby')).toBe(await tab.getAttribute('id'));
    }
    expect(await tabs.nth(0).getAttribute('aria-selected')).toBe('true');
    expect(await tabs.nth(1).getAttribute('tabindex')).toBe('-1');
    await tabs.nth(0).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#vis:not([hidden])');
    expect(await tabs.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-vis');
    await page.keyboard.press('End');
    await page.waitForSelector('#search:not([hidden])');
    await page.keyboard.press('Home');
    await page.waitForSelector('#calc:not([hidden])');
  });

  it('gives every control of every view a name', async () => {
    const { page } = await open('zoo=inception_v3');
    for (const view of ['calc', 'vis', 'diagram', 'search']) {
      await page.click(`#tab-${view}`);
      await page.waitForSelector(`#${view}:not([hidden])`);
      const nameless = await page.$$eval(
        `#${view} input, #${view} select, #${view} textarea, #${view} button`,
        (els) =>
          els
            .filter((e) => (e as HTMLElement).offsetParent !== null)
            .filter((e) => {
              const el = e as HTMLInputElement;
              const labelled =
                (el.labels?.length ?? 0) > 0 ||
                el.getAttribute('aria-label') ||
                el.getAttribute('aria-labelledby');
              const text = el.tagName === 'BUTTON' && el.textContent?.trim();
              return !labelled && !text && !el.title;
            })
            .map((e) => e.outerHTML.slice(0, 120)),
      );
      expect(nameless, view).toEqual([]);
    }
  });

  it('announces results in live regions, and ties errors to their fields', async () => {
    const { page } = await open();
    for (const id of [
      'paste-msg',
      'vis-info',
      'erf-status',
      'search-status',
      'space-info',
      'live',
      'calc-summary',
    ]) {
      const live = await page.$eval(`#${id}`, (e) => e.getAttribute('aria-live') ?? e.getAttribute('role'));
      expect(live, id).toMatch(/polite|status/);
    }
    await field(page, 1, 'kernel').fill('x');
    const input = field(page, 1, 'kernel');
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    const described = await input.getAttribute('aria-describedby');
    expect(await page.textContent(`#${described}`)).toContain('"x"');
  });
});
