/**
 * A folder of checkpoint sets, each one atomic unit: every file of a checkpoint (networks, sidecar, replay buffer…)
 * is written and flushed into a temporary folder, then a manifest with each file's size and SHA-256, then the folder
 * is renamed into place (`000012-step5000`): that rename is the commit, so a kill at any moment leaves the previous
 * checkpoint or the new one, whole. The newest `keep` checkpoints of different steps are kept. Reading verifies every
 * file against the manifest, and an error names the file. Temporaries of killed writes are removed by `removeStale`,
 * which only the folder's single writer may call (see src/training/run-lock.ts).
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTemporaries, syncDir, writeFileSynced } from '../util/atomic-write.js';
import { ensureDir, fsError, naming } from '../util/fs-errors.js';
import { sha256 } from './checkpoint.js';

export const SET_FORMAT = 'hadamard-rl-checkpoint-set/1';
export const MANIFEST = 'manifest.json';

export interface SetManifest {
  format: string;
  /** Sequence number of the checkpoint in its folder (1, 2, …). */
  seq: number;
  /** The training step it holds. */
  step: number;
  createdAt: string;
  files: Record<string, { bytes: number; sha256: string }>;
}

export interface StoredCheckpoint {
  /** Folder name, e.g. `000012-step5000`. */
  name: string;
  /** Its path. */
  dir: string;
  seq: number;
  step: number;
}

/** A checkpoint that fails verification; `file` is the path of the file at fault. */
export class CheckpointIntegrityError extends Error {
  constructor(readonly file: string, why: string) {
    super(`checkpoint file ${file} ${why}`);
  }
}

const COMMITTED = /^(\d+)-step(\d+)$/;
const TEMPORARY = /^\.(tmp|old)-/;

export class CheckpointStore {
  constructor(readonly dir: string, readonly keep = 2) {
    if (!Number.isInteger(keep) || keep < 1) throw new Error(`CheckpointStore: keep must be an integer ≥ 1, got ${keep}`);
  }

  /** Committed checkpoints, newest first. */
  list(): StoredCheckpoint[] {
    if (!existsSync(this.dir)) return [];
    const out: StoredCheckpoint[] = [];
    for (const name of naming('list', this.dir, () => readdirSync(this.dir))) {
      const m = COMMITTED.exec(name);
      if (m) out.push({ name, dir: join(this.dir, name), seq: Number(m[1]), step: Number(m[2]) });
    }
    return out.sort((a, b) => b.seq - a.seq);
  }

  /** Writes `files` as the next checkpoint, then drops all but the newest `keep` (one per step). */
  save(files: Readonly<Record<string, Uint8Array | string>>, step: number): StoredCheckpoint {
    for (const name of Object.keys(files)) {
      if (name === MANIFEST || name.includes('/') || name.startsWith('.')) throw new Error(`checkpoint file name '${name}' is not allowed`);
    }
    ensureDir(this.dir);
    const seq = (this.list()[0]?.seq ?? 0) + 1;
    const name = `${String(seq).padStart(6, '0')}-step${step}`;
    const tmp = join(this.dir, `.tmp-${name}-${process.pid}`);
    const manifest: SetManifest = { format: SET_FORMAT, seq, step, createdAt: new Date().toISOString(), files: {} };
    try {
      rmSync(tmp, { recursive: true, force: true });
      ensureDir(tmp);
      for (const [file, data] of Object.entries(files)) {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        writeFileSynced(join(tmp, file), bytes);
        manifest.files[file] = { bytes: bytes.length, sha256: sha256(bytes) };
      }
      writeFileSynced(join(tmp, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
      syncDir(tmp);
      const final = join(this.dir, name);
      naming('commit checkpoint', final, () => renameSync(tmp, final));
      syncDir(this.dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true }); // free the space now; a killed save is cleaned by removeStale
      throw e;
    }
    // an older checkpoint of the same step (the final save after a periodic one) is superseded, not kept as a fallback
    const others = this.list().filter((ck) => ck.seq !== seq);
    const kept = new Set(others.filter((ck) => ck.step !== step).slice(0, this.keep - 1).map((ck) => ck.seq));
    for (const ck of others) if (!kept.has(ck.seq)) this.remove(ck);
    return { name, dir: join(this.dir, name), seq, step };
  }

  /**
   * Reads a checkpoint's files (all of them, or `only` these), each verified against the manifest's size and SHA-256.
   * Throws CheckpointIntegrityError naming the first file at fault.
   */
  read(ck: StoredCheckpoint, only?: readonly string[]): Record<string, Uint8Array> {
    const manifest = this.manifest(ck);
    const out: Record<string, Uint8Array> = {};
    for (const [file, want] of Object.entries(manifest.files)) {
      if (only && !only.includes(file)) continue;
      const path = join(ck.dir, file);
      if (!existsSync(path)) throw new CheckpointIntegrityError(path, 'is missing');
      const bytes = naming('read', path, () => readFileSync(path));
      if (bytes.length !== want.bytes) throw new CheckpointIntegrityError(path, `has ${bytes.length} bytes, the manifest records ${want.bytes} (truncated or altered)`);
      if (sha256(bytes) !== want.sha256) throw new CheckpointIntegrityError(path, 'does not match the SHA-256 its manifest records (corrupted)');
      out[file] = bytes;
    }
    return out;
  }

  /** The manifest of a committed checkpoint (validated). */
  manifest(ck: StoredCheckpoint): SetManifest {
    const path = join(ck.dir, MANIFEST);
    if (!existsSync(path)) throw new CheckpointIntegrityError(path, 'is missing');
    let m: SetManifest;
    try {
      m = JSON.parse(readFileSync(path, 'utf8')) as SetManifest;
    } catch (e) {
      throw new CheckpointIntegrityError(path, `is not valid JSON (${(e as Error).message})`);
    }
    if (m.format !== SET_FORMAT || typeof m.files !== 'object' || m.files === null) throw new CheckpointIntegrityError(path, `is not a ${SET_FORMAT} manifest`);
    if (m.step !== ck.step) throw new CheckpointIntegrityError(path, `records step ${m.step}, the folder name says ${ck.step}`);
    return m;
  }

  /** Renames a damaged checkpoint to `damaged-NAME` (kept for inspection, never read again); returns the new path. */
  setAside(ck: StoredCheckpoint): string {
    const to = join(this.dir, `damaged-${ck.name}`);
    rmSync(to, { recursive: true, force: true });
    naming('rename', ck.dir, () => renameSync(ck.dir, to));
    return to;
  }

  /** Removes temporaries that killed saves and removals left behind; returns their names. */
  removeStale(): string[] {
    if (!existsSync(this.dir)) return [];
    const stale = readdirSync(this.dir).filter((n) => TEMPORARY.test(n));
    for (const n of stale) rmSync(join(this.dir, n), { recursive: true, force: true });
    return [...stale, ...removeStaleTemporaries(this.dir)];
  }

  /** Deletes a checkpoint: renamed out of the committed names first, so a kill mid-way leaves no half checkpoint. */
  remove(ck: StoredCheckpoint): void {
    const trash = join(this.dir, `.old-${ck.name}-${process.pid}`);
    try {
      renameSync(ck.dir, trash);
      rmSync(trash, { recursive: true, force: true });
    } catch (e) {
      if (existsSync(ck.dir) && statSync(ck.dir).isDirectory()) throw fsError('remove old checkpoint', ck.dir, e);
    }
  }
}
