// The public exports of src/index.ts that belong to the search (their misuse is tested with the
// search) and those that are not functions to misuse; every other export is a function that
// test/misuse.test.ts and the api fuzz target must cover.
export const SEARCH_EXPORTS = [
  'count',
  'init',
  'mergeResults',
  'normalizeSweep',
  'resultFromJSON',
  'resultToJSON',
  'search',
  'searchSync',
  'shardRange',
];

/** Data, not functions. */
export const DATA_EXPORTS = ['OPS'];

/** The exports of the `rfkit/zoo` entry (src/zoo/index.ts): data too. */
export const ZOO_EXPORTS = ['zoo', 'zooInfo', 'zooNames'];
