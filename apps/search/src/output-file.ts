// Writing --out files and checkpoints without destroying anything that is not ours:
// - a symlink is followed (also a dangling one): the file it points to gets the content, the link
//   stays;
// - a regular file (or a new one) is replaced atomically: a temporary file in the same folder, then
//   a rename, so a failed or interrupted run never leaves a half-written file; it keeps the mode of
//   the file it replaces;
// - a character device or a FIFO (/dev/null, /dev/stdout, a named pipe) is written in place, never
//   renamed over — a FIFO only when a reader is there (else it would block forever);
// - anything else (a folder, a block device, a socket) is refused.
// `checkWritableLocation` finds a path that cannot be written before a long run starts, by creating
// (and removing) a probe file where the temporary file will go.
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './errors.js';

/** Where a write to `path` lands: the end of its symlink chain, and what is there now (null: nothing). */
interface Target {
  path: string;
  stat: Stats | null;
}

const MAX_LINKS = 40;

function resolveTarget(path: string): Target {
  let p = resolve(path);
  for (let hops = 0; ; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (e) {
      if (code(e) === 'ENOENT') return { path: p, stat: null };
      throw cannotWrite(path, e);
    }
    if (!st.isSymbolicLink()) return { path: p, stat: st };
    if (hops >= MAX_LINKS) throw new InputError(`${path}: cannot write (too many levels of symbolic links)`);
    p = resolve(dirname(p), readlinkSync(p));
  }
}

function kindOf(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'is a folder, expected a file';
  if (st.isBlockDevice()) return 'is a block device; rfkit writes only files, character devices and FIFOs';
  if (st.isSocket()) return 'is a socket, expected a file';
  return null;
}

/** The temporary file next to `target` that is renamed onto it. */
function tempNear(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Fails early, before a long run, when `path` cannot be written as writeFileAtomic would: its folder
 * is missing, not a folder or read-only, or the path is something rfkit does not write over.
 */
export function checkWritableLocation(path: string): void {
  const t = resolveTarget(path);
  if (t.stat) {
    const bad = kindOf(t.stat);
    if (bad) throw new InputError(`${path}: cannot write (${bad})`);
    if (!t.stat.isFile()) {
      // A device or FIFO is written in place: it must be writable itself.
      try {
        accessSync(t.path, constants.W_OK);
      } catch (e) {
        throw cannotWrite(path, e);
      }
      return;
    }
    try {
      accessSync(t.path, constants.W_OK);
    } catch (e) {
      throw cannotWrite(path, e);
    }
  }
  const dir = dirname(t.path);
  let dirStat: Stats;
  try {
    dirStat = statSync(dir);
  } catch (e) {
    throw new InputError(
      `${path}: cannot write (${code(e) === 'ENOTDIR' ? `${dir} is not a folder` : `no such folder ${dir}`})`,
    );
  }
  if (!dirStat.isDirectory()) throw new InputError(`${path}: cannot write (${dir} is not a folder)`);
  // access() says yes to root on read-only mounts and pseudo file systems: try for real.
  const probe = tempNear(t.path);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (e) {
    throw cannotWrite(path, e, dir);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** Writes `text` to `path` (see the top of this file for what that means for each kind of path). */
export function writeFileAtomic(path: string, text: string): void {
  const t = resolveTarget(path);
  if (t.stat && !t.stat.isFile()) {
    const bad = kindOf(t.stat);
    if (bad) throw new InputError(`${path}: cannot write (${bad})`);
    writeInPlace(path, t.path, t.stat, text);
    return;
  }
  const tmp = tempNear(t.path);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    if (t.stat) chmodSync(tmp, t.stat.mode & 0o7777);
    renameSync(tmp, t.path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw cannotWrite(path, e);
  }
}

function writeInPlace(path: string, target: string, st: Stats, text: string): void {
  let fd: number;
  let probe: number | null = null;
  try {
    if (st.isFIFO()) {
      // Only with a reader: without one, opening would block forever. The probe stays open until
      // the real descriptor is, so that the reader never sees the end of the pipe in between.
      probe = openSync(target, constants.O_WRONLY | constants.O_NONBLOCK);
    }
    fd = openSync(target, 'w');
  } catch (e) {
    if (code(e) === 'ENXIO') throw new InputError(`${path}: cannot write (a FIFO with no reader)`);
    throw cannotWrite(path, e);
  } finally {
    if (probe !== null) closeSync(probe);
  }
  try {
    const bytes = Buffer.from(text);
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
  } catch (e) {
    throw cannotWrite(path, e);
  } finally {
    closeSync(fd);
  }
}

function code(e: unknown): string | undefined {
  return (e as { code?: string }).code;
}

function cannotWrite(path: string, e: unknown, dir?: string): InputError {
  return new InputError(`${path}: cannot write (${fsReason(e, dir)})`);
}

export function fsReason(e: unknown, dir?: string): string {
  const where = dir ? ` in ${dir}` : '';
  switch (code(e)) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a folder, expected a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EACCES':
    case 'EPERM':
      return `permission denied${where}`;
    case 'EROFS':
      return `read-only file system${where}`;
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return (e as Error).message ?? String(e);
  }
}
