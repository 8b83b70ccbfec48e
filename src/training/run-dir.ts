/** The run directory (docs/run-format.md): config.json, status.json, metrics, checkpoints. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/schema.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { resolveConfig, type TrainConfig } from './config.js';

export const RUN_FORMAT_VERSION = 1;

export type RunState = 'running' | 'interrupted' | 'finished' | 'failed';

export interface RunStatus {
  state: RunState;
  step: number;
  totalSteps: number;
  updatedAt: string;
  error?: string;
}

export class RunDir {
  constructor(readonly path: string) {}

  get configPath(): string { return join(this.path, 'config.json'); }
  get statusPath(): string { return join(this.path, 'status.json'); }
  get checkpointPath(): string { return join(this.path, 'checkpoints', 'latest.safetensors'); }
  get bufferPath(): string { return join(this.path, 'checkpoints', 'replay.bin'); }
  get metricsPath(): string { return join(this.path, 'metrics.jsonl'); }

  hasCheckpoint(): boolean {
    return existsSync(this.checkpointPath) && existsSync(`${this.checkpointPath}.json`);
  }

  writeConfig(cfg: TrainConfig): void {
    writeFileAtomic(this.configPath, JSON.stringify({ ...cfg, version: RUN_FORMAT_VERSION }, null, 2) + '\n');
  }

  /** The saved effective config, re-validated (a hand-edited file with a bad key is named). */
  readConfig(): TrainConfig {
    if (!existsSync(this.configPath)) throw new Error(`${this.path} is not a run directory: ${this.configPath} is missing`);
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(readFileSync(this.configPath, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`${this.configPath} is not valid JSON: ${(e as Error).message}`);
    }
    const { version: _v, ...keys } = raw;
    return resolveConfig(keys as Record<string, string | number | boolean>);
  }

  writeStatus(state: RunState, step: number, totalSteps: number, error?: string): void {
    const st: RunStatus = { state, step, totalSteps, updatedAt: new Date().toISOString(), ...(error ? { error } : {}) };
    writeFileAtomic(this.statusPath, JSON.stringify(st, null, 2) + '\n');
  }

  readStatus(): RunStatus | null {
    if (!existsSync(this.statusPath)) return null;
    return JSON.parse(readFileSync(this.statusPath, 'utf8')) as RunStatus;
  }
}
