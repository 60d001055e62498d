// The first load's JavaScript, gzipped, from the built page: what index.html loads before the page
// can show (its module script and the chunks it preloads). Size, not time: a plain budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

const BUDGET = 100 * 1024;

describe('the built page', () => {
  const dist = inject('dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const first = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*modulepreload[^>]*href)="\.\/([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

  it(`loads less than ${BUDGET / 1024} KB of gzipped JavaScript before it shows`, () => {
    expect(first.length).toBeGreaterThan(0);
    const sizes = first.map((f) => [f, gz(f)] as const);
    const total = sizes.reduce((s, [, n]) => s + n, 0);
    const later = readdirSync(join(dist, 'assets'))
      .filter((f) => f.endsWith('.js') && !first.includes(`assets/${f}`))
      .map((f) => `${f} ${(gz(`assets/${f}`) / 1024).toFixed(1)} KB`);
    console.log(
      `first load: ${sizes.map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(', ')} = ${(total / 1024).toFixed(1)} KB gzip; after it: ${later.join(', ')}`,
    );
    expect(total).toBeLessThan(BUDGET);
  });

  it('keeps the ONNX importer and the charts out of the first load', () => {
    const lazy = readdirSync(join(dist, 'assets')).filter((f) => /^(onnx|charts)-.*\.js$/.test(f));
    expect(lazy.map((f) => f.split('-')[0]).sort()).toEqual(['charts', 'onnx']);
    for (const f of lazy) expect(first).not.toContain(`assets/${f}`);
    // Nor does the entry pull them in statically.
    const entry = readFileSync(join(dist, first[0]!), 'utf8');
    for (const f of lazy)
      expect(entry).not.toMatch(new RegExp(`from\\s*["']\\./${f.replace('.', '\\.')}["']`));
  });
});
