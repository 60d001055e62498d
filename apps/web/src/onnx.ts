// Drag-and-drop of .onnx files: the bytes never leave the page.
import { importOnnx } from '@rfkit/onnx';
import { type Draft, draftFromSpec } from './rows.js';

export async function importOnnxFile(file: File): Promise<{ draft: Draft; warnings: string[] }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { model, warnings } = importOnnx(bytes);
  const draft = draftFromSpec(model);
  if (!draft.name) draft.name = file.name.replace(/\.onnx$/i, '');
  return {
    draft,
    warnings: warnings.map((w: unknown) =>
      typeof w === 'string' ? w : String((w as { message?: string }).message ?? w),
    ),
  };
}
