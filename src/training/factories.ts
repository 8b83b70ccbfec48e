/** Builders shared by all algorithms: environments, networks and optimizers from a TrainConfig. */
import { make, SyncVectorEnv, type Env, type EnvOptions, type VectorEnv } from '../envs/index.js';
import { Adam, RAdam, RMSprop, SGD, type Optimizer } from '../optim/index.js';
import type { Tensor } from '../tensor/index.js';
import { AgentNetwork, type HeadSpec, type NetworkSpec } from '../agents/networks.js';
import { AtariVectorEnv, loadRom } from '../envs/atari/index.js';
import { atariRunRecord, envFamily, type TrainConfig } from './config.js';

/** One environment of the run's id, with the config's env options. */
export function makeEnv(cfg: TrainConfig): Env {
  return make(cfg.env, envOptions(cfg));
}

/** The make() options a config gives its env: sticky actions on MinAtar; protocol, sticky actions, actions, ROM folder on Atari. */
export function envOptions(cfg: TrainConfig): EnvOptions {
  switch (envFamily(cfg.env)) {
    case 'minatar': return { stickyActionProb: cfg['sticky-actions'] };
    case 'atari': return {
      protocol: cfg['atari-protocol'], repeatActionProbability: cfg['sticky-actions'], fullActionSpace: cfg['full-action-space'],
      ...(cfg['rom-dir'] !== undefined ? { romDir: cfg['rom-dir'] } : {}),
    };
    case 'classic': return {};
  }
}

/**
 * The run's `num-envs` environments as one VectorEnv (PPO, PQN): an Atari game in the native AtariVectorEnv (its
 * protocol's pre-processing fused in C++, bit for bit a SyncVectorEnv of makeEnv), other families in a SyncVectorEnv.
 */
export function makeVectorEnv(cfg: TrainConfig): VectorEnv {
  const atari = atariRunRecord(cfg);
  if (atari) {
    const rom = loadRom(atari.game, cfg['rom-dir'] !== undefined ? { romDir: cfg['rom-dir'] } : {});
    return new AtariVectorEnv({ rom, game: atari.game, protocol: atari.protocol, numEnvs: cfg['num-envs'] });
  }
  return new SyncVectorEnv(Array.from({ length: cfg['num-envs'] }, () => makeEnv(cfg)));
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
