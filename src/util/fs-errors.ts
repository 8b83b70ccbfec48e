/**
 * File-system errors that name the file and the cause. Node's own messages name the system call but often not the
 * file ("ENOSPC: no space left on device, write"), and a recursive mkdir on a read-only file system reports ENOENT.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/** "no space left on device (ENOSPC)", or the error's own message when it has no known code. */
export function fsCause(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code && CAUSES[code]) return `${CAUSES[code]} (${code})`;
  return e instanceof Error ? e.message : String(e);
}

/** An Error "cannot ACTION PATH: CAUSE" that keeps the system error's code. */
export function fsError(action: string, path: string, e: unknown): Error {
  const err = new Error(`cannot ${action} ${path}: ${fsCause(e)}`) as NodeJS.ErrnoException;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code) err.code = code;
  return err;
}

/** Runs `fn`, turning a file-system error into one that names `path` and the cause. */
export function naming<T>(action: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if ((e as NodeJS.ErrnoException | null)?.syscall === undefined) throw e; // not a system error: already explained
    throw fsError(action, path, e);
  }
}

/**
 * `mkdir -p` whose error names the directory that could not be created and why: Node's recursive mkdir reports ENOENT
 * when the real cause is a read-only or unwritable parent, so the failing level is retried on its own.
 */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    let missing = dir; // the outermost directory that does not exist yet
    while (dirname(missing) !== missing && !existsSync(dirname(missing))) missing = dirname(missing);
    try {
      mkdirSync(missing);
      mkdirSync(dir, { recursive: true });
    } catch (inner) {
      throw fsError('create directory', missing, inner);
    }
    if (!existsSync(dir)) throw fsError('create directory', dir, e);
  }
}
