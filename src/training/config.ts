/**
 * The training configuration: every key `hrl train` accepts (on the command line, in a JSON/YAML config file, and in a
 * run's saved config.json), its type and bounds, and its default. Defaults depend on the algorithm and the environment
 * family, following mission.md §4: CleanRL for DQN/PPO on Atari and classic control, Young & Tian (2019) for DQN on
 * MinAtar, purejaxql for PQN. Every default is visible in the saved config.
 */
import { ConfigError, validateObject, type ConfigValue, type Schema } from '../config/schema.js';
import { envAlias } from '../envs/index.js';
import { ATARI_GAMES } from '../envs/atari/games.js';
import { ATARI_PROTOCOL_NAMES, atariProtocol, type AtariProtocol, type AtariProtocolName } from '../envs/atari/protocols.js';
import { ACTIVATIONS, LAYER_ACTIVATIONS } from '../tensor/index.js';
import { NONFINITE_ACTIONS, type NonFiniteAction } from './divergence-guard.js';
import { closeMatches } from '../util/edit-distance.js';

export const ALGORITHMS = ['dqn', 'ppo', 'pqn'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const TRAIN_SCHEMA: Schema = {
  // what to run
  algo: { type: 'enum', choices: ALGORITHMS, help: 'algorithm' },
  env: { type: 'string', help: 'environment id (see hrl envs), e.g. minatar/breakout, classic/cartpole, atari/breakout' },
  seed: { type: 'integer', min: 0, help: 'random seed (networks, exploration, environments)' },
  steps: { type: 'integer', min: 1, help: 'total environment steps (summed over vector envs)' },
  // network
  encoder: { type: 'enum', choices: ['auto', 'nature', 'minatar', 'mlp'], help: 'observation encoder (auto: Nature CNN for 84×84 frames, MinAtar CNN for 10×10 grids, MLP for vectors)' },
  activation: { type: 'enum', choices: LAYER_ACTIVATIONS, alias: 'act', help: 'activation of the hidden (representation) layer(s); crelu: [relu(x), relu(−x)], doubling the next layer\'s inputs (Abbas et al. 2023, "Loss of Plasticity in Continual Deep RL")' },
  hadamard: { type: 'enum', choices: ['none', 'last', 'all'], alias: 'hr', flagValue: 'last', booleanMap: { true: 'last', false: 'none' }, help: 'Hadamard representation on the final hidden layer (last) or every hidden layer (all)' },
  'layer-norm': { type: 'boolean', alias: 'ln', help: 'LayerNorm before every hidden activation (inside each HR branch)' },
  width: { type: 'integer', min: 1, alias: 'w', help: 'width of the hidden layer(s)' },
  'hidden-layers': { type: 'integer', min: 1, max: 8, help: 'number of hidden layers after the encoder (MLP encoders: total hidden layers)' },
  'match-params': { type: 'boolean', alias: 'mp', help: 'widen plain hidden layers to the parameter count of their HR counterpart' },
  'encoder-activation': { type: 'enum', choices: ACTIVATIONS, help: 'activation inside the convolutional encoder' },
  // optimisation
  optimizer: { type: 'enum', choices: ['adam', 'radam', 'rmsprop', 'sgd'], alias: 'opt', help: 'optimizer' },
  lr: { type: 'number', min: 0, help: 'learning rate' },
  'anneal-lr': { type: 'boolean', help: 'anneal the learning rate linearly to 0' },
  'adam-eps': { type: 'number', min: 0, help: 'epsilon of Adam/RAdam' },
  'rmsprop-alpha': { type: 'number', min: 0, max: 0.999999, help: 'RMSprop smoothing constant (MinAtar: 0.95)' },
  'rmsprop-eps': { type: 'number', min: 0, help: 'RMSprop epsilon (MinAtar: 0.01)' },
  'rmsprop-centered': { type: 'boolean', help: 'centered RMSprop' },
  'max-grad-norm': { type: 'number', min: 0, help: 'global gradient-norm clip (0: off)' },
  'on-nonfinite': { type: 'enum', choices: NONFINITE_ACTIONS, help: 'a NaN or ±Inf loss, gradient norm or parameter: stop the run (naming the step, the tensor and the last good checkpoint), or skip the update and count it (a parameter still stops)' },
  gamma: { type: 'number', min: 0, max: 1, help: 'discount factor' },
  'batch-size': { type: 'integer', min: 1, help: 'DQN minibatch size' },
  'num-envs': { type: 'integer', min: 1, alias: 'n-envs', help: 'parallel environments' },
  // rollout-based algorithms (PPO, PQN)
  'num-steps': { type: 'integer', min: 1, help: 'PPO/PQN: steps per environment in each rollout' },
  'num-minibatches': { type: 'integer', min: 1, help: 'PPO/PQN: minibatches per epoch (minibatch = num-envs × num-steps / num-minibatches)' },
  'update-epochs': { type: 'integer', min: 1, help: 'PPO/PQN: passes over each rollout' },
  'q-lambda': { type: 'number', min: 0, max: 1, help: 'PQN: λ of the Q(λ) returns (0: one-step Q-learning, 1: Monte Carlo)' },
  // PPO
  'gae-lambda': { type: 'number', min: 0, max: 1, help: 'PPO: λ of generalised advantage estimation' },
  'clip-coef': { type: 'number', min: 0, help: 'PPO: surrogate clipping coefficient ε (also clips the value loss with clip-vloss)' },
  'clip-vloss': { type: 'boolean', help: 'PPO: clip the value loss around the rollout values (CleanRL)' },
  'ent-coef': { type: 'number', min: 0, help: 'PPO: entropy bonus coefficient' },
  'vf-coef': { type: 'number', min: 0, help: 'PPO: value loss coefficient' },
  'norm-adv': { type: 'boolean', help: 'PPO: normalise advantages per minibatch' },
  'target-kl': { type: 'number', min: 0, help: 'PPO: stop the epochs of an update once approx-KL exceeds this (0: off)' },
  // DQN
  'buffer-size': { type: 'integer', min: 1, help: 'DQN replay buffer capacity (transitions)' },
  'replay-frames': { type: 'enum', choices: ['auto', 'on', 'off'], help: 'DQN: store each frame of frame-stack observations once (same batches, ≈ 1/8 of the memory); auto: on for uint8 [k>1, H, W] stacks on Atari' },
  'learning-starts': { type: 'integer', min: 0, help: 'DQN: steps of random play before learning' },
  'train-frequency': { type: 'integer', min: 1, help: 'DQN: environment steps per gradient step' },
  'target-update': { type: 'integer', min: 1, help: 'DQN: steps between target-network updates' },
  tau: { type: 'number', min: 0, max: 1, help: 'DQN target update rate (1: hard copy)' },
  loss: { type: 'enum', choices: ['mse', 'huber'], help: 'TD loss' },
  'double-dqn': { type: 'boolean', alias: 'ddqn', help: 'Double DQN targets' },
  'eps-start': { type: 'number', min: 0, max: 1, help: 'initial ε of ε-greedy' },
  'eps-end': { type: 'number', min: 0, max: 1, help: 'final ε' },
  'eps-fraction': { type: 'number', min: 0, max: 1, help: 'fraction of the run over which ε decays linearly' },
  // plasticity interventions (src/plasticity/), all off by default; periods count optimizer updates
  'redo-every': { type: 'integer', min: 0, help: 'ReDo (Sokar et al. 2023, "The Dormant Neuron Phenomenon in Deep RL"): every this many updates, re-initialise the τ-dormant neurons of each hidden layer (scored on probe-size states of the agent\'s data), zero their outgoing weights and reset their optimizer state (0: off)' },
  'redo-tau': { type: 'number', min: 0, help: 'ReDo: dormancy threshold τ on the score mean|a_i| / layer mean (the diagnostics report τ = 0.025)' },
  'sp-every': { type: 'integer', min: 0, help: 'shrink-and-perturb (Ash & Adams 2020, "On Warm-Starting Neural Network Training"): every this many updates θ ← λ·θ + σ·ε, ε a fresh draw of the layer\'s initialiser (0: off)' },
  'sp-shrink': { type: 'number', min: 0, max: 1, help: 'shrink-and-perturb: shrink factor λ' },
  'sp-noise': { type: 'number', min: 0, help: 'shrink-and-perturb: noise scale σ' },
  'reset-every': { type: 'integer', min: 0, help: 'resets (Nikishin et al. 2022, "The Primacy Bias in Deep RL"): every this many updates, re-initialise the last reset-layers layers and their optimizer state (0: off)' },
  'reset-layers': { type: 'integer', min: 1, help: 'resets: how many layers, counted from the output (1: the heads; an HR layer with both branches is one layer)' },
  'l2-init': { type: 'number', min: 0, help: 'L2 Init (Kumar et al. 2023, "Maintaining Plasticity … via Regenerative Regularization"): add c·Σ‖θ − θ₀‖² to the loss, θ₀ the initial parameters (0: off; the logged loss includes it)' },
  // env options
  'sticky-actions': { type: 'number', min: 0, max: 1, help: "sticky actions: MinAtar's per-step probability; on Atari the per-frame repeat probability, replacing the protocol's (default: the protocol's)" },
  'atari-protocol': { type: 'enum', choices: ATARI_PROTOCOL_NAMES, help: 'Atari: named semantics and pre-processing; cleanrl (= envpool): CleanRL/purejaxql, ale-v5: Machado et al. 2018 (src/envs/README.md)' },
  'full-action-space': { type: 'boolean', help: "Atari: all 18 actions instead of the game's minimal set" },
  'rom-dir': { type: 'string', help: 'Atari: the ROM folder (default $HRL_ROM_DIR, else ~/.hadamard-rl/roms); --resume and hrl eval may override it' },
  // logging and checkpoints
  'log-every': { type: 'integer', min: 1, help: 'steps between train-metric rows' },
  'diag-every': { type: 'integer', min: 0, help: 'steps between representation diagnostics (0: off)' },
  'probe-size': { type: 'integer', min: 2, help: 'probe states for the diagnostics' },
  'checkpoint-every': { type: 'integer', min: 0, help: 'steps between checkpoints (0: only at the end)' },
  'save-buffer': { type: 'boolean', help: 'store the replay buffer with checkpoints (exact resume)' },
  'eval-episodes': { type: 'integer', min: 0, help: 'greedy evaluation episodes at the end' },
};

export type TrainConfig = {
  algo: Algorithm; env: string; seed: number; steps: number;
  encoder: 'auto' | 'nature' | 'minatar' | 'mlp'; activation: string; hadamard: 'none' | 'last' | 'all';
  'layer-norm': boolean; width: number; 'hidden-layers': number; 'match-params': boolean; 'encoder-activation': string;
  optimizer: 'adam' | 'radam' | 'rmsprop' | 'sgd'; lr: number; 'anneal-lr': boolean; 'adam-eps': number;
  'rmsprop-alpha': number; 'rmsprop-eps': number; 'rmsprop-centered': boolean; 'max-grad-norm': number; 'on-nonfinite': NonFiniteAction;
  gamma: number; 'batch-size': number; 'num-envs': number;
  'num-steps': number; 'num-minibatches': number; 'update-epochs': number; 'q-lambda': number;
  'gae-lambda': number; 'clip-coef': number; 'clip-vloss': boolean; 'ent-coef': number; 'vf-coef': number; 'norm-adv': boolean; 'target-kl': number;
  'buffer-size': number; 'replay-frames': 'auto' | 'on' | 'off'; 'learning-starts': number; 'train-frequency': number; 'target-update': number; tau: number;
  loss: 'mse' | 'huber'; 'double-dqn': boolean; 'eps-start': number; 'eps-end': number; 'eps-fraction': number;
  'redo-every': number; 'redo-tau': number; 'sp-every': number; 'sp-shrink': number; 'sp-noise': number;
  'reset-every': number; 'reset-layers': number; 'l2-init': number;
  'sticky-actions': number; 'atari-protocol': AtariProtocolName; 'full-action-space': boolean; 'rom-dir'?: string;
  'log-every': number; 'diag-every': number; 'probe-size': number; 'checkpoint-every': number; 'save-buffer': boolean; 'eval-episodes': number;
};

export type EnvFamily = 'minatar' | 'classic' | 'atari';

export function envFamily(env: string): EnvFamily {
  if (env.startsWith('minatar/')) return 'minatar';
  if (env.startsWith('atari/')) return 'atari';
  return 'classic';
}

const COMMON: Partial<TrainConfig> = {
  algo: 'dqn', env: 'minatar/breakout', seed: 1, encoder: 'auto', activation: 'relu', hadamard: 'none', 'layer-norm': false,
  'hidden-layers': 1, 'match-params': false, 'encoder-activation': 'relu', 'anneal-lr': false, 'adam-eps': 1e-8,
  'rmsprop-alpha': 0.99, 'rmsprop-eps': 1e-8, 'rmsprop-centered': false, 'max-grad-norm': 0, 'on-nonfinite': 'stop', gamma: 0.99, 'num-envs': 1,
  tau: 1, loss: 'mse', 'double-dqn': false, 'sticky-actions': 0.1, 'atari-protocol': 'cleanrl', 'full-action-space': false, 'diag-every': 0, 'probe-size': 1024, 'save-buffer': true,
  'eval-episodes': 10, 'batch-size': 32, 'buffer-size': 100_000, 'replay-frames': 'auto', 'learning-starts': 5000, 'train-frequency': 1,
  'target-update': 1000, 'eps-start': 1, 'eps-end': 0.01, 'eps-fraction': 0.1,
  'num-steps': 128, 'num-minibatches': 4, 'update-epochs': 4, 'q-lambda': 0.65,
  'gae-lambda': 0.95, 'clip-coef': 0.1, 'clip-vloss': true, 'ent-coef': 0.01, 'vf-coef': 0.5, 'norm-adv': true, 'target-kl': 0,
  'redo-every': 0, 'redo-tau': 0.1, 'sp-every': 0, 'sp-shrink': 0.8, 'sp-noise': 0.2, 'reset-every': 0, 'reset-layers': 1, 'l2-init': 0,
};

/** Algorithm × environment-family defaults (mission.md §4). */
function familyDefaults(algo: Algorithm, family: EnvFamily, steps: number | undefined): Partial<TrainConfig> {
  if (algo === 'dqn' && family === 'minatar') {
    // Young & Tian (2019): RMSProp 2.5e-4 (sq. grad momentum 0.95, min sq grad 0.01), batch 32, buffer 100k, target
    // 1000, ε 1 → 0.1 over 100k frames, learning starts 5000, train every frame, 5M frames; Huber loss.
    // The ε decay stays 100k steps long whatever the run length.
    return {
      steps: 5_000_000, width: 128, optimizer: 'rmsprop', lr: 2.5e-4, 'rmsprop-alpha': 0.95, 'rmsprop-eps': 0.01,
      'rmsprop-centered': true, 'buffer-size': 100_000, 'learning-starts': 5000, 'train-frequency': 1,
      'target-update': 1000, 'eps-start': 1, 'eps-end': 0.1, 'eps-fraction': Math.min(1, 100_000 / (steps ?? 5_000_000)), loss: 'huber',
      'log-every': 10_000, 'diag-every': 100_000, 'checkpoint-every': 250_000,
    };
  }
  if (algo === 'dqn' && family === 'atari') {
    // CleanRL dqn_atari: Adam 1e-4, buffer 1M, target 1000, batch 32, ε 1 → 0.01 over 10%, learning starts 80k,
    // train every 4 steps, MSE, 10M steps.
    return {
      steps: 10_000_000, width: 512, optimizer: 'adam', lr: 1e-4, 'buffer-size': 1_000_000, 'learning-starts': 80_000,
      'train-frequency': 4, 'target-update': 1000, 'eps-end': 0.01, 'eps-fraction': 0.1, loss: 'mse',
      'log-every': 10_000, 'diag-every': 250_000, 'checkpoint-every': 500_000,
    };
  }
  if (algo === 'dqn') {
    // Classic control. CleanRL's dqn.py uses 500k steps (Adam 2.5e-4, target every 500, train every 10); these
    // settings were tuned here to solve CartPole-v1 (greedy return 500) in 60k steps for seeds 1–4: Adam 1e-3,
    // Polyak target updates τ = 0.005 every step, a gradient step every env step, batch 64, ε 1 → 0.01 over 20%.
    return {
      steps: 60_000, width: 64, 'hidden-layers': 2, optimizer: 'adam', lr: 1e-3, 'buffer-size': 50_000,
      'learning-starts': 1000, 'train-frequency': 1, 'target-update': 1, tau: 0.005, 'batch-size': 64, 'eps-end': 0.01,
      'eps-fraction': 0.2, loss: 'mse', 'log-every': 1000, 'diag-every': 10_000, 'checkpoint-every': 20_000, 'probe-size': 512,
    };
  }
  // PPO and PQN defaults are filled in by their own modules (registered below).
  return algoDefaults.get(algo)?.(family) ?? {};
}

const algoDefaults = new Map<Algorithm, (family: EnvFamily) => Partial<TrainConfig>>();

/** Lets an algorithm module supply its defaults per environment family. */
export function registerAlgorithmDefaults(algo: Algorithm, fn: (family: EnvFamily) => Partial<TrainConfig>): void {
  algoDefaults.set(algo, fn);
}

/** Keys without a default: absent means "not set" (rom-dir: $HRL_ROM_DIR or the default folder, at run time). */
const OPTIONAL_KEYS: ReadonlySet<string> = new Set(['rom-dir']);

/**
 * The effective config: defaults for the chosen algorithm and env family, overridden by the given values (already
 * validated by the schema). Cross-key checks happen here.
 */
export function resolveConfig(given: Readonly<Record<string, ConfigValue>>): TrainConfig {
  const algo = (given['algo'] ?? COMMON.algo) as Algorithm;
  const env = String(given['env'] ?? COMMON.env);
  const alias = envAlias(env);
  if (alias) {
    throw new ConfigError(`config key 'env': ${env} is Gymnasium's id of the raw game; train on ${alias.id}, whose --atari-protocol (cleanrl, envpool or ale-v5) sets the semantics and pre-processing`);
  }
  const family = envFamily(env);
  // on Atari, sticky actions default to the protocol's (cleanrl: none; ale-v5: 0.25 per frame)
  const envDefaults: Partial<TrainConfig> = family === 'atari'
    ? { 'sticky-actions': atariProtocol(String(given['atari-protocol'] ?? COMMON['atari-protocol'])).repeatActionProbability } : {};
  const merged = { ...COMMON, ...familyDefaults(algo, family, typeof given['steps'] === 'number' ? given['steps'] : undefined), ...envDefaults, ...given } as Record<string, ConfigValue>;
  const missing = Object.keys(TRAIN_SCHEMA).filter((k) => merged[k] === undefined && !OPTIONAL_KEYS.has(k));
  if (missing.length > 0) throw new ConfigError(`no default for ${missing.join(', ')} with algo ${algo} on ${env}; set them explicitly`);
  const cfg = validateObject(TRAIN_SCHEMA, merged, 'config') as unknown as TrainConfig;
  if (cfg['eps-end'] > cfg['eps-start']) throw new ConfigError(`config key 'eps-end' (${cfg['eps-end']}) must not exceed 'eps-start' (${cfg['eps-start']})`);
  atariRunRecord(cfg); // an unknown Atari game is named now rather than when the env is built
  const rollout = cfg['num-envs'] * cfg['num-steps'];
  if (cfg.algo !== 'dqn' && rollout % cfg['num-minibatches'] !== 0) {
    throw new ConfigError(`config key 'num-minibatches' (${cfg['num-minibatches']}) must divide num-envs × num-steps (${rollout}) for ${cfg.algo}`);
  }
  return cfg;
}

/** What a run's config.json records of its Atari environment besides the keys: the ROM and the protocol in full. */
export interface AtariRunRecord {
  game: string;
  romMd5: string;
  protocol: AtariProtocol;
}

/** The Atari game and protocol of a config (the protocol's preset under sticky-actions and full-action-space). */
export function atariRunRecord(cfg: TrainConfig): AtariRunRecord | undefined {
  if (envFamily(cfg.env) !== 'atari') return undefined;
  const game = cfg.env.slice('atari/'.length);
  const entry = ATARI_GAMES.find((g) => g.id === game);
  if (!entry) {
    const ids = ATARI_GAMES.map((g) => g.id), close = closeMatches(game, ids);
    throw new ConfigError(`config key 'env': unknown Atari game '${game}'${close.length ? ` (did you mean ${close.map((c) => `'atari/${c}'`).join(' or ')}?)` : ''}; known: ${ids.join(', ')}`);
  }
  const protocol = atariProtocol(cfg['atari-protocol'], { repeatActionProbability: cfg['sticky-actions'], fullActionSpace: cfg['full-action-space'] });
  return { game, romMd5: entry.md5, protocol };
}

/**
 * Checks the Atari record a run saved against what its config means to this version of hadamard-rl, so that a resume
 * never continues under other settings than the run began with (e.g. after a preset changed).
 */
export function checkAtariRunRecord(saved: unknown, cfg: TrainConfig, source: string): void {
  if (saved === undefined) return; // runs written before the record existed
  const now = flatten(atariRunRecord(cfg) ?? null), then = flatten(saved);
  const differ = [...new Set([...Object.keys(now), ...Object.keys(then)])].filter((k) => now[k] !== then[k]);
  if (differ.length > 0) {
    throw new ConfigError(`${source}: the run's 'atari' record differs from what its config keys give now in ${differ.join(', ')} `
      + `(saved ${differ.map((k) => `${k}=${JSON.stringify(then[k])}`).join(', ')}; now ${differ.map((k) => `${k}=${JSON.stringify(now[k])}`).join(', ')})`);
  }
}

function flatten(v: unknown, prefix = ''): Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return { [prefix]: v };
  return Object.assign({}, ...Object.entries(v).map(([k, x]) => flatten(x, prefix ? `${prefix}.${k}` : k))) as Record<string, unknown>;
}
