// File input, and removing files rfkit wrote. Writing is in output-file.ts.
import { readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { InputError } from './errors.js';
import { fsReason } from './output-file.js';

export { checkWritableLocation, writeFileAtomic } from './output-file.js';

export function fileExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new InputError(`${path}: ${fsReason(e)}`);
  }
}

export function readText(path: string): string {
  return new TextDecoder().decode(readBytes(path));
}

/** Parses a JSON file; the error names the file and where the JSON breaks. */
export function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON, perhaps cut short or corrupted (${(e as Error).message})`);
  }
}

/**
 * Removes a file rfkit wrote (a stale checkpoint). Through a symlink it removes the file the link
 * points to (what rfkit wrote) and keeps the link; it never removes anything but a regular file.
 */
export function removeFile(path: string): void {
  let target: string;
  try {
    target = realpathSync(path);
    if (!statSync(target).isFile()) return;
  } catch {
    return;
  }
  rmSync(target, { force: true });
}
