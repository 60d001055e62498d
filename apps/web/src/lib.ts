// Every call into rfkit from the page goes through here, so the views deal only with drafts,
// reports and messages.
import {
  analyze,
  type Footprint,
  footprintOf,
  isRfError,
  type LayerChoice,
  type ModelSpec,
  parseCompact,
  parseModel,
  type Report,
  toCompact,
} from 'rfkit';
import { zoo, zooNames } from 'rfkit/zoo';
import {
  type Draft,
  draftFromSpec,
  type FieldError,
  locateError,
  OPS,
  rowName,
  specFromDraft,
} from './rows.js';

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
export function analyzeDraft(
  draft: Draft,
  options: { strict: boolean; inputSize?: number[]; erf?: boolean },
): Analysis {
  const { spec, validRows, errors } = specFromDraft(draft);
  let layers = spec.layers.slice(0, validRows);
  let input = spec.input;
  for (;;) {
    const model: ModelSpec = { ...spec, layers };
    if (input) model.input = input;
    else delete model.input;
    if (layers.length === 0) return { report: null, spec: model, analyzedRows: 0, errors };
    try {
      const opts: { strict: boolean; inputSize?: number[]; erf?: boolean } = { strict: options.strict };
      if (options.inputSize) opts.inputSize = options.inputSize;
      if (options.erf === false) opts.erf = false;
      const report = analyze(model, opts);
      return { report, spec: model, analyzedRows: layers.length, errors };
    } catch (e) {
      const fe = isRfError(e)
        ? locateError(e.path, e.message)
        : { row: -1, field: 'model' as const, message: messageOf(e) };
      errors.push(fe);
      // A bad input size or channel count: analyse without it (the field shows the message).
      const drop = fe.field === 'inputSize' ? 'size' : fe.field === 'inputChannels' ? 'channels' : null;
      if (drop && input && input[drop] !== undefined) {
        const { [drop]: _dropped, ...rest } = input;
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
    const extra = Object.keys(spec).filter((k) => k !== 'name' && k !== 'input' && k !== 'layers');
    if (extra.length > 0) throw new Error(`Unknown field "${extra[0]}" (a model has name, input, layers)`);
    return draftFromSpec(spec);
  }
  return draftFromSpec(parseCompact(t));
}

export type Exported = { ok: true; text: string; note: string | null } | { ok: false; error: string };

/** The first value the table cannot read, as the reason nothing is exported. */
function blocked(draft: Draft): string | null {
  const { errors } = specFromDraft(draft);
  const e = errors[0];
  if (!e) return null;
  const where =
    e.row < 0
      ? e.field === 'inputChannels'
        ? 'input channels'
        : 'input size'
      : `layer ${e.row} (${rowName(draft.rows[e.row]!, e.row)})`;
  return `Nothing exported: ${where} has an invalid value (${e.message}). Fix the marked field first.`;
}

/** The model as a normalised JSON string, for comparing two specs; null when the library rejects it. */
function normalised(spec: ModelSpec): string | null {
  try {
    const m = parseModel(spec);
    return JSON.stringify({ ...m, name: '' });
  } catch {
    return null;
  }
}

/**
 * The draft as a JSON model. Refused (with the reason) while a field is invalid, so an export
 * never silently drops rows; loading the text gives back the same model.
 */
export function exportJSON(draft: Draft): Exported {
  const why = blocked(draft);
  if (why) return { ok: false, error: why };
  const { spec } = specFromDraft(draft);
  const text = JSON.stringify(spec, null, 2);
  const back = specFromDraft(draftFromText(text)).spec;
  if (JSON.stringify(back) !== JSON.stringify(spec)) {
    return {
      ok: false,
      error: 'Nothing exported: this model does not survive a JSON round trip (please report it).',
    };
  }
  let note: string | null = null;
  try {
    parseModel(spec);
  } catch (e) {
    note = `The model itself has an error, exported as it stands: ${messageOf(e)}`;
  }
  return { ok: true, text, note };
}

/** The draft as compact text, or why it has none (names outside the grammar, an invalid model…). */
export function exportCompact(draft: Draft): Exported {
  const why = blocked(draft);
  if (why) return { ok: false, error: why };
  const { spec } = specFromDraft(draft);
  const want = normalised(spec);
  if (want === null) {
    try {
      parseModel(spec);
    } catch (e) {
      return {
        ok: false,
        error: `No compact form: the model has an error (${messageOf(e)}). Use Export JSON.`,
      };
    }
  }
  let text: string;
  try {
    text = toCompact(spec);
  } catch (e) {
    return { ok: false, error: `No compact form: ${messageOf(e)}. Use Export JSON instead.` };
  }
  if (normalised(parseCompact(text)) !== want) {
    return { ok: false, error: 'No compact form holds this model exactly. Use Export JSON instead.' };
  }
  // The compact form carries every field, the model name included: nothing to note.
  return { ok: true, text, note: null };
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

/** The footprint of a unit, or the reason there is none. */
export function unitFootprint(
  spec: ModelSpec,
  layer: number,
  unit: number[],
  inputSize: number[] | undefined,
): { ok: true; footprint: Footprint } | { ok: false; error: string } {
  try {
    return { ok: true, footprint: footprintOf(spec, layer, unit, inputSize ? { inputSize } : {}) };
  } catch (e) {
    return { ok: false, error: messageOf(e) };
  }
}
