// Every package's vitest writes a JSON report that .ci/run adds up into "N passed, N failed".
export const reporters: NonNullable<import('vitest/node').TestUserConfig['reporters']> = [
  'default',
  ['json', { outputFile: 'test-results/vitest.json' }],
];
