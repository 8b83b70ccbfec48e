/**
 * Reading a sweep folder: every run directory (listed in sweep.json, or any sub-folder with a config.json) with its
 * config, status, axis labels and metric rows; runs without data are listed with what their directory says.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readMetrics, type MetricRow } from '../../logging/metrics-log.js';
import { axisLabel, type ConfigScalar } from '../sweep/spec.js';
import { readManifest } from '../sweep/manifest.js';
import { describeUnfinished, readRunState, unfinishedKind, type RunState } from '../sweep/run-state.js';

export interface RunRecord {
  name: string;
  dir: string;
  config: Record<string, ConfigScalar>;
  /** Axis labels (from the manifest; for loose runs, labels of every config key). */
  labels: Record<string, string>;
  state: string;
  step: number;
  totalSteps: number;
  rows: MetricRow[];
  /** For a run that has not finished: how far it got and what its directory says (e.g. 'failed at step 40: …'). */
  unfinished: Unfinished | null;
}

export interface Unfinished { kind: 'failed' | 'unfinished' | 'not started'; reason: string }

/** A run of the sweep with no data to aggregate, and why. */
export interface MissingRun extends Unfinished { name: string }

const unfinished = (st: RunState): Unfinished => ({ kind: unfinishedKind(st), reason: describeUnfinished(st) });

export interface LoadedSweep {
  dir: string;
  /** Axis keys of the manifest, or the config keys that differ between runs. */
  axisKeys: string[];
  runs: RunRecord[];
  /** Runs listed in the manifest (or folders with a config.json) without metrics: not started, or failed before training. */
  missing: MissingRun[];
}

function readJson<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try { return JSON.parse(readFileSync(path, 'utf8')) as T; } catch { return null; }
}

function loadRun(dir: string, name: string, labels: Record<string, string> | null): RunRecord | null {
  const raw = readJson<Record<string, ConfigScalar>>(join(dir, 'config.json')) ?? readJson<Record<string, ConfigScalar>>(join(dir, 'sweep-config.json'));
  if (!raw || !existsSync(join(dir, 'metrics.jsonl'))) return null;
  const { version: _v, ...config } = raw;
  const status = readRunState(dir);
  const full = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, axisLabel(k, v)]));
  return {
    name, dir, config, labels: { ...full, ...(labels ?? {}) }, state: status.state ?? 'unknown', step: status.step,
    totalSteps: status.totalSteps || Number(config['steps'] ?? 0), rows: readMetrics(join(dir, 'metrics.jsonl')),
    unfinished: status.state === 'finished' ? null : unfinished(status),
  };
}

export function loadSweep(dir: string): LoadedSweep {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist`);
  const manifest = readManifest(dir);
  const runs: RunRecord[] = [];
  const missing: MissingRun[] = [];
  const noData = (runDir: string, name: string): MissingRun => ({ name, ...unfinished(readRunState(runDir)) });
  if (manifest) {
    for (const r of manifest.runs) {
      const rec = loadRun(join(dir, r.name), r.name, r.labels);
      if (rec) runs.push(rec); else missing.push(noData(join(dir, r.name), r.name));
    }
    return { dir, axisKeys: manifest.axisKeys, runs, missing };
  }
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    const rec = loadRun(p, name, null);
    if (rec) runs.push(rec);
    else if (existsSync(join(p, 'config.json'))) missing.push(noData(p, name));
  }
  if (runs.length === 0 && existsSync(join(dir, 'config.json'))) {
    const rec = loadRun(dir, dir.split('/').filter(Boolean).at(-1) ?? dir, null);
    if (rec) runs.push(rec);
  }
  // Without a manifest, the axes are the config keys whose values differ between runs.
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.config)))];
  const axisKeys = keys.filter((k) => new Set(runs.map((r) => JSON.stringify(r.config[k]))).size > 1);
  return { dir, axisKeys, runs, missing };
}
