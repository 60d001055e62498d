// Resolves the MODEL argument of `rfkit analyze`: `zoo:NAME`, a .onnx file, a JSON file, a file of
// compact text, `-` (standard input), `/dev/stdin` or `<(...)`, or compact text itself. What a
// stream or a file without a known extension holds is sniffed (sniff.ts).
import { importOnnx } from '@rfkit/onnx';
import { type ModelSpec, parseCompact, type Warning } from 'rfkit';
import { zoo, zooNames } from 'rfkit/zoo';
import { InputError, inFile } from './errors.js';
import { inputName, isReadable, readBytes } from './io.js';
import { sniff } from './sniff.js';

export interface LoadedModel {
  model: ModelSpec;
  /** Warnings from importing (ONNX); analysis adds its own. */
  warnings: Warning[];
  /** Where the model came from, to prefix error messages. */
  source: string;
}

export function loadModel(arg: string, options: { unknownAsIdentity?: boolean } = {}): LoadedModel {
  if (arg.startsWith('zoo:')) return { model: zooModel(arg.slice(4)), warnings: [], source: arg };
  if (isReadable(arg)) return fromBytes(inputName(arg), readBytes(arg), kindByName(arg), options);
  if (/\.(json|onnx|txt)$/i.test(arg) || arg.includes('/') || arg.includes('\\')) {
    throw new InputError(`${arg}: no such file`);
  }
  try {
    return { model: parseCompact(arg), warnings: [], source: 'model' };
  } catch (e) {
    throw new InputError(
      `"${arg}" is not a file, zoo:NAME or a compact model (${(e as Error).message.replace(/\s*\n\s*/g, ' ')})`,
    );
  }
}

/** What a file's name says it is; streams and names without a known extension are sniffed. */
function kindByName(path: string): 'onnx' | 'json' | undefined {
  if (/\.onnx$/i.test(path)) return 'onnx';
  if (/\.json$/i.test(path)) return 'json';
  return undefined;
}

function fromBytes(
  name: string,
  bytes: Uint8Array,
  byName: 'onnx' | 'json' | undefined,
  options: { unknownAsIdentity?: boolean },
): LoadedModel {
  const found = byName === 'onnx' ? { kind: 'onnx' as const } : sniff(bytes);
  if (found.kind === 'onnx') {
    const imported = inFile(name, () => {
      try {
        return importOnnx(bytes, options.unknownAsIdentity ? { unknownAsIdentity: true } : {});
      } catch (e) {
        // The importer names its option; here that is a flag.
        if (e instanceof Error)
          e.message = e.message.replaceAll('ImportOptions.unknownAsIdentity', '--unknown-as-identity');
        throw e;
      }
    });
    return { model: imported.model, warnings: imported.warnings, source: name };
  }
  if (found.kind === 'other') {
    throw new InputError(
      `${name}: ${found.what}, not a model${found.advice ? `: ${found.advice}` : ''} (analyze reads ONNX, JSON models and compact text)`,
    );
  }
  if (found.kind === 'json' || byName === 'json') {
    const text = found.text;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${name}: not valid JSON (${(e as Error).message})`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new InputError(`${name}: expected a model (a JSON object with "layers")`);
    }
    return { model: json as ModelSpec, warnings: [], source: name };
  }
  return { model: inFile(name, () => parseCompact(found.text.trim())), warnings: [], source: name };
}

function zooModel(name: string): ModelSpec {
  const model = zooNames.includes(name) ? zoo[name] : undefined;
  if (!model) throw new InputError(`zoo:${name}: no such model; the zoo has ${zooNames.join(', ')}`);
  // The zoo is frozen; analysis must not see (or try to change) shared objects.
  return structuredClone(model);
}
