/** The run directory (docs/run-format.md): config.json, status.json, metrics, checkpoints. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointStore, decodeCheckpoint, encodeCheckpoint, loadCheckpoint, type CheckpointContent, type StoredCheckpoint } from '../checkpoint/index.js';
import { ConfigError } from '../config/schema.js';
import { metricsToCsv, readMetrics } from '../logging/metrics-log.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { naming } from '../util/fs-errors.js';
import { atariRunRecord, checkAtariRunRecord, resolveConfig, type TrainConfig } from './config.js';

export const RUN_FORMAT_VERSION = 1;

export type RunState = 'running' | 'interrupted' | 'finished' | 'failed';
const RUN_STATES: readonly RunState[] = ['running', 'interrupted', 'finished', 'failed'];

export interface RunStatus {
  state: RunState;
  step: number;
  totalSteps: number;
  updatedAt: string;
  error?: string;
}

/** A checkpoint's tensor file and sidecar inside a checkpoint set; the agent's blobs (replay.bin…) sit next to them. */
const STATE_FILE = 'state.safetensors';
const SIDECAR_FILE = `${STATE_FILE}.json`;
/** Runs written before checkpoint sets: one unchecked `checkpoints/latest.safetensors` (+ sidecar) and the blobs. */
const LEGACY_FILE = 'latest.safetensors';

export interface RunCheckpoint {
  content: Required<CheckpointContent>;
  /** The agent's blobs by file name (those asked for that the checkpoint holds). */
  files: Record<string, Uint8Array>;
  step: number;
  /** The checkpoint's folder (or, for an old-format run, its tensor file). */
  source: string;
}

export interface LoadOptions {
  /** Blob files to read besides the networks (default none). */
  blobs?: readonly string[];
  /** Told when a damaged checkpoint is passed over for an older one. */
  notice?: (line: string) => void;
  /** Rename damaged checkpoints to `damaged-NAME` (only the run's writer may). */
  setAsideDamaged?: boolean;
}

export class RunDir {
  constructor(readonly path: string) {}

  get configPath(): string { return join(this.path, 'config.json'); }
  get statusPath(): string { return join(this.path, 'status.json'); }
  get checkpointsPath(): string { return join(this.path, 'checkpoints'); }
  get metricsPath(): string { return join(this.path, 'metrics.jsonl'); }
  get metricsCsvPath(): string { return join(this.path, 'metrics.csv'); }
  /** The run's checkpoint sets (the last two are kept). */
  get checkpoints(): CheckpointStore { return new CheckpointStore(this.checkpointsPath, 2); }
  private get legacyPath(): string { return join(this.checkpointsPath, LEGACY_FILE); }

  private hasLegacyCheckpoint(): boolean {
    return existsSync(this.legacyPath) && existsSync(`${this.legacyPath}.json`);
  }

  hasCheckpoint(): boolean {
    return this.checkpoints.list().length > 0 || this.hasLegacyCheckpoint();
  }

  /** Writes a checkpoint set (networks + sidecar + blobs) atomically; an old-format checkpoint is then dropped. */
  saveCheckpoint(content: CheckpointContent, blobs: Readonly<Record<string, Uint8Array>>, step: number): StoredCheckpoint {
    const { tensors, sidecar } = encodeCheckpoint(content, STATE_FILE);
    const saved = this.checkpoints.save({ ...blobs, [STATE_FILE]: tensors, [SIDECAR_FILE]: sidecar }, step);
    if (this.hasLegacyCheckpoint() && this.checkpoints.list().length >= this.checkpoints.keep) this.removeLegacyCheckpoint();
    return saved;
  }

  /**
   * The newest intact checkpoint, or null if the run has none. Every file is verified against its checksum; a damaged
   * checkpoint is passed over for the one before it (said through `notice`). Throws, naming each checkpoint's fault,
   * when none is intact.
   */
  loadCheckpoint(opts: LoadOptions = {}): RunCheckpoint | null {
    // a reader that is not the run's writer (hrl eval) may see the writer drop an old checkpoint: read the list again
    for (let attempt = 1; ; attempt++) {
      const loaded = this.loadNewestIntact(opts, attempt < 3);
      if (loaded !== 'vanished') return loaded;
    }
  }

  private loadNewestIntact(opts: LoadOptions, retryVanished: boolean): RunCheckpoint | null | 'vanished' {
    const store = this.checkpoints;
    const faults: string[] = [];
    for (const ck of store.list()) {
      try {
        const files = store.read(ck, [STATE_FILE, SIDECAR_FILE, ...(opts.blobs ?? [])]);
        const { [STATE_FILE]: tensors, [SIDECAR_FILE]: sidecar, ...blobs } = files;
        if (!tensors || !sidecar) throw new Error(`checkpoint ${ck.dir} has no ${STATE_FILE} or ${SIDECAR_FILE}`);
        const content = decodeCheckpoint(tensors, Buffer.from(sidecar).toString('utf8'), join(ck.dir, STATE_FILE));
        if (faults.length > 0) opts.notice?.(`falling back to the previous intact checkpoint ${ck.dir} (step ${ck.step})`);
        return { content, files: blobs, step: ck.step, source: ck.dir };
      } catch (e) {
        if (retryVanished && !existsSync(ck.dir)) return 'vanished';
        let line = `checkpoint ${ck.dir} (step ${ck.step}) is damaged: ${(e as Error).message}`;
        if (opts.setAsideDamaged) line += `; kept as ${store.setAside(ck)}`;
        opts.notice?.(line);
        faults.push(line);
      }
    }
    if (this.hasLegacyCheckpoint()) {
      try {
        const content = loadCheckpoint(this.legacyPath);
        const files: Record<string, Uint8Array> = {};
        for (const name of opts.blobs ?? []) {
          const p = join(this.checkpointsPath, name);
          if (existsSync(p)) files[name] = naming('read', p, () => readFileSync(p));
        }
        opts.notice?.(`${this.legacyPath} is an old-format checkpoint (its replay buffer has no checksum, and a kill during its save could have mixed two saves); new checkpoints are written as checked sets`);
        return { content, files, step: Number(content.meta['step'] ?? 0), source: this.legacyPath };
      } catch (e) {
        faults.push((e as Error).message);
      }
    }
    if (faults.length > 0) throw new Error(`no intact checkpoint in ${this.checkpointsPath}:\n  ${faults.join('\n  ')}`);
    return null;
  }

  /** Deletes every checkpoint (a fresh start in this directory). */
  clearCheckpoints(): void {
    for (const ck of this.checkpoints.list()) this.checkpoints.remove(ck);
    if (this.hasLegacyCheckpoint()) this.removeLegacyCheckpoint();
  }

  private removeLegacyCheckpoint(): void {
    // the sidecar first: without it the rest no longer counts as a checkpoint
    for (const name of [`${LEGACY_FILE}.json`, LEGACY_FILE, 'replay.bin', 'rollout.bin']) rmSync(join(this.checkpointsPath, name), { force: true });
  }

  /** The effective config, and for an Atari run an `atari` record of its ROM and protocol in full. */
  writeConfig(cfg: TrainConfig): void {
    const atari = atariRunRecord(cfg);
    writeFileAtomic(this.configPath, JSON.stringify({ ...cfg, ...(atari ? { atari } : {}), version: RUN_FORMAT_VERSION }, null, 2) + '\n');
  }

  /** The saved effective config, re-validated (a hand-edited file with a bad key is named). */
  readConfig(): TrainConfig {
    if (!existsSync(this.configPath)) throw new Error(`${this.path} is not a run directory: ${this.configPath} is missing`);
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(naming('read', this.configPath, () => readFileSync(this.configPath, 'utf8'))) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      throw new ConfigError(`${this.configPath} is not valid JSON: ${e.message}`);
    }
    const { version: _v, atari, ...keys } = raw;
    const cfg = resolveConfig(keys as Record<string, string | number | boolean>);
    checkAtariRunRecord(atari, cfg, this.configPath);
    return cfg;
  }

  writeStatus(state: RunState, step: number, totalSteps: number, error?: string): void {
    const st: RunStatus = { state, step, totalSteps, updatedAt: new Date().toISOString(), ...(error ? { error } : {}) };
    writeFileAtomic(this.statusPath, JSON.stringify(st, null, 2) + '\n');
  }

  /** The run's status, or null before it started; a damaged file is an error naming it. */
  readStatus(): RunStatus | null {
    if (!existsSync(this.statusPath)) return null;
    const text = naming('read', this.statusPath, () => readFileSync(this.statusPath, 'utf8'));
    let st: Partial<RunStatus>;
    try {
      st = JSON.parse(text) as Partial<RunStatus>;
    } catch (e) {
      throw new Error(`${this.statusPath} is damaged: not valid JSON (${(e as Error).message}); delete it to continue from the checkpoint`);
    }
    if (typeof st !== 'object' || st === null || !RUN_STATES.includes(st.state as RunState) || !Number.isFinite(st.step) || !Number.isFinite(st.totalSteps)) {
      throw new Error(`${this.statusPath} is damaged: expected {"state": ${RUN_STATES.map((s) => `"${s}"`).join(' | ')}, "step": N, "totalSteps": N, …}; delete it to continue from the checkpoint`);
    }
    return st as RunStatus;
  }

  /**
   * Writes the scalar rows of metrics.jsonl (only those of `kind`, if given) as a CSV table to `out` (default
   * metrics.csv), atomically; returns the number of rows. The training loop writes it when a run finishes; `hrl
   * export-csv` at any time. Throws when metrics.jsonl is missing.
   */
  writeMetricsCsv(out = this.metricsCsvPath, kind?: string): number {
    if (!existsSync(this.metricsPath)) throw new Error(`${this.path} has no metrics yet: ${this.metricsPath} is missing`);
    let rows = readMetrics(this.metricsPath);
    if (kind !== undefined) rows = rows.filter((r) => r.kind === kind);
    writeFileAtomic(out, metricsToCsv(rows));
    return rows.length;
  }
}
