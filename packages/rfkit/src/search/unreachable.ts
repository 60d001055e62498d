// Why a space has no feasible combination. Constraints that nothing can meet are not errors: the
// search returns an empty result whose warnings name the constraint and the bound that is reached,
// so that a script sweeping constraints reads "none" from the result instead of catching errors.
// The checks go from the plainest reason to the least plain; the last one — no feasible
// combination found by an exhaustive walk (witness.ts), or by the exact count where that walk
// gives up — catches every space the earlier ones miss, so the warnings are empty exactly when
// some combination is feasible.

import { isRfError } from '../errors.js';
import type { NormalizedSweep, SearchWarning } from '../types.js';
import { count } from './count/count.js';
import { choiceLists } from './space/choices.js';
import { largestRf, smallestRf } from './space/extremes.js';
import { reachOf } from './space/geometry.js';
import { spaceId } from './space/space-id.js';
import { someFeasible } from './witness.js';

function warning(code: string, message: string): SearchWarning {
  return { code, message };
}

function describeStrides(sweep: NormalizedSweep): string {
  const first = sweep.layers[0]!.stride;
  const same = sweep.layers.every((l) => l.stride.join() === first.join());
  if (same) return `[${first.join(', ')}] on each of ${sweep.depth} layers`;
  return sweep.layers.map((l, i) => `layer ${i}: [${l.stride.join(', ')}]`).join('; ');
}

/** Whether `target` is a product of one stride per layer. */
function strideReachable(sweep: NormalizedSweep, target: number): boolean {
  // Products of one stride per layer that still divide the target. Once a layer leaves the set
  // unchanged, the layers after it with the same stride list do too: skipping them keeps this
  // linear in the depth (the sets hold divisors of the target, at most 41,472 below 2^53).
  let reach = new Set<number>([1]);
  let prev: readonly number[] | undefined;
  let settled = false;
  for (const l of sweep.layers) {
    if (settled && l.stride === prev) continue;
    const next = new Set<number>();
    for (const j of reach) for (const s of l.stride) if (target % (j * s) === 0) next.add(j * s);
    settled = next.size === reach.size && [...next].every((j) => reach.has(j));
    prev = l.stride;
    reach = next;
  }
  return reach.has(target);
}

/** The constraints that fail on their own (the rf bounds, the stride, the output size), or with each other. */
function plainReasons(sweep: NormalizedSweep): SearchWarning[] {
  const out: SearchWarning[] = [];
  const reach = reachOf(choiceLists(sweep));
  const rfLo = 1 + reach.growLo[0]!;
  const rfHi = 1 + reach.growHi[0]!;
  const jumpLo = reach.strideLo[0]!;
  const { rfMin, rfMax, stride, inputSize, minOutput } = sweep;
  if (rfMin !== null && rfMin > rfHi) {
    out.push(
      warning(
        'rf-min-unreachable',
        `constraints.rf.min ${rfMin} can never be reached: the largest rf is ${rfHi}`,
      ),
    );
  }
  if (rfMax !== null && rfMax < rfLo) {
    out.push(
      warning(
        'rf-max-unreachable',
        `constraints.rf.max ${rfMax} can never be met: the smallest rf is ${rfLo}`,
      ),
    );
  }
  const strideOk = stride === null || strideReachable(sweep, stride);
  if (!strideOk) {
    out.push(
      warning(
        'stride-unreachable',
        `constraints.stride ${stride} can never be reached: it is not a product of one stride per layer from the available strides (${describeStrides(sweep)})`,
      ),
    );
  }
  if (minOutput !== null && inputSize !== null) {
    const hMax = Math.ceil(inputSize / jumpLo);
    if (hMax < minOutput) {
      out.push(
        warning(
          'min-output-unreachable',
          `constraints.minOutput ${minOutput} can never be reached: the largest final size is ${hMax} (inputSize ${inputSize}, smallest total stride ${jumpLo})`,
        ),
      );
    } else if (stride !== null && strideOk && Math.ceil(inputSize / stride) < minOutput) {
      out.push(
        warning(
          'min-output-unreachable',
          `constraints.minOutput ${minOutput} can never be reached with constraints.stride ${stride}: the final size is ${Math.ceil(inputSize / stride)} (inputSize ${inputSize})`,
        ),
      );
    }
  }
  return out;
}

/** " (with total stride 32, output ≥ 7 at input 224, no holes)": the constraints largestRf and smallestRf honour. */
function qualifiers(sweep: NormalizedSweep, holes: boolean): string {
  const parts: string[] = [];
  if (sweep.stride !== null) parts.push(`total stride ${sweep.stride}`);
  if (sweep.minOutput !== null) parts.push(`output ≥ ${sweep.minOutput} at input ${sweep.inputSize}`);
  if (holes) parts.push('no holes');
  return parts.length === 0 ? '' : ` (with ${parts.join(', ')})`;
}

/** The holes rule and the rf bounds against the rf a space reaches under its other constraints. */
function rfReasons(sweep: NormalizedSweep): SearchWarning[] {
  const { rfMin, rfMax } = sweep;
  const holes = sweep.holes === 'none';
  const hi = largestRf(sweep, holes);
  if (hi === null) {
    // Only the holes rule can leave nothing here: plainReasons found the stride and size reachable.
    return [
      warning(
        'holes-unreachable',
        `every combination${qualifiers(sweep, false)} has holes: some layer's taps lie further apart than the field below it (a dilation, or a stride larger than the kernels before it); set constraints.holes to "allow" to admit them`,
      ),
    ];
  }
  const out: SearchWarning[] = [];
  if (rfMin !== null && rfMin > hi) {
    const any = holes ? largestRf(sweep, false)! : hi;
    out.push(
      warning(
        'rf-min-unreachable',
        `constraints.rf.min ${rfMin} can never be reached: the largest rf${qualifiers(sweep, holes)} is ${hi}${any > hi ? `; with holes allowed it is ${any}` : ''}`,
      ),
    );
  }
  const lo = rfMax === null ? null : smallestRf(sweep);
  if (rfMax !== null && lo !== null && rfMax < lo) {
    out.push(
      warning(
        'rf-max-unreachable',
        `constraints.rf.max ${rfMax} can never be met: the smallest rf${qualifiers(sweep, false)} is ${lo}`,
      ),
    );
  }
  return out;
}

/**
 * Whether some combination of the space is feasible: the quick walk, else the exact count. Where
 * even count() refuses the space as too large to count, the answer is "maybe", taken as yes: no
 * warning, and the engine's own result says what it found.
 */
function feasibleExists(sweep: NormalizedSweep): boolean {
  const quick = someFeasible(sweep);
  if (quick !== undefined) return quick;
  try {
    return count(sweep) > 0n;
  } catch (e) {
    if (isRfError(e, 'space-too-large')) return true;
    throw e;
  }
}

/** "rf 200–300, total stride 32": the constraints of a space, for the last warnings ("" without any). */
function describeConstraints(sweep: NormalizedSweep): string {
  const parts: string[] = [];
  const { rfMin, rfMax } = sweep;
  if (rfMin !== null && rfMax !== null) parts.push(`rf ${rfMin}–${rfMax}`);
  else if (rfMin !== null) parts.push(`rf ≥ ${rfMin}`);
  else if (rfMax !== null) parts.push(`rf ≤ ${rfMax}`);
  if (sweep.stride !== null) parts.push(`total stride ${sweep.stride}`);
  if (sweep.minOutput !== null) parts.push(`output ≥ ${sweep.minOutput} at input ${sweep.inputSize}`);
  return parts.join(', ');
}

/** The last space asked about: shards, segments and resumed runs of one space ask again and again. */
let cached: { id: string; warnings: SearchWarning[] } | undefined;

/**
 * The warnings of a space none of whose combinations is feasible (empty when some is): each names
 * the constraint that cannot be met and the bound that is reached.
 */
export function unreachableWarnings(sweep: NormalizedSweep): SearchWarning[] {
  const id = spaceId(sweep);
  if (cached?.id !== id) cached = { id, warnings: reasons(sweep) };
  return cached.warnings.map((w) => ({ ...w }));
}

function reasons(sweep: NormalizedSweep): SearchWarning[] {
  const plain = plainReasons(sweep);
  if (plain.length > 0) return plain;
  if (sweep.rfMin !== null || sweep.rfMax !== null || sweep.holes === 'none') {
    const rf = rfReasons(sweep);
    if (rf.length > 0) return rf;
  }
  if (feasibleExists(sweep)) return [];
  const within = describeConstraints(sweep);
  if (sweep.holes === 'none' && feasibleExists({ ...sweep, holes: 'allow' })) {
    return [
      warning(
        'holes-unreachable',
        `every combination that meets the constraints (${within}) has holes: some layer's taps lie further apart than the field below it; with constraints.holes "allow" some are feasible`,
      ),
    ];
  }
  return [
    warning(
      'constraints-unreachable',
      `no combination meets the constraints together (${within}), though each can be met on its own`,
    ),
  ];
}
