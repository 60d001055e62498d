// The diagram tab in Chromium: the graph of a multi-path model (branches, merges, collapsible
// blocks, a click selects the row) and the layer-by-layer picture of a chain against the oracle.
import { oracleRegion } from 'rfkit';
import { zoo } from 'rfkit/zoo';
import { describe, expect, it } from 'vitest';
import { harness, paste } from '../support/e2e.js';

const { open } = harness();

describe('graph of a multi-path model', () => {
  it('shows branches and merges, folds blocks, and a click selects the layer’s row', async () => {
    const { page } = await open('view=diagram&zoo=inception_v3');
    await page.waitForSelector('#graph');
    // 124 layers: the Mixed blocks start folded, one box each.
    const blocks = page.locator('#graph .node.block');
    expect(await blocks.count()).toBeGreaterThanOrEqual(10);
    const before = await page.locator('#graph .node').count();
    expect(before).toBeLessThan(40);
    await page.click('#graph [data-toggle="Mixed_5b"]');
    await expect.poll(() => page.locator('#graph .node').count()).toBeGreaterThan(before);
    // Mixed_5b opens into its four branches (folded, but the one-layer Branch_0) and their concat.
    const branches = await page.$$eval('#graph .node', (ns) =>
      ns.map((n) => n.getAttribute('data-node')!).filter((id) => id.startsWith('Mixed_5b/Branch_')),
    );
    expect(branches.sort()).toEqual([
      'Mixed_5b/Branch_0/Conv2d_0a_1x1',
      'Mixed_5b/Branch_1',
      'Mixed_5b/Branch_2',
      'Mixed_5b/Branch_3',
    ]);
    const merge = page.locator('#graph .node.merge[data-node="Mixed_5b"]');
    expect(await merge.count()).toBe(1);
    // Four arrows into the concat: one per branch.
    const into = await page.$$eval('#graph path.edge', (es) => es.length);
    expect(into).toBeGreaterThan(before);
    await page.click('#graph [data-toggle="Mixed_5b/Branch_1"]');
    const conv = page.locator('#graph .node[data-node="Mixed_5b/Branch_1/Conv2d_0b_5x5"]');
    await conv.click();
    const layer = Number(await conv.getAttribute('data-layer'));
    await expect
      .poll(() => page.textContent('#layer-details h3'))
      .toContain('Mixed_5b/Branch_1/Conv2d_0b_5x5');
    expect(await page.textContent('#layer-details pre')).toContain('ke = d·(k − 1) + 1 = 1·(5 − 1) + 1 = 5');
    expect(await conv.getAttribute('class')).toContain('selected');
    await page.click('#details-edit');
    await page.waitForSelector('#calc:not([hidden])');
    expect(await page.getAttribute(`#layers tr[data-row="${layer}"]`, 'class')).toContain('selected');
    expect(
      await page.evaluate(() => (document.activeElement as HTMLElement).closest('tr')?.dataset.row),
    ).toBe(String(layer));
    // Collapsing again folds the branch back into one box.
    await page.click('#tab-diagram');
    await page.click('#graph [data-toggle="Mixed_5b"]');
    await expect.poll(() => page.locator('#graph .node[data-node="Mixed_5b"].block').count()).toBe(1);
  });

  it('selects with the keyboard, and opens the blocks around a layer selected elsewhere', async () => {
    const { page } = await open('zoo=resnet_v1_50');
    await page.click('#layers tr[data-row="20"] button.select');
    await page.click('#tab-diagram');
    const node = page.locator('#graph .node[data-layer="20"]');
    await expect.poll(() => node.count()).toBe(1);
    expect(await node.getAttribute('class')).toContain('selected');
    const other = page.locator('#graph .node[data-layer="19"]');
    await other.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => other.getAttribute('class')).toContain('selected');
  });
});

describe('layer-by-layer diagram of a chain', () => {
  it('marks, in every layer, exactly the units the chosen unit depends on', async () => {
    const spec = zoo.vgg_16!;
    const { page } = await open('view=diagram&zoo=vgg_16&layer=9&unit=3,3');
    await page.waitForSelector('#chain-diagram');
    const depsAt = (layer: number) =>
      page.$$eval(
        `#chain-diagram rect.dep[data-layer="${layer}"], #chain-diagram rect.target[data-layer="${layer}"]`,
        (rs) => rs.map((r) => Number(r.getAttribute('data-unit'))).sort((a, b) => a - b),
      );
    // The input row: the oracle's positions on the last axis, padding included.
    const want = oracleRegion(spec, 'pool3', [3, 3]).indices[1]!;
    expect(await depsAt(-1)).toEqual(want);
    expect(await depsAt(9)).toEqual([3]);
    // pool3 (kernel 2, stride 2) unit 3 reads conv3_3 units 6 and 7.
    expect(await depsAt(8)).toEqual([6, 7]);
    expect(await page.locator('#chain-diagram line.dep-line').count()).toBeGreaterThan(20);
    expect(await page.textContent('#layer-details pre')).toContain(
      'rf = rf(conv3/conv3_3) + (ke − 1)·jump(conv3/conv3_3) = 40 + 1·4 = 44',
    );
    // Following a unit one layer down.
    await page.click('#chain-diagram rect.dep[data-layer="8"][data-unit="7"]');
    await expect.poll(() => page.textContent('#layer-details h3')).toContain('conv3/conv3_3');
    await expect.poll(() => depsAt(8)).toEqual([7]);
  });

  it('draws units read in the padding, and dilation holes, on a small chain', async () => {
    const { page } = await open();
    await paste(page, 'in8 a:conv3p1 b:conv3d2p2');
    await page.click('#tab-diagram');
    await page.waitForSelector('#chain-diagram');
    const pads = await page.$$eval('#chain-diagram rect.dep.pad[data-layer="-1"]', (rs) =>
      rs.map((r) => Number(r.getAttribute('data-unit'))).sort((a, b) => a - b),
    );
    // Unit 0 of b reads a's units −2, 0, 2; those read the input −3 … 3: −3…−1 lie in the padding.
    expect(pads).toEqual([-3, -2, -1]);
    const a = await page.$$eval('#chain-diagram rect.dep[data-layer="0"]', (rs) =>
      rs.map((r) => Number(r.getAttribute('data-unit'))).sort((x, y) => x - y),
    );
    expect(a).toEqual([-2, 0, 2]);
  });
});
