// File input and output. Output files are written to a temporary name and renamed, so a failed or
// interrupted run never leaves a half-written file behind.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from './errors.js';

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

/** Writes `text` to `path` atomically: a temporary file in the same folder, then a rename. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new InputError(`${path}: cannot write (${fsReason(e)})`);
  }
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

function fsReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, expected a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (e as Error).message ?? String(e);
  }
}

/** Fails early, before a long run, when `path` cannot be created: its folder is missing. */
export function checkWritableLocation(path: string): void {
  const dir = dirname(path);
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new InputError(`${path}: cannot write (no such folder ${dir})`);
}
