/** Builders shared by all algorithms: environments, networks and optimizers from a TrainConfig. */
import { make, type Env } from '../envs/index.js';
import { Adam, RAdam, RMSprop, SGD, type Optimizer } from '../optim/index.js';
import type { Tensor } from '../tensor/index.js';
import { AgentNetwork, type HeadSpec, type NetworkSpec } from '../agents/networks.js';
import { envFamily, type TrainConfig } from './config.js';

/** One environment of the run's id, with the config's env options (sticky actions for MinAtar). */
export function makeEnv(cfg: TrainConfig): Env {
  return envFamily(cfg.env) === 'minatar' ? make(cfg.env, { stickyActionProb: cfg['sticky-actions'] }) : make(cfg.env);
}

export function networkSpec(cfg: TrainConfig, overrides: Partial<NetworkSpec> = {}): NetworkSpec {
  return {
    encoder: cfg.encoder, activation: cfg.activation, hadamard: cfg.hadamard, layerNorm: cfg['layer-norm'], width: cfg.width,
    hiddenLayers: cfg['hidden-layers'], matchParams: cfg['match-params'], encoderActivation: cfg['encoder-activation'], ...overrides,
  };
}

export function buildNetwork(cfg: TrainConfig, obsShape: readonly number[], heads: readonly HeadSpec[], overrides: Partial<NetworkSpec> = {}): AgentNetwork {
  return new AgentNetwork(obsShape, networkSpec(cfg, overrides), heads, cfg.seed);
}

export function makeOptimizer(cfg: TrainConfig, params: readonly Tensor[]): Optimizer {
  switch (cfg.optimizer) {
    case 'adam': return new Adam(params, { lr: cfg.lr, eps: cfg['adam-eps'] });
    case 'radam': return new RAdam(params, { lr: cfg.lr, eps: cfg['adam-eps'] });
    case 'rmsprop': return new RMSprop(params, { lr: cfg.lr, alpha: cfg['rmsprop-alpha'], eps: cfg['rmsprop-eps'], centered: cfg['rmsprop-centered'] });
    case 'sgd': return new SGD(params, { lr: cfg.lr });
  }
}
