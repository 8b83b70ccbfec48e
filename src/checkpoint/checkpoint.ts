/**
 * Checkpoints: a safetensors file with every tensor (model parameters under "model.", optimizer buffers under
 * "optim.", any other named group under its own prefix) and a JSON sidecar with optimizer hyperparameters, counters,
 * free-form metadata and the tensor file's size and SHA-256. Both files are written atomically; the sidecar is
 * written last, so a tensor file that was cut short or altered is detected on load. A training run keeps its
 * checkpoints as sets of files written together (store.ts); `encodeCheckpoint` / `decodeCheckpoint` are the
 * byte-level halves both use.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Module } from '../nn/index.js';
import type { Optimizer, OptimizerState } from '../optim/index.js';
import type { Tensor } from '../tensor/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { naming } from '../util/fs-errors.js';
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
  /** Absent in sidecars written before checksums were added; then only the size is checked. */
  tensorSha256?: string;
  optimizers: Record<string, OptimizerState['meta']>;
  meta: Record<string, unknown>;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export const sidecarPath = (path: string): string => `${path}.json`;

/** The bytes of a checkpoint: the safetensors file and its sidecar (which names the tensor file `tensorFile`). */
export function encodeCheckpoint(content: CheckpointContent, tensorFile: string): { tensors: Uint8Array; sidecar: string } {
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
  const tensors = encodeSafetensors(all, { format: CHECKPOINT_FORMAT });
  const sidecar: Sidecar = {
    format: CHECKPOINT_FORMAT, tensorFile, tensorBytes: tensors.length, tensorSha256: sha256(tensors), optimizers: optimMeta, meta: content.meta ?? {},
  };
  return { tensors, sidecar: JSON.stringify(sidecar, null, 1) };
}

/** Parses a checkpoint's two files; `path` (the tensor file's) names them in errors. */
export function decodeCheckpoint(tensorBytes: Uint8Array, sidecarText: string, path: string): Required<CheckpointContent> {
  let sidecar: Sidecar;
  try {
    sidecar = JSON.parse(sidecarText) as Sidecar;
  } catch (e) {
    throw new Error(`checkpoint sidecar ${sidecarPath(path)} is corrupt: ${(e as Error).message}`);
  }
  if (sidecar.format !== CHECKPOINT_FORMAT) throw new Error(`checkpoint sidecar ${sidecarPath(path)} has format '${String(sidecar.format)}', expected '${CHECKPOINT_FORMAT}'`);
  if (tensorBytes.length !== sidecar.tensorBytes) throw new Error(`checkpoint ${path} is corrupt or truncated: ${tensorBytes.length} bytes, the sidecar records ${sidecar.tensorBytes}`);
  if (sidecar.tensorSha256 !== undefined && sha256(tensorBytes) !== sidecar.tensorSha256) {
    throw new Error(`checkpoint ${path} is corrupt: its SHA-256 differs from the one its sidecar records`);
  }
  const { tensors } = decodeSafetensors(tensorBytes, `checkpoint ${path}`);
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

/** Writes `<path>` (safetensors) and `<path>.json` (sidecar). */
export function saveCheckpoint(path: string, content: CheckpointContent): void {
  const { tensors, sidecar } = encodeCheckpoint(content, basename(path));
  writeFileAtomic(path, tensors);
  writeFileAtomic(sidecarPath(path), sidecar);
}

export function loadCheckpoint(path: string): Required<CheckpointContent> {
  if (!existsSync(path)) throw new Error(`checkpoint ${path} does not exist`);
  if (!existsSync(sidecarPath(path))) throw new Error(`checkpoint ${path} has no sidecar ${sidecarPath(path)} (the save was interrupted, or the file was copied alone)`);
  const sidecar = naming('read', sidecarPath(path), () => readFileSync(sidecarPath(path), 'utf8'));
  return decodeCheckpoint(naming('read', path, () => readFileSync(path)), sidecar, path);
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
