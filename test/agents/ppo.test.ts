import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import { explainedVariance, PPOAgent, ppoDefaults } from '../../src/agents/ppo.js';
import { BaseEnv, Box, Discrete, register, type Info, type RgbFrame, type Transition } from '../../src/envs/index.js';
import { noGrad, tensor } from '../../src/tensor/index.js';
import { readMetrics, type MetricRow } from '../../src/logging/metrics-log.js';
import { resolveConfig } from '../../src/training/config.js';
import { makeEnv } from '../../src/training/factories.js';
import { RunDir } from '../../src/training/run-dir.js';
import { train } from '../../src/training/train.js';
import { Rng } from '../../src/util/rng.js';

/** The networks and optimizer state of a run's newest checkpoint. */
const latestCheckpoint = (dir: string) => new RunDir(dir).loadCheckpoint()!.content;

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-ppo-'));
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Rows without wall-clock fields, for comparing runs. */
const deterministic = (rows: MetricRow[]): unknown[] => rows.map(({ sps: _sps, ...rest }) => rest);

test('PPO defaults: CleanRL ppo_atari on Atari, the same update on MinAtar, CleanRL ppo.py shape on CartPole', () => {
  const atari = resolveConfig({ algo: 'ppo', env: 'atari/breakout' });
  assert.deepEqual(
    [atari['num-envs'], atari['num-steps'], atari.lr, atari['anneal-lr'], atari['adam-eps'], atari.gamma, atari['gae-lambda'], atari['num-minibatches'], atari['update-epochs'], atari['clip-coef'], atari['clip-vloss'], atari['ent-coef'], atari['vf-coef'], atari['max-grad-norm'], atari.width, atari['norm-adv'], atari['target-kl']],
    [8, 128, 2.5e-4, true, 1e-5, 0.99, 0.95, 4, 4, 0.1, true, 0.01, 0.5, 0.5, 512, true, 0],
  );
  const minatar = resolveConfig({ algo: 'ppo', env: 'minatar/breakout' });
  assert.equal(minatar.width, 128);
  assert.equal(minatar['clip-coef'], 0.1);
  const cp = resolveConfig({ algo: 'ppo', env: 'classic/cartpole' });
  assert.deepEqual([cp['num-envs'], cp['num-steps'], cp['hidden-layers'], cp.width, cp['clip-coef'], cp.lr, cp['update-epochs']], [4, 128, 2, 64, 0.2, 2.5e-3, 10]);
  for (const f of ['atari', 'minatar', 'classic'] as const) {
    const d = ppoDefaults(f);
    assert.equal(((d['num-envs'] ?? 0) * (d['num-steps'] ?? 0)) % (d['num-minibatches'] ?? 1), 0, f);
  }
});

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
register({ id: 'test/ppo-truncated', description: 'reward 1 forever, truncated after 10 steps', options: {}, maxEpisodeSteps: 10, create: () => new ConstantEnv(0) });
register({ id: 'test/ppo-terminated', description: 'reward 1, terminates after one step', options: {}, create: () => new ConstantEnv(1) });

/** V of the single state after a short PPO run with γ = 0.9. */
function learnedValue(env: string): number {
  const cfg = resolveConfig({ algo: 'ppo', env, gamma: 0.9, steps: 40_960, 'num-envs': 8, 'num-steps': 16, 'num-minibatches': 2, 'update-epochs': 2, width: 8, 'hidden-layers': 1, lr: 3e-3, 'anneal-lr': false, 'clip-vloss': false, 'max-grad-norm': 0, 'log-every': 1_000_000 });
  const agent = new PPOAgent(cfg);
  while (agent.step < cfg.steps) agent.advance(() => {});
  return noGrad(() => agent.network.forwardHeads(tensor([1], [1, 1]))[1]!).data[0]!;
}

test('PPO bootstraps through truncation (V → 1/(1 − γ) = 10) but not through termination (V → 1)', () => {
  const truncated = learnedValue('test/ppo-truncated');
  assert.ok(Math.abs(truncated - 10) < 0.5, `V with a time limit: ${truncated}, expected ≈ 10 (treating truncation as terminal gives ≈ 5)`);
  const terminated = learnedValue('test/ppo-terminated');
  assert.ok(Math.abs(terminated - 1) < 0.1, `V of a one-step episode: ${terminated}, expected ≈ 1`);
});

test('explained variance: 1 for a perfect fit, 0 for predicting the mean, NaN for constant targets', () => {
  assert.equal(explainedVariance([1, 2, 3], [1, 2, 3]), 1);
  assert.ok(Math.abs(explainedVariance([2, 2, 2], [1, 2, 3])) < 1e-12);
  assert.ok(Number.isNaN(explainedVariance([0, 1], [5, 5])));
});

test('an interrupted and resumed PPO run reproduces the uninterrupted run exactly', async () => {
  // 4 envs × 128 steps = 512 per update; the run stops after the update that passes step 1700 (2048)
  const cfg = resolveConfig({ algo: 'ppo', env: 'classic/cartpole', steps: 4096, 'log-every': 512, 'diag-every': 1024, 'checkpoint-every': 0, 'eval-episodes': 2, 'probe-size': 64 });
  const a = tmp(), b = tmp();
  await train(cfg, a, { progress: false });
  const first = await train(cfg, b, { progress: false, stopAt: 1700 });
  assert.equal(first.state, 'interrupted');
  assert.equal(first.step, 2048);
  const second = await train(new RunDir(b).readConfig(), b, { progress: false, resume: true });
  assert.equal(second.state, 'finished');
  const rowsA = readMetrics(join(a, 'metrics.jsonl'));
  assert.deepEqual(deterministic(readMetrics(join(b, 'metrics.jsonl'))), deterministic(rowsA));
  const pa = latestCheckpoint(a), pb = latestCheckpoint(b);
  for (const [name, t] of Object.entries(pa.groups['ac']!)) assert.deepEqual(pb.groups['ac']![name]!.toArray(), t.toArray(), name);
  // the train rows carry PPO's statistics, and diagnostics rows are written
  const trainRow = rowsA.find((r) => r.kind === 'train')!;
  for (const key of ['loss', 'pg_loss', 'v_loss', 'entropy', 'approx_kl', 'old_approx_kl', 'clipfrac', 'explained_variance', 'lr']) {
    assert.equal(typeof trainRow[key], 'number', key);
  }
  assert.ok(rowsA.some((r) => r.kind === 'diagnostics'));
});

test('PPO solves CartPole-v1: greedy return ≥ 475 for seeds 1 and 2 within 60k steps', async () => {
  for (const seed of [1, 2]) {
    const cfg = resolveConfig({ algo: 'ppo', env: 'classic/cartpole', seed, 'diag-every': 0, 'checkpoint-every': 0, 'save-buffer': false });
    assert.equal(cfg.steps, 60_000);
    const r = await train(cfg, tmp(), { progress: false });
    const m = mean(r.evalReturns);
    assert.ok(m >= 475, `seed ${seed}: greedy mean return ${m} over ${r.evalReturns.length} episodes`);
  }
});

/** Mean return of the uniformly random policy on the run's environment (same options, e.g. sticky actions). */
function randomReturn(cfg: ReturnType<typeof resolveConfig>, episodes: number): number {
  const env = makeEnv(cfg);
  const rng = new Rng(123);
  const returns: number[] = [];
  for (let e = 0; e < episodes; e++) {
    env.resetNoObs({ seed: 5000 + e });
    let total = 0;
    for (;;) {
      const t = env.stepNoObs(rng.int(env.actionSpace.n));
      total += t.reward;
      if (t.terminated || t.truncated) break;
    }
    returns.push(total);
  }
  return mean(returns);
}

test('PPO on MinAtar Breakout: 32k steps (lr 1e-3) clearly beat the random policy (≥ 2× and ≥ random + 1, greedy)', async () => {
  // defaults but a short-budget learning rate: 2.5e-4 needs ~100k steps to get this far (≈ 0.6 greedy at 40k), 1e-3
  // gave greedy 2.5–3.9 at 30k steps for seeds 1–3 against random 0.39
  const cfg = resolveConfig({ algo: 'ppo', env: 'minatar/breakout', steps: 32_768, lr: 1e-3, 'diag-every': 0, 'checkpoint-every': 0, 'save-buffer': false, 'eval-episodes': 20 });
  const random = randomReturn(cfg, 200);
  const r = await train(cfg, tmp(), { progress: false });
  const m = mean(r.evalReturns);
  assert.ok(m >= 2 * random && m >= random + 1, `greedy mean return ${m} vs random ${random.toFixed(3)}`);
});
