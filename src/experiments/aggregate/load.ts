/**
 * Reading a sweep folder: every run directory (listed in sweep.json, or any sub-folder with a config.json) with its
 * config, status, axis labels and metric rows.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readMetrics, type MetricRow } from '../../logging/metrics-log.js';
import { axisLabel, type ConfigScalar } from '../sweep/spec.js';
import { readManifest } from '../sweep/manifest.js';

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
}

export interface LoadedSweep {
  dir: string;
  /** Axis keys of the manifest, or the config keys that differ between runs. */
  axisKeys: string[];
  runs: RunRecord[];
  /** Run directories listed but not (yet) started. */
  missing: string[];
}

function readJson<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try { return JSON.parse(readFileSync(path, 'utf8')) as T; } catch { return null; }
}

function loadRun(dir: string, name: string, labels: Record<string, string> | null): RunRecord | null {
  const raw = readJson<Record<string, ConfigScalar>>(join(dir, 'config.json')) ?? readJson<Record<string, ConfigScalar>>(join(dir, 'sweep-config.json'));
  if (!raw || !existsSync(join(dir, 'metrics.jsonl'))) return null;
  const { version: _v, ...config } = raw;
  const status = readJson<{ state: string; step: number; totalSteps: number }>(join(dir, 'status.json'));
  const full = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, axisLabel(k, v)]));
  return {
    name, dir, config, labels: { ...full, ...(labels ?? {}) }, state: status?.state ?? 'unknown', step: status?.step ?? 0,
    totalSteps: status?.totalSteps ?? Number(config['steps'] ?? 0), rows: readMetrics(join(dir, 'metrics.jsonl')),
  };
}

export function loadSweep(dir: string): LoadedSweep {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist`);
  const manifest = readManifest(dir);
  const runs: RunRecord[] = [];
  const missing: string[] = [];
  if (manifest) {
    for (const r of manifest.runs) {
      const rec = loadRun(join(dir, r.name), r.name, r.labels);
      if (rec) runs.push(rec); else missing.push(r.name);
    }
    return { dir, axisKeys: manifest.axisKeys, runs, missing };
  }
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    const rec = loadRun(p, name, null);
    if (rec) runs.push(rec);
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
