/**
 * A sweep's files: `DIR/sweep.json` (the manifest: base, axes and every run with its name, labels and config) and, per
 * run, `DIR/NAME/sweep-config.json` (the config `hrl train --config` starts it with). The run directory itself follows
 * docs/run-format.md; its state decides what a (re-)run of the sweep does with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunDir } from '../../training/run-dir.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { SweepError, type ConfigScalar, type SweepRun, type SweepSpec } from './spec.js';

export const MANIFEST_VERSION = 1;

export interface SweepManifest {
  version: number;
  createdAt: string;
  /** Axis keys, in order (group keys are taken from these). */
  axisKeys: string[];
  spec: SweepSpec;
  runs: SweepRun[];
}

export const manifestPath = (dir: string): string => join(dir, 'sweep.json');
export const runDirOf = (dir: string, name: string): string => join(dir, name);

export function readManifest(dir: string): SweepManifest | null {
  const p = manifestPath(dir);
  if (!existsSync(p)) return null;
  return JSON.parse(readFileSync(p, 'utf8')) as SweepManifest;
}

const sameConfig = (a: Record<string, ConfigScalar>, b: Record<string, ConfigScalar>): boolean => {
  const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
};

/**
 * Writes the manifest and each run's sweep-config.json. Re-running a sweep into the same folder is how it resumes,
 * so existing runs are kept; a run whose sweep-config.json differs from the new one is an error (the folder holds
 * another experiment under that name). Runs of an earlier manifest that are not in this one stay listed.
 */
export function writeSweepFiles(dir: string, spec: SweepSpec, runs: readonly SweepRun[]): SweepManifest {
  for (const r of runs) {
    const p = join(runDirOf(dir, r.name), 'sweep-config.json');
    if (existsSync(p)) {
      const old = JSON.parse(readFileSync(p, 'utf8')) as Record<string, ConfigScalar>;
      if (!sameConfig(old, r.config)) {
        throw new SweepError(`${p} holds a different config than the sweep file gives run ${r.name}; use another --out folder or remove that run`);
      }
    }
  }
  const prev = readManifest(dir);
  const names = new Set(runs.map((r) => r.name));
  const kept = (prev?.runs ?? []).filter((r) => !names.has(r.name));
  const manifest: SweepManifest = {
    version: MANIFEST_VERSION, createdAt: prev?.createdAt ?? new Date().toISOString(), axisKeys: Object.keys(spec.axes),
    spec, runs: [...kept, ...runs],
  };
  writeFileAtomic(manifestPath(dir), JSON.stringify(manifest, null, 2) + '\n');
  for (const r of runs) {
    const p = join(runDirOf(dir, r.name), 'sweep-config.json');
    if (!existsSync(p)) writeFileAtomic(p, JSON.stringify(r.config, null, 2) + '\n');
  }
  return manifest;
}

/** What a sweep does with a run directory: nothing (finished), `train --resume` (checkpoint), or a fresh start. */
export type RunAction = 'skip' | 'resume' | 'start';

export function runAction(runDir: string): RunAction {
  const status = join(runDir, 'status.json');
  if (existsSync(status)) {
    try {
      if ((JSON.parse(readFileSync(status, 'utf8')) as { state?: string }).state === 'finished') return 'skip';
    } catch { /* a torn status file: decide from the checkpoint */ }
  }
  return new RunDir(runDir).hasCheckpoint() ? 'resume' : 'start';
}

/** The `hrl train` arguments for a run directory in the given state. */
export function trainArgs(runDir: string, action: Exclude<RunAction, 'skip'>): string[] {
  return action === 'resume' ? ['train', '--resume', runDir] : ['train', '--config', join(runDir, 'sweep-config.json'), '--out', runDir];
}
