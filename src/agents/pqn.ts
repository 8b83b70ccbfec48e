/**
 * PQN, the Parallelised Q-Network (Gallici et al. 2024, "Simplifying Deep Temporal Difference Learning"), in the style
 * of purejaxql's pqn_minatar.py / pqn_atari.py and CleanRL's pqn.py: many vectorised environments, no replay buffer,
 * no target network, LayerNorm in the network, ε-greedy rollouts of `num-steps` steps, Q(λ) returns computed backwards
 * over the rollout (./q-lambda.ts), then `update-epochs` passes of `num-minibatches` shuffled minibatches of MSE
 * regression Q(s_t, a_t) → G_t with RAdam and global gradient-norm clipping.
 *
 * `advance()` is one rollout and its update, read top to bottom: act and step all envs, compute the targets, learn.
 * Truncation (a time limit) is not a terminal: the return bootstraps from the final observation's max_a Q.
 *
 * Differences from purejaxql, all deliberate: truncations bootstrap (purejaxql treats every `done` as terminal); the
 * loss is plain MSE (CleanRL; purejaxql uses 0.5·MSE — with RAdam this only changes the effective clip threshold);
 * the LayerNorm after the conv normalises over [C, H, W] (CleanRL) rather than over channels per pixel (Flax default).
 */
import type { CheckpointContent } from '../checkpoint/index.js';
import type { EnvState, ObsArray, VectorEnv } from '../envs/index.js';
import { LinearSchedule, type Optimizer } from '../optim/index.js';
import { Plasticity } from '../plasticity/index.js';
import { IndexTensor, mseLoss, noGrad, scratch, temporary, tensor, type Tensor } from '../tensor/index.js';
import { Rng, type RngState } from '../util/rng.js';
import type { Agent, AgentState, Emit } from '../training/agent.js';
import { registerAlgorithmDefaults, type EnvFamily, type TrainConfig } from '../training/config.js';
import { DivergenceGuard } from '../training/divergence-guard.js';
import { buildNetwork, makeEnv, makeOptimizer } from '../training/factories.js';
import { obsToTensor } from '../training/observations.js';
import { greedyBatchedEvaluate, meanReturn, recordGame, rolloutSetup, sampleRolloutObs } from '../training/rollout-utils.js';
import type { AgentNetwork } from './networks.js';
import { qLambdaReturns } from './q-lambda.js';

/** Safety cap on a greedy evaluation episode (MinAtar games have no time limit; a good Breakout policy can rally on). */

/**
 * PQN defaults per environment family (mission.md §4, anchors.md §2.3).
 * - Atari: purejaxql pqn_atari.yaml — 128 envs × 32 steps, 2 epochs × 32 minibatches (minibatch 128), RAdam 2.5e-4
 *   without decay, grad-norm 10, γ 0.99, λ 0.65, ε 1 → 0.001 over 10%, LayerNorm everywhere, Nature CNN + dense 512.
 *   CleanRL's pqn_atari_envpool.py preset instead: `--num-envs 8 --num-steps 128 --update-epochs 4 --num-minibatches 4
 *   --anneal-lr --eps-end 0.01` (and no reward-scaled 0.5 in the loss, which we never use).
 * - MinAtar: purejaxql pqn_minatar.yaml — 128 × 32, 2 × 32, RAdam 5e-4 linearly decayed, grad-norm 10, γ 0.99,
 *   λ 0.65, ε 1 → 0.05 over 10%, LayerNorm after the conv and the dense layer, dense width 128, 1e7 steps.
 * - Classic control (CartPole): CleanRL pqn.py shape (LayerNorm MLP, RAdam, grad-norm 10, λ 0.65) with settings
 *   tuned here for a fast, reliable CartPole-v1 solve: see the comment below.
 */
export function pqnDefaults(family: EnvFamily): Partial<TrainConfig> {
  const common: Partial<TrainConfig> = {
    optimizer: 'radam', 'adam-eps': 1e-8, 'max-grad-norm': 10, gamma: 0.99, 'q-lambda': 0.65, 'layer-norm': true,
    loss: 'mse', 'eps-start': 1, 'save-buffer': true,
  };
  if (family === 'atari') {
    return {
      ...common, steps: 50_000_000, 'num-envs': 128, 'num-steps': 32, 'update-epochs': 2, 'num-minibatches': 32, lr: 2.5e-4,
      'anneal-lr': false, 'eps-end': 0.001, 'eps-fraction': 0.1, width: 512, 'hidden-layers': 1,
      'log-every': 40_960, 'diag-every': 1_024_000, 'checkpoint-every': 2_048_000,
    };
  }
  if (family === 'minatar') {
    return {
      ...common, steps: 10_000_000, 'num-envs': 128, 'num-steps': 32, 'update-epochs': 2, 'num-minibatches': 32, lr: 5e-4,
      'anneal-lr': true, 'eps-end': 0.05, 'eps-fraction': 0.1, width: 128, 'hidden-layers': 1,
      'log-every': 40_960, 'diag-every': 409_600, 'checkpoint-every': 1_024_000,
    };
  }
  // CartPole: 16 envs × 32 steps, 4 epochs × 4 minibatches (minibatch 128), RAdam 1e-3 annealed, λ 0.9, ε 1 → 0.05
  // over 20%, two LayerNorm'd hidden layers of 64. Tuned here: greedy return ≥ 475 within 200k steps (~10 s) for all of
  // seeds 1–8 (λ 0.65 solved 2 of 4; CleanRL pqn.py's lr 2.5e-4 with 32 × 64 did not solve in 200k).
  return {
    ...common, steps: 200_000, 'q-lambda': 0.9, 'num-envs': 16, 'num-steps': 32, 'update-epochs': 4, 'num-minibatches': 4, lr: 1e-3,
    'anneal-lr': true, 'eps-end': 0.05, 'eps-fraction': 0.2, width: 64, 'hidden-layers': 2,
    'log-every': 4096, 'diag-every': 40_960, 'checkpoint-every': 0, 'probe-size': 512,
  };
}
registerAlgorithmDefaults('pqn', pqnDefaults);

export class PQNAgent implements Agent {
  readonly network: AgentNetwork;
  readonly optimizer: Optimizer;
  readonly guard: DivergenceGuard;
  readonly plasticity: Plasticity;
  readonly fileNames = ['rollout.bin'] as const;
  step = 0;
  episodes = 0;

  private readonly envs: VectorEnv;
  private readonly rng: Rng;
  private readonly epsilon: LinearSchedule;
  private readonly obsShape: readonly number[];
  private readonly obsSize: number;
  private readonly scale: number;
  private readonly nActions: number;
  private readonly numEnvs: number;
  private readonly numSteps: number;
  private readonly batchSize: number;
  private readonly minibatchSize: number;
  /** The envs' current observations (the vector env's own buffer, updated in place by every step). */
  private obs: ObsArray;
  // rollout storage, time-major: row t·N + i is env i at step t
  private readonly rolloutObs: ObsArray;
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly terminated: Uint8Array;
  private readonly ended: Uint8Array;
  private readonly nextMaxQ: Float32Array;
  private readonly returns: Float32Array;
  /** Whether rolloutObs holds a complete rollout (for probe states). */
  private haveRollout = false;
  private recent: number[] = [];
  // running means between train rows
  private lossSum = 0;
  private qSum = 0;
  private updates = 0;
  private lastLogTime = Date.now();
  private lastLogStep = 0;

  constructor(readonly cfg: TrainConfig) {
    ({ envs: this.envs, obsShape: this.obsShape, obsSize: this.obsSize, scale: this.scale, nActions: this.nActions,
      numEnvs: this.numEnvs, numSteps: this.numSteps, batchSize: this.batchSize, minibatchSize: this.minibatchSize } = rolloutSetup(cfg));
    // LayerNorm everywhere (PQN): after the conv(s) too, not only in the dense layers (inside each HR branch)
    this.network = buildNetwork(cfg, this.obsShape, [{ name: 'q', outputs: this.nActions }], { encoderLayerNorm: cfg['layer-norm'] });
    this.optimizer = makeOptimizer(cfg, this.network.parameters());
    this.guard = new DivergenceGuard(cfg['on-nonfinite'], this.network.namedParameters());
    this.plasticity = new Plasticity(cfg, this.network, this.optimizer, (n, rng) => this.sampleInputs(n, rng));
    this.epsilon = new LinearSchedule(cfg['eps-start'], cfg['eps-end'], cfg['eps-fraction'] * cfg.steps);
    this.rng = new Rng(cfg.seed * 7919 + 29);
    const B = this.batchSize;
    this.rolloutObs = this.envs.singleObservationSpace.dtype === 'uint8' ? new Uint8Array(B * this.obsSize) : new Float32Array(B * this.obsSize);
    this.actions = new Int32Array(B);
    this.rewards = new Float32Array(B);
    this.terminated = new Uint8Array(B);
    this.ended = new Uint8Array(B);
    this.nextMaxQ = new Float32Array(B);
    this.returns = new Float32Array(B);
    // env i of run `seed` gets seed·10007 + i, so runs with different seeds never share an env stream
    this.obs = this.envs.reset({ seed: cfg.seed * 10_007 }).obs;
  }

  /** Q-values of `n` observations starting at row `row` of `obs`, as a flat [n × A] array (no graph). */
  private qValues(obs: ObsArray, n: number, row = 0): Float32Array {
    return scratch(() => noGrad(() => this.network.forward(obsToTensor(obs, n, this.obsShape, this.scale, row * this.obsSize)))).data;
  }

  private maxOf(q: Float32Array, i: number): number {
    const A = this.nActions;
    let m = q[i * A]!;
    for (let a = 1; a < A; a++) m = Math.max(m, q[i * A + a]!);
    return m;
  }

  advance(emit: Emit): void {
    const cfg = this.cfg;
    const N = this.numEnvs, T = this.numSteps, A = this.nActions, S = this.obsSize;
    const stepBefore = this.step;
    const act = new Int32Array(N);
    let qSum = 0;
    // 1. rollout: T ε-greedy steps of all N envs, one batched forward pass per step
    for (let t = 0; t < T; t++) {
      const eps = this.epsilon.value(this.step);
      const q = this.qValues(this.obs, N);
      for (let i = 0; i < N; i++) {
        let best = 0;
        for (let a = 1; a < A; a++) if (q[i * A + a]! > q[i * A + best]!) best = a;
        const maxQ = q[i * A + best]!;
        qSum += maxQ;
        // this observation is the next state of the previous step, unless that step ended an episode
        if (t > 0 && !this.ended[(t - 1) * N + i]) this.nextMaxQ[(t - 1) * N + i] = maxQ;
        act[i] = this.rng.uniform() < eps ? this.rng.int(A) : best;
      }
      this.rolloutObs.set(this.obs.subarray(0, N * S), t * N * S);
      this.actions.set(act, t * N);
      const r = this.envs.step(act);
      this.obs = r.obs;
      this.step += N;
      const truncatedRows: number[] = [];
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        this.rewards[k] = r.rewards[i]!;
        this.terminated[k] = r.terminations[i]!;
        this.ended[k] = r.info.episodeEnded[i]!;
        this.nextMaxQ[k] = 0;
        if (!r.info.episodeEnded[i]) continue;
        if (!r.terminations[i]) truncatedRows.push(i);
        if (r.info.gameEnded[i]) {
          recordGame(emit, this.recent, this.step, r.info.gameReturn[i]!, r.info.gameLength[i]!);
          this.episodes++;
        }
      }
      // truncated episodes bootstrap from their final observation (terminated ones keep 0)
      if (truncatedRows.length > 0) {
        const fin = this.obs instanceof Uint8Array ? new Uint8Array(truncatedRows.length * S) : new Float32Array(truncatedRows.length * S);
        truncatedRows.forEach((i, j) => fin.set(r.info.finalObs.subarray(i * S, (i + 1) * S), j * S));
        const qf = this.qValues(fin, truncatedRows.length);
        truncatedRows.forEach((i, j) => { this.nextMaxQ[t * N + i] = this.maxOf(qf, j); });
      }
    }
    // the observation after the rollout bootstraps its last step
    const qLast = this.qValues(this.obs, N);
    for (let i = 0; i < N; i++) if (!this.ended[(T - 1) * N + i]) this.nextMaxQ[(T - 1) * N + i] = this.maxOf(qLast, i);
    this.haveRollout = true;

    // 2. Q(λ) targets, backwards over the rollout
    qLambdaReturns({ numSteps: T, numEnvs: N, rewards: this.rewards, terminated: this.terminated, ended: this.ended, nextMaxQ: this.nextMaxQ }, cfg.gamma, cfg['q-lambda'], this.returns);

    // 3. learn: epochs of shuffled minibatch regression Q(s_t, a_t) → G_t
    if (cfg['anneal-lr']) this.optimizer.lr = cfg.lr * Math.max(0, 1 - stepBefore / cfg.steps);
    const M = this.minibatchSize;
    const x = new Float32Array(M * S);
    const idx = new Int32Array(M);
    const target = new Float32Array(M);
    for (let epoch = 0; epoch < cfg['update-epochs']; epoch++) {
      const perm = this.rng.permutation(this.batchSize);
      for (let start = 0; start < this.batchSize; start += M) {
        for (let j = 0; j < M; j++) {
          const k = perm[start + j]!;
          const src = k * S, dst = j * S;
          for (let e = 0; e < S; e++) x[dst + e] = this.rolloutObs[src + e]! * this.scale;
          idx[j] = this.actions[k]!;
          target[j] = this.returns[k]!;
        }
        // scratch: each minibatch update reuses the previous one's activations and gradients
        const lossValue = scratch(() => {
          const q = this.network.forward(temporary(tensor(x, [M, ...this.obsShape]))).gather(1, new IndexTensor(idx, [M, 1])).reshape([M]);
          return this.guard.update(this.step, this.plasticity.regularize(mseLoss(q, tensor(target))), this.optimizer, cfg['max-grad-norm']);
        });
        this.plasticity.afterUpdate(this.step, emit); // ReDo, shrink-and-perturb, resets when due
        if (lossValue === null) continue; // skipped (on-nonfinite: skip)
        this.lossSum += lossValue;
        this.updates++;
      }
    }
    this.qSum += qSum / (N * T);
    // 4. a train row whenever the step count passes a multiple of log-every
    if (Math.floor(this.step / cfg['log-every']) > Math.floor(stepBefore / cfg['log-every'])) this.logTrain(emit);
  }

  private logTrain(emit: Emit): void {
    const now = Date.now();
    const sps = ((this.step - this.lastLogStep) * 1000) / Math.max(1, now - this.lastLogTime);
    const rollouts = this.updates / (this.cfg['update-epochs'] * this.cfg['num-minibatches']);
    emit({
      kind: 'train', step: this.step, epsilon: this.epsilon.value(this.step), lr: this.optimizer.lr, sps,
      ...(this.updates > 0 ? { loss: this.lossSum / this.updates, q_mean: this.qSum / rollouts } : {}),
      updates: this.optimizer.stepCount,
    });
    this.lossSum = this.qSum = this.updates = 0;
    this.lastLogTime = now;
    this.lastLogStep = this.step;
  }

  recentReturn(): number {
    return meanReturn(this.recent);
  }

  /** `n` observations drawn without replacement from the last rollout. */
  sampleInputs(n: number, rng: Rng): Tensor | null {
    return this.haveRollout ? sampleRolloutObs(this.rolloutObs, this.batchSize, this.obsShape, this.scale, n, rng) : null;
  }

  /** Greedy (ε = 0) returns of `episodes` fresh environments (seeds seed, seed + 1, …), stepped as one batch. */
  evaluate(episodes: number, seed: number): number[] {
    return greedyBatchedEvaluate(() => makeEnv(this.cfg), episodes, seed, this.nActions, (obs, n) => this.qValues(obs, n));
  }

  state(): AgentState {
    const checkpoint: CheckpointContent = {
      groups: { q: this.network.stateDict() },
      optimizers: { main: this.optimizer.stateDict() },
      meta: {
        step: this.step, episodes: this.episodes, rng: this.rng.getState() as unknown as Record<string, unknown>,
        env: this.envs.getState(), recent: this.recent, haveRollout: this.haveRollout,
        lossSum: this.lossSum, qSum: this.qSum, updates: this.updates, lastLogStep: this.lastLogStep, nonfiniteSkipped: this.guard.skipped,
        plasticity: this.plasticity.state(),
      },
    };
    // the last rollout's observations are the pool of probe states (needed for an exact resume before the first probe)
    const r = this.rolloutObs;
    const files: Record<string, Uint8Array> = this.cfg['save-buffer'] && this.haveRollout ? { 'rollout.bin': new Uint8Array(r.buffer, r.byteOffset, r.byteLength) } : {};
    return { checkpoint, files };
  }

  restore(ck: Required<CheckpointContent>, files: Record<string, Uint8Array>): void {
    const m = ck.meta as Record<string, unknown>;
    const q = ck.groups['q'], opt = ck.optimizers['main'];
    if (!q || !opt) throw new Error('checkpoint is not a PQN checkpoint (needs q and optimizer state)');
    this.network.loadStateDict(q);
    this.optimizer.loadStateDict(opt);
    this.step = m['step'] as number;
    this.episodes = m['episodes'] as number;
    this.rng.setState(m['rng'] as unknown as RngState);
    this.envs.setState(m['env'] as EnvState);
    this.recent = [...(m['recent'] as number[])];
    this.lossSum = m['lossSum'] as number;
    this.qSum = m['qSum'] as number;
    this.updates = m['updates'] as number;
    this.lastLogStep = m['lastLogStep'] as number;
    this.guard.skipped = (m['nonfiniteSkipped'] as number | undefined) ?? 0;
    this.plasticity.restore(m['plasticity']);
    const rollout = files['rollout.bin'];
    this.haveRollout = false;
    if (rollout && m['haveRollout']) {
      const r = this.rolloutObs;
      if (rollout.byteLength !== r.byteLength) throw new Error(`checkpoints/rollout.bin has ${rollout.byteLength} bytes, expected ${r.byteLength} (different num-envs, num-steps or env?)`);
      new Uint8Array(r.buffer, r.byteOffset, r.byteLength).set(rollout);
      this.haveRollout = true;
    } else if (m['haveRollout']) {
      process.stderr.write('hadamard-rl: no rollout in the checkpoint (save-buffer off): probe states come from the next rollout, so diagnostics will not match an uninterrupted run exactly\n');
    }
  }
}
