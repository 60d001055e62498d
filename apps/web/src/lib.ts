// Every call into rfkit from the page goes through here, so the views deal only with drafts,
// reports and messages.
import {
  analyze,
  isRfError,
  type LayerChoice,
  type ModelSpec,
  oracleRegion,
  parseCompact,
  parseModel,
  type Report,
  regionOf,
  toCompact,
} from 'rfkit';
import { zoo, zooNames } from 'rfkit/zoo';
import { type Draft, draftFromSpec, type FieldError, locateError, OPS, specFromDraft } from './rows.js';

export interface Analysis {
  report: Report | null;
  /** The model that was analysed (the rows before the first error). */
  spec: ModelSpec;
  /** How many rows (from the top) the report covers. */
  analyzedRows: number;
  errors: FieldError[];
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Analyses as much of the draft as is valid: a row the library rejects is marked and the rows
 * above it are analysed again, so one bad value never blanks the whole table.
 */
export function analyzeDraft(draft: Draft, options: { strict: boolean; inputSize?: number[] }): Analysis {
  const { spec, validRows, errors } = specFromDraft(draft);
  let layers = spec.layers.slice(0, validRows);
  let input = spec.input;
  for (;;) {
    const model: ModelSpec = { ...spec, layers };
    if (input) model.input = input;
    else delete model.input;
    if (layers.length === 0) return { report: null, spec: model, analyzedRows: 0, errors };
    try {
      const opts: { strict: boolean; inputSize?: number[] } = { strict: options.strict };
      if (options.inputSize) opts.inputSize = options.inputSize;
      const report = analyze(model, opts);
      return { report, spec: model, analyzedRows: layers.length, errors };
    } catch (e) {
      const fe = isRfError(e)
        ? locateError(e.path, e.message)
        : { row: -1, field: 'model' as const, message: messageOf(e) };
      errors.push(fe);
      if (fe.field === 'inputSize' && input?.size) {
        const { size: _dropped, ...rest } = input;
        input = Object.keys(rest).length > 0 ? rest : undefined;
        continue;
      }
      if (fe.row < 0 || fe.row >= layers.length)
        return { report: null, spec: model, analyzedRows: 0, errors };
      layers = layers.slice(0, fe.row);
    }
  }
}

export function zooList(): string[] {
  return [...zooNames].sort();
}

/** A zoo model as an editable copy (the zoo itself is frozen), or null for an unknown name. */
export function zooSpec(name: string): ModelSpec | null {
  return Object.hasOwn(zoo, name) ? structuredClone(zoo[name] as ModelSpec) : null;
}

export function zooDraft(name: string): Draft | null {
  const spec = zooSpec(name);
  return spec ? draftFromSpec(spec) : null;
}

/**
 * Reads a pasted model: JSON (a ModelSpec) or the compact text form. A JSON model whose values
 * are wrong still loads, so the table can show each message next to its field; only text that
 * cannot become rows is refused.
 */
export function draftFromText(text: string): Draft {
  const t = text.trim();
  if (t === '')
    throw new Error('Nothing to load: paste a JSON model or compact text such as "conv7s2p3 maxpool3s2p1"');
  if (t.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch (e) {
      throw new Error(`Not valid JSON: ${messageOf(e)}`);
    }
    const spec = parsed as ModelSpec;
    if (!spec || typeof spec !== 'object' || !Array.isArray(spec.layers)) {
      throw new Error('A JSON model needs a "layers" array');
    }
    spec.layers.forEach((l, i) => {
      if (!l || typeof l !== 'object' || !OPS.includes(l.op)) {
        throw new Error(`layers[${i}].op: expected one of ${OPS.join(', ')}, got ${JSON.stringify(l?.op)}`);
      }
    });
    return draftFromSpec(spec);
  }
  return draftFromSpec(parseCompact(t));
}

/**
 * The draft as JSON and, where the model is valid and its names fit the compact grammar, as
 * compact text (otherwise `why` says what stops it).
 */
export function exportDraft(draft: Draft): { json: string; compact: string | null; why: string | null } {
  const { spec, validRows } = specFromDraft(draft);
  const json = JSON.stringify(spec, null, 2);
  if (validRows < draft.rows.length)
    return { json, compact: null, why: `layer ${validRows} has an invalid value` };
  try {
    parseModel(spec);
    return { json, compact: toCompact(spec), why: null };
  } catch (e) {
    return { json, compact: null, why: messageOf(e) };
  }
}

/** A search candidate as a model: "same" padding as the search assumes, at the search's input size. */
export function draftFromChoices(layers: LayerChoice[], inputSize: number | undefined, name: string): Draft {
  const spec = parseCompact(toCompact(layers));
  spec.name = name;
  if (inputSize !== undefined) spec.input = { ...(spec.input ?? {}), size: [inputSize, inputSize] };
  return draftFromSpec(spec);
}

/** A candidate's layers in compact text, without the `psame` every search layer carries. */
export function compactOf(layers: LayerChoice[]): string {
  return toCompact(layers).replace(/psame/g, '');
}

export interface UnitRegion {
  /** Inclusive span per axis (null where undetermined). */
  start: (number | null)[];
  end: (number | null)[];
  /** Exact input indices per axis that the unit depends on (dilation holes are missing). */
  indices: number[][] | null;
}

export function unitRegion(spec: ModelSpec, report: Report, layer: string, unit: number[]): UnitRegion {
  const r = regionOf(report, layer, unit);
  let indices: number[][] | null = null;
  try {
    indices = oracleRegion(spec, layer, unit).indices;
  } catch {
    // the oracle refuses what it cannot enumerate (e.g. unknown size): the span still shows
    indices = null;
  }
  return { start: r.start, end: r.end, indices };
}
