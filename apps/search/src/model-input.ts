// Resolves the MODEL argument of `rfkit analyze`: `zoo:NAME`, a .onnx file, a JSON file, a file of
// compact text, or compact text itself.
import { importOnnx } from '@rfkit/onnx';
import { type ModelSpec, parseCompact, type Warning } from 'rfkit';
import { zoo, zooNames } from 'rfkit/zoo';
import { InputError, inFile } from './errors.js';
import { fileExists, readBytes, readText } from './io.js';

export interface LoadedModel {
  model: ModelSpec;
  /** Warnings from importing (ONNX); analysis adds its own. */
  warnings: Warning[];
  /** Where the model came from, to prefix error messages. */
  source: string;
}

export function loadModel(arg: string, options: { unknownAsIdentity?: boolean } = {}): LoadedModel {
  if (arg.startsWith('zoo:')) return { model: zooModel(arg.slice(4)), warnings: [], source: arg };
  if (fileExists(arg)) {
    if (/\.onnx$/i.test(arg)) {
      const bytes = readBytes(arg);
      const imported = inFile(arg, () =>
        importOnnx(bytes, options.unknownAsIdentity ? { unknownAsIdentity: true } : {}),
      );
      return { model: imported.model, warnings: imported.warnings, source: arg };
    }
    const text = readText(arg);
    if (/\.json$/i.test(arg) || /^\s*[{[]/.test(text)) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new InputError(`${arg}: not valid JSON (${(e as Error).message})`);
      }
      if (json === null || typeof json !== 'object' || Array.isArray(json)) {
        throw new InputError(`${arg}: expected a model (a JSON object with "layers")`);
      }
      return { model: json as ModelSpec, warnings: [], source: arg };
    }
    return { model: inFile(arg, () => parseCompact(text.trim())), warnings: [], source: arg };
  }
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

function zooModel(name: string): ModelSpec {
  const model = zooNames.includes(name) ? zoo[name] : undefined;
  if (!model) throw new InputError(`zoo:${name}: no such model; the zoo has ${zooNames.join(', ')}`);
  // The zoo is frozen; analysis must not see (or try to change) shared objects.
  return structuredClone(model);
}
