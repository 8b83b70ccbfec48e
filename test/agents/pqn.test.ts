import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import { PQNAgent } from '../../src/agents/pqn.js';
import { BaseEnv, Box, Discrete, register, type Info, type RgbFrame, type Transition } from '../../src/envs/index.js';
import { readMetrics, type MetricRow } from '../../src/logging/metrics-log.js';
import { noGrad, tensor } from '../../src/tensor/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { RunDir } from '../../src/training/run-dir.js';
import { train } from '../../src/training/train.js';

/** The networks and optimizer state of a run's newest checkpoint. */
const latestCheckpoint = (dir: string) => new RunDir(dir).loadCheckpoint()!.content;

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-pqn-'));
const deterministic = (rows: MetricRow[]): unknown[] => rows.map(({ sps: _sps, ...rest }) => rest);

/** A one-state env paying 1 per step; it terminates after `terminateAfter` steps (0: never; the time limit truncates). */
class ConstantEnv extends BaseEnv<Float32Array> {
  readonly observationSpace = new Box([1], 'float32', 0, 1);
  readonly actionSpace = new Discrete(2);
  private t = 0;
  private readonly tr: Transition = { reward: 1, terminated: false, truncated: false, info: {} };
  constructor(private readonly terminateAfter: number) { super(); }
  resetNoObs(): Info { this.t = 0; return {}; }
  stepNoObs(): Transition {
    this.t++;
    this.tr.terminated = this.terminateAfter > 0 && this.t >= this.terminateAfter;
    return this.tr;
  }
  writeObs(out: Float32Array, offset: number): void { out[offset] = 1; }
  render(): RgbFrame { return { width: 1, height: 1, data: new Uint8Array(3) }; }
  getState(): { t: number } { return { t: this.t }; }
  setState(s: { t?: unknown }): void { this.t = s.t as number; }
}
register({ id: 'test/pqn-truncated', description: 'reward 1 forever, truncated after 10 steps', options: {}, maxEpisodeSteps: 10, create: () => new ConstantEnv(0) });
register({ id: 'test/pqn-terminated', description: 'reward 1, terminates after one step', options: {}, create: () => new ConstantEnv(1) });

/** Q of the single state after a short PQN run with γ = 0.9. */
function learnedQ(env: string): number {
  const cfg = resolveConfig({ algo: 'pqn', env, gamma: 0.9, steps: 40_000, 'num-envs': 8, 'num-steps': 16, 'num-minibatches': 2, 'update-epochs': 2, width: 8, 'hidden-layers': 1, lr: 3e-3, 'anneal-lr': false, 'log-every': 1_000_000 });
  const agent = new PQNAgent(cfg);
  while (agent.step < cfg.steps) agent.advance(() => {});
  return noGrad(() => agent.network.forward(tensor([1], [1, 1]))).data[0]!;
}

test('PQN bootstraps through truncation (Q → 1/(1 − γ) = 10) but not through termination (Q → 1)', () => {
  const truncated = learnedQ('test/pqn-truncated');
  assert.ok(Math.abs(truncated - 10) < 0.5, `Q with a time limit: ${truncated}, expected ≈ 10 (treating truncation as terminal gives ≈ 5)`);
  const terminated = learnedQ('test/pqn-terminated');
  assert.ok(Math.abs(terminated - 1) < 0.1, `Q of a one-step episode: ${terminated}, expected ≈ 1`);
});

test('an interrupted and resumed PQN run reproduces the uninterrupted run exactly', async () => {
  // 64 steps per rollout; interrupted at 1728 before the first diagnostics (2048), so the probe comes from the saved rollout
  const cfg = resolveConfig({ algo: 'pqn', env: 'classic/cartpole', steps: 3200, 'num-envs': 4, 'num-steps': 16, 'num-minibatches': 2, 'update-epochs': 2, 'log-every': 256, 'diag-every': 2048, 'checkpoint-every': 0, 'eval-episodes': 2, 'probe-size': 64 });
  const a = tmp(), b = tmp();
  await train(cfg, a, { progress: false });
  const first = await train(cfg, b, { progress: false, stopAt: 1700 });
  assert.equal(first.state, 'interrupted');
  assert.equal(first.step, 1728);
  assert.ok(readdirSync(new RunDir(b).checkpoints.list()[0]!.dir).includes('rollout.bin'));
  const second = await train(new RunDir(b).readConfig(), b, { progress: false, resume: true });
  assert.equal(second.state, 'finished');
  const rowsA = readMetrics(join(a, 'metrics.jsonl')), rowsB = readMetrics(join(b, 'metrics.jsonl'));
  assert.ok(rowsA.some((r) => r.kind === 'diagnostics') && rowsA.some((r) => r.kind === 'train') && rowsA.some((r) => r.kind === 'eval'));
  assert.deepEqual(deterministic(rowsB), deterministic(rowsA));
  const pa = latestCheckpoint(a), pb = latestCheckpoint(b);
  for (const [name, t] of Object.entries(pa.groups['q']!)) assert.deepEqual(pb.groups['q']![name]!.toArray(), t.toArray(), name);
});

test('PQN defaults follow purejaxql (MinAtar, Atari) and the network is layer-normalised everywhere', () => {
  const m = resolveConfig({ algo: 'pqn', env: 'minatar/breakout' });
  assert.deepEqual(
    [m['num-envs'], m['num-steps'], m['update-epochs'], m['num-minibatches'], m.optimizer, m.lr, m['anneal-lr'], m['max-grad-norm'], m.gamma, m['q-lambda'], m['eps-end'], m['eps-fraction'], m['layer-norm'], m.width, m.steps],
    [128, 32, 2, 32, 'radam', 5e-4, true, 10, 0.99, 0.65, 0.05, 0.1, true, 128, 10_000_000],
  );
  const at = resolveConfig({ algo: 'pqn', env: 'atari/breakout' });
  assert.deepEqual([at['num-envs'], at['num-steps'], at.lr, at['anneal-lr'], at['eps-end'], at.width], [128, 32, 2.5e-4, false, 0.001, 512]);
  // tanh-HR on MinAtar: LayerNorm over the conv output [16, 8, 8] and inside both HR branches, before the activation
  const agent = new PQNAgent(resolveConfig({ algo: 'pqn', env: 'minatar/breakout', activation: 'tanh', hadamard: 'last', 'num-envs': 2, 'num-steps': 4, 'num-minibatches': 2 }));
  const shapes = Object.fromEntries(agent.network.namedParameters().map(([n, p]) => [n, p.shape]));
  assert.deepEqual(shapes['encoder.1.weight'], [16, 8, 8]);
  assert.deepEqual(shapes['hidden.0.branch1.norm.weight'], [128]);
  assert.deepEqual(shapes['hidden.0.branch2.norm.weight'], [128]);
  assert.throws(() => new PQNAgent(resolveConfig({ algo: 'pqn', env: 'classic/cartpole', 'num-envs': 3, 'num-steps': 5, 'num-minibatches': 2 })), /must divide num-envs × num-steps/);
});
