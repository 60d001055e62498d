// Links and history in Chromium: Back and Forward step through edits, links are short and
// compressed, reopening one gives the same view, and a link never runs a search by itself.
import { describe, expect, it } from 'vitest';
import { cell, field, harness, rowOf, settled } from '../support/e2e.js';

const { open } = harness();

describe('history', () => {
  it('Back and Forward restore edits, field by field', async () => {
    const { page } = await open('zoo=vgg_16');
    const pool5 = await rowOf(page, 'pool5');
    await field(page, 0, 'kernel').fill('5');
    await expect.poll(() => cell(page, pool5, 'rf').textContent()).toBe('214');
    await settled(page);
    await field(page, 1, 'kernel').fill('5');
    await expect.poll(() => cell(page, pool5, 'rf').textContent()).toBe('216');
    await settled(page);
    await page.goBack();
    await expect.poll(() => field(page, 1, 'kernel').inputValue()).toBe('3');
    expect(await field(page, 0, 'kernel').inputValue()).toBe('5');
    expect(await cell(page, pool5, 'rf').textContent()).toBe('214');
    await page.goBack();
    await expect.poll(() => field(page, 0, 'kernel').inputValue()).toBe('3');
    expect(await cell(page, pool5, 'rf').textContent()).toBe('212');
    expect(await page.inputValue('#zoo')).toBe('vgg_16');
    // Forward is still there: the edits come back in order.
    await page.goForward();
    await expect.poll(() => field(page, 0, 'kernel').inputValue()).toBe('5');
    expect(await field(page, 1, 'kernel').inputValue()).toBe('3');
    await page.goForward();
    await expect.poll(() => field(page, 1, 'kernel').inputValue()).toBe('5');
    expect(await cell(page, pool5, 'rf').textContent()).toBe('216');
  });

  it('Back returns to the previous tab, and to the model before a load', async () => {
    const { page } = await open();
    await page.selectOption('#zoo', 'alexnet_v2');
    await expect.poll(() => page.inputValue('#model-name')).toBe('alexnet_v2');
    await settled(page);
    await page.click('#tab-vis');
    await settled(page);
    await page.goBack();
    await page.waitForSelector('#calc:not([hidden])');
    expect(await page.inputValue('#model-name')).toBe('alexnet_v2');
    await page.goBack();
    await expect.poll(() => page.inputValue('#model-name')).toBe('example');
  });
});

describe('links', () => {
  it('are short and compressed, and reopen the same view', async () => {
    const { page, context } = await open('zoo=inception_v3');
    await field(page, 5, 'kernel').fill('5');
    await page.click('#tab-vis');
    await page.locator('#output-canvas').focus();
    await page.keyboard.press('ArrowRight');
    await settled(page);
    const url = page.url();
    expect(url).toMatch(/[?&]m=[\w-]+/);
    // inception_v3 as plain JSON rows took 33 KB of URL.
    expect(url.length).toBeLessThan(2500);
    const info = await page.textContent('#vis-info');
    const again = await context.newPage();
    await again.goto(url);
    await again.waitForSelector('body[data-ready="true"]');
    await expect.poll(() => again.textContent('#vis-info')).toBe(info);
    await again.click('#tab-calc');
    expect(await field(again, 5, 'kernel').inputValue()).toBe('5');
  });

  it('never run a search when opened', async () => {
    const { page, context } = await open('view=search');
    await page.fill('#s-depth', '3');
    await page.fill('#s-rfMin', '7');
    await page.fill('#s-totalStride', '4');
    await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
    await page.click('#run-search');
    await page.waitForSelector('#top-table tr[data-result]');
    await settled(page);
    const url = page.url();
    expect(url).not.toContain('run=');
    const again = await context.newPage();
    await again.goto(url);
    await again.waitForSelector('body[data-ready="true"]');
    expect(await again.inputValue('#s-depth')).toBe('3');
    await again.waitForTimeout(500);
    expect(await again.locator('#top-table').count()).toBe(0);
    expect(await again.textContent('#search-status')).toBe('');
    // An old link that asked for a run opens the form only.
    await again.goto(`${url}&run=1`);
    await again.waitForSelector('body[data-ready="true"]');
    await again.waitForTimeout(500);
    expect(await again.locator('#top-table').count()).toBe(0);
  });
});
