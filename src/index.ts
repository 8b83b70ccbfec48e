/**
 * hadamard-rl: Hadamard representations for deep RL. Each part of the library is a namespace; they can also be imported
 * from their folders (e.g. 'hadamard-rl/dist/src/nn/index.js').
 */
export * as tensor from './tensor/index.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as envs from './envs/index.js';
export * as agents from './agents/index.js';
export * as diagnostics from './diagnostics/index.js';
export * as plasticity from './plasticity/index.js';
export * as linalg from './linalg/index.js';
export * as stats from './stats/index.js';
export * as plot from './plot/index.js';
export * as report from './report/index.js';
export * as checkpoint from './checkpoint/index.js';
export { Rng, type RngState } from './util/rng.js';
export { train, type TrainOptions, type TrainResult } from './training/train.js';
export { resolveConfig, TRAIN_SCHEMA, type TrainConfig } from './training/config.js';
