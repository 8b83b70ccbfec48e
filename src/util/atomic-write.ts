/**
 * Atomic file writes: write to a temporary file in the same directory, flush it to disk, then rename over the target.
 * A reader (or a crash) sees either the old file or the complete new one, never a partial write. A killed write
 * leaves its temporary file behind; `removeStaleTemporaries` clears them when the directory's writer starts again.
 * Errors name the file and the cause (see fs-errors.ts).
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { ensureDir, fsError, naming } from './fs-errors.js';

const TEMPORARY = /^\..+\.\d+\.\d+\.tmp$/;

/** Writes `path` (created or truncated) with `data`, flushed to disk. On failure the partial file is removed. */
export function writeFileSynced(path: string, data: string | Uint8Array): void {
  const fd = naming('create', path, () => openSync(path, 'w'));
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(path); } catch { /* already gone */ }
    throw fsError('write', path, e);
  }
  closeSync(fd);
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  ensureDir(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSynced(tmp, data);
  try {
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw fsError('write', path, e);
  }
}

/** Flushes a directory's entries (a rename or a new file in it) to disk. */
export function syncDir(dir: string): void {
  const fd = naming('open directory', dir, () => openSync(dir, 'r'));
  try {
    fsyncSync(fd);
  } catch (e) {
    // some file systems cannot fsync a directory; the rename is still atomic
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL' && (e as NodeJS.ErrnoException).code !== 'EISDIR') throw fsError('flush directory', dir, e);
  } finally {
    closeSync(fd);
  }
}

/** Removes the temporary files killed `writeFileAtomic` calls left in `dir`; returns their names. */
export function removeStaleTemporaries(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  const stale = names.filter((n) => TEMPORARY.test(n));
  for (const n of stale) rmSync(join(dir, n), { force: true });
  return stale;
}
