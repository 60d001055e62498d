// The seed every property test of the repository draws its cases from. Local runs draw fresh cases
// each time (a failure prints its seed and path, replayed with FC_SEED=<seed>); CI runs one fixed
// seed, so that whether a submission lands does not depend on the cases it happened to draw.
import fc from 'fast-check';

/** The fixed seed of CI runs. */
export const CI_SEED = 20_261_202;

/** `FC_SEED` when set, else the CI seed under CI, else none (fast-check picks one per run). */
export function propertySeed(env: Record<string, string | undefined> = process.env): number | undefined {
  const given = env.FC_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed))
      throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(given)}`);
    return seed;
  }
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' ? CI_SEED : undefined;
}

const seed = propertySeed();
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
