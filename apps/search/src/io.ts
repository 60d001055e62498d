// File input, and removing files rfkit wrote. Writing is in output-file.ts.
import { readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { InputError } from './errors.js';
import { fsReason } from './output-file.js';

export { checkWritableLocation, writeFileAtomic } from './output-file.js';

/** The input path that means standard input. */
export const STDIN = '-';

/** How messages name an input: `stdin` for `-`. */
export function inputName(path: string): string {
  return path === STDIN ? 'stdin' : path;
}

export function fileExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether `path` can be read as an input: `-` (standard input), a file, or a stream that reads
 * like one — `/dev/stdin`, a process substitution `<(...)` (a FIFO), a character device.
 */
export function isReadable(path: string): boolean {
  if (path === STDIN) return true;
  try {
    const s = statSync(path);
    return s.isFile() || s.isFIFO() || s.isCharacterDevice() || s.isSocket();
  } catch {
    return false;
  }
}

/** Names of this process's standard input: read from its descriptor, which also works when it is a socket. */
const OWN_STDIN = new Set([STDIN, '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** The bytes of an input file, `-` for standard input. */
export function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(OWN_STDIN.has(path) ? 0 : path));
  } catch (e) {
    throw new InputError(`${inputName(path)}: ${fsReason(e)}`);
  }
}

export function readText(path: string): string {
  return new TextDecoder().decode(readBytes(path));
}

/** Parses a JSON file (`-`: standard input); the error names the file and where the JSON breaks. */
export function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(
      `${inputName(path)}: not valid JSON, perhaps cut short or corrupted (${(e as Error).message})`,
    );
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
