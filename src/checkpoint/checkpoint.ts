/**
 * Checkpoints: a safetensors file with every tensor (model parameters under "model.", optimizer buffers under
 * "optim.", any other named group under its own prefix) and a JSON sidecar with optimizer hyperparameters, counters
 * and free-form metadata. Both files are written atomically; the sidecar is written last and names the tensor file's
 * size, so a checkpoint whose tensor file was cut short is detected on load.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Module } from '../nn/index.js';
import type { Optimizer, OptimizerState } from '../optim/index.js';
import type { Tensor } from '../tensor/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

export const CHECKPOINT_FORMAT = 'hadamard-rl-checkpoint/1';

export interface CheckpointContent {
  /** Tensor groups by name, e.g. { model: net.stateDict(), target: target.stateDict() }. */
  groups: Record<string, Record<string, Tensor>>;
  /** Optimizer states by name. */
  optimizers?: Record<string, OptimizerState>;
  /** Anything JSON-serialisable: step counters, RNG states, config. */
  meta?: Record<string, unknown>;
}

interface Sidecar {
  format: string;
  tensorFile: string;
  tensorBytes: number;
  optimizers: Record<string, OptimizerState['meta']>;
  meta: Record<string, unknown>;
}

const sidecarPath = (path: string): string => `${path}.json`;

/** Writes `<path>` (safetensors) and `<path>.json` (sidecar). */
export function saveCheckpoint(path: string, content: CheckpointContent): void {
  const all: Record<string, Tensor> = {};
  for (const [group, tensors] of Object.entries(content.groups)) {
    if (group.includes('.') || group === 'optim') throw new Error(`checkpoint group name '${group}' may not contain '.' or be 'optim'`);
    for (const [name, t] of Object.entries(tensors)) all[`${group}.${name}`] = t;
  }
  const optimMeta: Record<string, OptimizerState['meta']> = {};
  for (const [name, st] of Object.entries(content.optimizers ?? {})) {
    optimMeta[name] = st.meta;
    for (const [k, t] of Object.entries(st.tensors)) all[`optim.${name}.${k}`] = t;
  }
  const bytes = encodeSafetensors(all, { format: CHECKPOINT_FORMAT });
  writeFileAtomic(path, bytes);
  const sidecar: Sidecar = { format: CHECKPOINT_FORMAT, tensorFile: path.split('/').pop()!, tensorBytes: bytes.length, optimizers: optimMeta, meta: content.meta ?? {} };
  writeFileAtomic(sidecarPath(path), JSON.stringify(sidecar, null, 1));
}

export function loadCheckpoint(path: string): Required<CheckpointContent> {
  if (!existsSync(path)) throw new Error(`checkpoint ${path} does not exist`);
  if (!existsSync(sidecarPath(path))) throw new Error(`checkpoint ${path} has no sidecar ${sidecarPath(path)} (the save was interrupted, or the file was copied alone)`);
  let sidecar: Sidecar;
  try {
    sidecar = JSON.parse(readFileSync(sidecarPath(path), 'utf8')) as Sidecar;
  } catch (e) {
    throw new Error(`checkpoint sidecar ${sidecarPath(path)} is corrupt: ${(e as Error).message}`);
  }
  if (sidecar.format !== CHECKPOINT_FORMAT) throw new Error(`checkpoint sidecar ${sidecarPath(path)} has format '${String(sidecar.format)}', expected '${CHECKPOINT_FORMAT}'`);
  const size = statSync(path).size;
  if (size !== sidecar.tensorBytes) throw new Error(`checkpoint ${path} is corrupt or truncated: ${size} bytes, the sidecar records ${sidecar.tensorBytes}`);
  const { tensors } = decodeSafetensors(readFileSync(path), `checkpoint ${path}`);
  const groups: Record<string, Record<string, Tensor>> = {};
  const optimizers: Record<string, OptimizerState> = {};
  for (const [name, meta] of Object.entries(sidecar.optimizers)) optimizers[name] = { meta, tensors: {} };
  for (const [key, t] of Object.entries(tensors)) {
    const dot = key.indexOf('.');
    const group = key.slice(0, dot), rest = key.slice(dot + 1);
    if (group === 'optim') {
      const d2 = rest.indexOf('.');
      const opt = optimizers[rest.slice(0, d2)];
      if (!opt) throw new Error(`checkpoint ${path} has optimizer tensor '${key}' without optimizer metadata`);
      opt.tensors[rest.slice(d2 + 1)] = t;
    } else {
      (groups[group] ??= {})[rest] = t;
    }
  }
  return { groups, optimizers, meta: sidecar.meta };
}

/** Convenience: a model (+ optimizer) checkpoint. */
export function saveModel(path: string, model: Module, optimizer?: Optimizer, meta: Record<string, unknown> = {}): void {
  saveCheckpoint(path, { groups: { model: model.stateDict() }, optimizers: optimizer ? { main: optimizer.stateDict() } : {}, meta });
}

export function loadModel(path: string, model: Module, optimizer?: Optimizer): Record<string, unknown> {
  const ck = loadCheckpoint(path);
  const state = ck.groups['model'];
  if (!state) throw new Error(`checkpoint ${path} holds no 'model' tensors`);
  model.loadStateDict(state);
  if (optimizer) {
    const st = ck.optimizers['main'];
    if (!st) throw new Error(`checkpoint ${path} holds no optimizer state`);
    optimizer.loadStateDict(st);
  }
  return ck.meta;
}
