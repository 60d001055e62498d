// Opening .onnx files: the bytes are read in the page and never leave it.
import { importOnnx } from '@rfkit/onnx';
import { type Draft, draftFromSpec } from './rows.js';

export async function importOnnxFile(file: File): Promise<{ draft: Draft; warnings: string[] }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Unknown single-path ops become identity layers with a warning, so one exotic node does not
  // keep the rest of the network out of the calculator.
  const { model, warnings } = importOnnx(bytes, { unknownAsIdentity: true });
  const draft = draftFromSpec(model);
  if (!draft.name) draft.name = file.name.replace(/\.onnx$/i, '');
  return { draft, warnings: warnings.map((w) => w.message) };
}
