/**
 * DQN (Mnih et al. 2015) in the style of CleanRL's dqn.py / dqn_atari.py: one environment, ε-greedy with a linear
 * schedule, a uniform replay buffer, a target network updated every `target-update` steps (hard copy, or Polyak with
 * τ < 1), MSE or Huber TD loss, optional Double DQN targets, optional gradient clipping.
 *
 * `advance()` is one environment step, read top to bottom: act, step, store, learn, update the target.
 * Truncation (a time limit) is not a terminal: the TD target bootstraps from the final observation.
 */
import type { CheckpointContent } from '../checkpoint/index.js';
import { recordsGames, type EpisodeStatistics, type Env, type EnvState, type ObsArray } from '../envs/index.js';
import { softUpdate } from '../nn/index.js';
import { LinearSchedule, type Optimizer } from '../optim/index.js';
import { Plasticity } from '../plasticity/index.js';
import { huberLoss, IndexTensor, mseLoss, noGrad, scratch, tensor, type Tensor } from '../tensor/index.js';
import { Rng, type RngState } from '../util/rng.js';
import type { Agent, AgentState, Emit } from '../training/agent.js';
import { envFamily, type TrainConfig } from '../training/config.js';
import { DivergenceGuard } from '../training/divergence-guard.js';
import { buildNetwork, makeEnv, makeOptimizer } from '../training/factories.js';
import { obsScale, obsToTensor } from '../training/observations.js';
import { greedyBatchedEvaluate, recordGame } from '../training/rollout-utils.js';
import type { AgentNetwork } from './networks.js';
import { makeReplayBuffer } from './frame-replay-buffer.js';
import type { Replay } from './replay-buffer.js';


export class DQNAgent implements Agent {
  readonly network: AgentNetwork;
  readonly target: AgentNetwork;
  readonly optimizer: Optimizer;
  readonly guard: DivergenceGuard;
  readonly buffer: Replay;
  readonly plasticity: Plasticity;
  readonly fileNames: readonly string[];
  step = 0;
  episodes = 0;

  private readonly env: Env;
  private readonly rng: Rng;
  private readonly epsilon: LinearSchedule;
  private readonly obsShape: readonly number[];
  private readonly obsSize: number;
  private readonly scale: number;
  private readonly nActions: number;
  private obs: ObsArray;
  private nextObs: ObsArray;
  /** Whether the env records whole games (Atari protocols): then those are the episodes logged. */
  private readonly recordsGames: boolean;
  private episodeReturn = 0;
  private episodeLength = 0;
  private recent: number[] = [];
  // running means between train rows
  private lossSum = 0;
  private qSum = 0;
  private updates = 0;
  private lastLogTime = Date.now();
  private lastLogStep = 0;

  constructor(readonly cfg: TrainConfig) {
    this.env = makeEnv(cfg);
    this.recordsGames = recordsGames(this.env);
    const space = this.env.observationSpace;
    this.obsShape = space.shape;
    this.obsSize = space.size;
    this.scale = obsScale(space.dtype, space.high[0] ?? 1);
    this.nActions = this.env.actionSpace.n;
    this.network = buildNetwork(cfg, this.obsShape, [{ name: 'q', outputs: this.nActions }]);
    this.target = buildNetwork(cfg, this.obsShape, [{ name: 'q', outputs: this.nActions }]);
    this.target.copyFrom(this.network);
    this.optimizer = makeOptimizer(cfg, this.network.parameters());
    this.guard = new DivergenceGuard(cfg['on-nonfinite'], this.network.namedParameters());
    this.buffer = makeReplayBuffer(Math.min(cfg['buffer-size'], cfg.steps), space, cfg['replay-frames'], { atari: envFamily(cfg.env) === 'atari', saved: cfg['save-buffer'] });
    this.fileNames = this.buffer.fileNames;
    // worth a line where the buffer's memory matters (Atari: GBs), not for MinAtar's or CartPole's MBs
    if (this.buffer.bytesWhenFull() >= 2 ** 30) process.stderr.write(`hadamard-rl: ${this.buffer.describe()}${cfg['save-buffer'] ? ', saved with every checkpoint (save-buffer)' : ''}\n`);
    this.plasticity = new Plasticity(cfg, this.network, this.optimizer, (n, rng) => this.sampleInputs(n, rng));
    this.epsilon = new LinearSchedule(cfg['eps-start'], cfg['eps-end'], cfg['eps-fraction'] * cfg.steps);
    this.rng = new Rng(cfg.seed * 7919 + 17);
    this.obs = space.zeros();
    this.nextObs = space.zeros();
    this.env.resetNoObs({ seed: cfg.seed });
    this.env.writeObs(this.obs, 0);
  }

  private qValues(net: AgentNetwork, obs: ObsArray, n: number): Tensor {
    return net.forward(obsToTensor(obs, n, this.obsShape, this.scale));
  }

  private act(): number {
    if (this.rng.uniform() < this.epsilon.value(this.step)) return this.rng.int(this.nActions);
    return scratch(() => noGrad(() => this.qValues(this.network, this.obs, 1)).argmax(1).data[0]!);
  }

  advance(emit: Emit): void {
    const cfg = this.cfg;
    // 1. act ε-greedily and step the environment
    const action = this.act();
    const t = this.env.stepNoObs(action);
    this.env.writeObs(this.nextObs, 0);
    this.step++;
    this.episodeReturn += t.reward;
    this.episodeLength++;
    // 2. store the transition; only termination stops bootstrapping
    this.buffer.add(this.obs, 0, this.nextObs, 0, action, t.reward, t.terminated);
    if (t.terminated || t.truncated) {
      // a whole game as the env records it (Atari: raw score across lives), else this learner episode
      const game = this.recordsGames ? (t.info['episode'] as EpisodeStatistics | undefined) : { r: this.episodeReturn, l: this.episodeLength };
      if (game) {
        recordGame(emit, this.recent, this.step, game.r, game.l);
        this.episodes++;
      }
      this.episodeReturn = 0;
      this.episodeLength = 0;
      this.env.resetNoObs();
      this.env.writeObs(this.obs, 0);
    } else {
      [this.obs, this.nextObs] = [this.nextObs, this.obs];
    }
    // 3. learn from a replayed minibatch
    if (this.step > cfg['learning-starts']) {
      if (this.step % cfg['train-frequency'] === 0) this.update();
      if (this.step % cfg['target-update'] === 0) softUpdate(this.target, this.network, cfg.tau);
      this.plasticity.afterUpdate(this.step, emit); // ReDo, shrink-and-perturb, resets when due
    }
    if (this.step % cfg['log-every'] === 0) this.logTrain(emit);
  }

  private update(): void {
    // scratch: the update's activations and gradients are recycled into the next one (only numbers leave it)
    scratch(() => this.learn());
  }

  private learn(): void {
    const cfg = this.cfg;
    const b = this.buffer.sample(cfg['batch-size'], this.rng);
    const n = b.size;
    if (cfg['anneal-lr']) this.optimizer.lr = cfg.lr * (1 - this.step / cfg.steps);
    // TD target: r + γ (1 − done) max_a' Q_target(s', a')   (Double DQN: a' = argmax of the online network)
    const target = noGrad(() => {
      const qNext = this.qValues(this.target, b.nextObs, n);
      const best = cfg['double-dqn']
        ? qNext.gather(1, this.qValues(this.network, b.nextObs, n).argmax(1).reshape([n, 1])).reshape([n])
        : qNext.max(1);
      const notDone = tensor(b.dones.map((d) => 1 - d));
      return tensor(b.rewards).add(best.mul(notDone).mul(cfg.gamma));
    });
    const q = this.qValues(this.network, b.obs, n).gather(1, new IndexTensor(b.actions, [n, 1])).reshape([n]);
    const loss = cfg.loss === 'huber' ? huberLoss(q, target) : mseLoss(q, target);
    const lossValue = this.guard.update(this.step, this.plasticity.regularize(loss), this.optimizer, cfg['max-grad-norm']);
    if (lossValue === null) return; // skipped (on-nonfinite: skip)
    this.lossSum += lossValue;
    this.qSum += q.mean().item();
    this.updates++;
  }

  private logTrain(emit: Emit): void {
    const now = Date.now();
    const sps = ((this.step - this.lastLogStep) * 1000) / Math.max(1, now - this.lastLogTime);
    emit({
      kind: 'train', step: this.step, epsilon: this.epsilon.value(this.step), lr: this.optimizer.lr, sps,
      ...(this.updates > 0 ? { loss: this.lossSum / this.updates, q_mean: this.qSum / this.updates } : {}),
      updates: this.optimizer.stepCount,
    });
    this.lossSum = this.qSum = this.updates = 0;
    this.lastLogTime = now;
    this.lastLogStep = this.step;
  }

  recentReturn(): number {
    return this.recent.length ? this.recent.reduce((a, b) => a + b, 0) / this.recent.length : NaN;
  }

  sampleInputs(n: number, rng: Rng): Tensor | null {
    if (this.buffer.size === 0) return null;
    const b = this.buffer.sample(Math.min(n, this.buffer.size), rng);
    return obsToTensor(b.obs, b.size, this.obsShape, this.scale);
  }

  evaluate(episodes: number, seed: number): number[] {
    return greedyBatchedEvaluate(() => makeEnv(this.cfg), episodes, seed, this.nActions,
      (obs, n) => scratch(() => noGrad(() => this.qValues(this.network, obs, n))).data);
  }

  state(): AgentState {
    const checkpoint: CheckpointContent = {
      groups: { q: this.network.stateDict(), target: this.target.stateDict() },
      optimizers: { main: this.optimizer.stateDict() },
      meta: {
        step: this.step, episodes: this.episodes, rng: this.rng.getState() as unknown as Record<string, unknown>,
        env: this.requireEnvState(), episodeReturn: this.episodeReturn, episodeLength: this.episodeLength, recent: this.recent,
        lossSum: this.lossSum, qSum: this.qSum, updates: this.updates, lastLogStep: this.lastLogStep, nonfiniteSkipped: this.guard.skipped,
        replay: { buffer: this.buffer.describe(), bytesWhenFull: this.buffer.bytesWhenFull(), saved: this.cfg['save-buffer'] },
        plasticity: this.plasticity.state(),
      },
    };
    return { checkpoint, files: this.cfg['save-buffer'] ? this.buffer.checkpointFiles() : {} };
  }

  private requireEnvState(): EnvState {
    if (!this.env.getState) throw new Error(`environment ${this.cfg.env} cannot be checkpointed (no getState)`);
    return this.env.getState();
  }

  restore(ck: Required<CheckpointContent>, files: Record<string, Uint8Array>): void {
    const m = ck.meta as Record<string, unknown>;
    const q = ck.groups['q'], target = ck.groups['target'], opt = ck.optimizers['main'];
    if (!q || !target || !opt) throw new Error('checkpoint is not a DQN checkpoint (needs q, target and optimizer state)');
    this.network.loadStateDict(q);
    this.target.loadStateDict(target);
    this.optimizer.loadStateDict(opt);
    this.step = m['step'] as number;
    this.episodes = m['episodes'] as number;
    this.rng.setState(m['rng'] as unknown as RngState);
    if (!this.env.setState) throw new Error(`environment ${this.cfg.env} cannot be restored (no setState)`);
    this.env.setState(m['env'] as EnvState);
    this.env.writeObs(this.obs, 0);
    this.episodeReturn = m['episodeReturn'] as number;
    this.episodeLength = m['episodeLength'] as number;
    this.recent = [...(m['recent'] as number[])];
    this.lossSum = m['lossSum'] as number;
    this.qSum = m['qSum'] as number;
    this.updates = m['updates'] as number;
    this.lastLogStep = m['lastLogStep'] as number;
    this.guard.skipped = (m['nonfiniteSkipped'] as number | undefined) ?? 0;
    this.plasticity.restore(m['plasticity']);
    if (this.fileNames.some((name) => files[name])) this.buffer.restoreFiles(files, 'checkpoints');
    else if (this.step > 0) process.stderr.write('hadamard-rl: no replay buffer in the checkpoint (save-buffer off): resuming with an empty buffer, so the run will not match an uninterrupted one exactly\n');
  }
}
