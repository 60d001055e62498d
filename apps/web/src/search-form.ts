// The search form as text fields (what the URL stores) and its conversion to a SweepSpec.
import type { Holes, Objective, SweepSpec } from 'rfkit';

export interface SearchForm {
  depth: string;
  kernel: string;
  stride: string;
  dilation: string;
  rfMin: string;
  rfMax: string;
  totalStride: string;
  inputSize: string;
  minOutput: string;
  /** `none`: only architectures without holes (the library's default); `allow`: gridded ones too. */
  holes: Holes;
  objective: Objective;
  top: string;
  /** Optional JSON for `layers` overrides, e.g. {"0":{"kernel":[7],"stride":[2]}}. */
  overrides: string;
}

export const DEFAULT_SEARCH: Readonly<SearchForm> = {
  depth: '6',
  kernel: '1,3,5,7',
  stride: '1,2',
  dilation: '1,2',
  rfMin: '96',
  rfMax: '160',
  totalStride: '16',
  inputSize: '224',
  minOutput: '',
  holes: 'none',
  objective: 'params',
  top: '10',
  overrides: '',
};

export const OBJECTIVES: readonly Objective[] = ['kernel-area', 'params', 'flops'];
export const HOLES: readonly Holes[] = ['none', 'allow'];

/**
 * The deepest space the form offers. The sweep enumerates every combination, so a run is bounded
 * by the library's limits long before this; once a dynamic-programming engine can answer deeper
 * spaces, raise it (to 64) here and nowhere else.
 */
export const MAX_DEPTH = 32;

export type SearchField = keyof SearchForm;

function list(text: string, field: SearchField, errors: Map<SearchField, string>): number[] {
  const parts = text.split(/[\s,]+/).filter((s) => s !== '');
  if (parts.length === 0) {
    errors.set(field, 'give at least one integer ≥ 1, e.g. 1,3,5');
    return [];
  }
  const out: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!/^\d+$/.test(p) || !Number.isSafeInteger(n) || n < 1) {
      errors.set(field, `"${p}" is not an integer ≥ 1`);
      return [];
    }
    out.push(n);
  }
  return out;
}

function optionalInt(
  text: string,
  field: SearchField,
  errors: Map<SearchField, string>,
  min: number,
): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(n) || n < min) {
    errors.set(field, `must be an integer ≥ ${min}, got "${t}"`);
    return undefined;
  }
  return n;
}

/** Builds the SweepSpec; `errors` names each field whose text does not parse (the library checks the rest). */
export function specFromForm(form: SearchForm): { spec: SweepSpec | null; errors: Map<SearchField, string> } {
  const errors = new Map<SearchField, string>();
  const depth = optionalInt(form.depth, 'depth', errors, 1);
  if (depth === undefined && !errors.has('depth')) errors.set('depth', 'depth is required');
  if (depth !== undefined && depth > MAX_DEPTH)
    errors.set('depth', `at most ${MAX_DEPTH} layers, got ${depth}`);
  const kernel = list(form.kernel, 'kernel', errors);
  const stride = list(form.stride, 'stride', errors);
  const dilation = form.dilation.trim() === '' ? [1] : list(form.dilation, 'dilation', errors);
  const rfMin = optionalInt(form.rfMin, 'rfMin', errors, 1);
  const rfMax = optionalInt(form.rfMax, 'rfMax', errors, 1);
  const totalStride = optionalInt(form.totalStride, 'totalStride', errors, 1);
  const inputSize = optionalInt(form.inputSize, 'inputSize', errors, 1);
  const minOutput = optionalInt(form.minOutput, 'minOutput', errors, 1);
  const top = optionalInt(form.top, 'top', errors, 1);
  if (rfMin !== undefined && rfMax !== undefined && rfMin > rfMax) {
    errors.set('rfMax', `max rf ${rfMax} is below min rf ${rfMin}`);
  }
  let layers: SweepSpec['layers'];
  if (form.overrides.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(form.overrides);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        errors.set('overrides', 'expected an object such as {"0":{"kernel":[7],"stride":[2]}}');
      } else {
        layers = parsed as SweepSpec['layers'];
      }
    } catch (e) {
      errors.set('overrides', `not JSON: ${(e as Error).message}`);
    }
  }
  if (errors.size > 0 || depth === undefined || depth > MAX_DEPTH) return { spec: null, errors };
  const spec: SweepSpec = { depth, choices: { kernel, stride, dilation }, objective: form.objective };
  if (layers) spec.layers = layers;
  const constraints: NonNullable<SweepSpec['constraints']> = {};
  if (rfMin !== undefined || rfMax !== undefined) {
    constraints.rf = {};
    if (rfMin !== undefined) constraints.rf.min = rfMin;
    if (rfMax !== undefined) constraints.rf.max = rfMax;
  }
  if (totalStride !== undefined) constraints.stride = totalStride;
  if (inputSize !== undefined) constraints.inputSize = inputSize;
  if (minOutput !== undefined) constraints.minOutput = minOutput;
  if (form.holes === 'allow') constraints.holes = 'allow';
  if (Object.keys(constraints).length > 0) spec.constraints = constraints;
  if (top !== undefined) spec.top = top;
  return { spec, errors };
}
