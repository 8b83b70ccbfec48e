/**
 * The divergence guard (src/training/divergence-guard.ts, config key on-nonfinite): a non-finite loss, gradient norm
 * or parameter stops a run with an error naming the step, the tensor and the last good checkpoint, or (skip) drops
 * and counts the update; both are logged in metrics.jsonl. Runs diverge for real here: plain SGD with lr 1e20 makes
 * the weights ~1e20 after one update and the Q-values overflow to ±Inf at the next. Before the guard, these runs
 * finished as if nothing had happened, with `loss: null` in their train rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import type { CheckpointContent } from '../../src/checkpoint/index.js';
import { RunDir } from '../../src/training/run-dir.js';
import { readMetrics } from '../../src/logging/metrics-log.js';
import { SGD } from '../../src/optim/index.js';
import { tensor, type Tensor } from '../../src/tensor/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { DivergenceError, DivergenceGuard } from '../../src/training/divergence-guard.js';
import { train } from '../../src/training/train.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-diverge-'));

// DQN on CartPole: learning starts after step 150, a checkpoint at step 100; the first update (step 151) makes the
// weights ~1e20, the second one's loss is Inf
const DQN = {
  env: 'classic/cartpole', steps: 400, width: 8, 'learning-starts': 150, 'checkpoint-every': 100, 'log-every': 100,
  'diag-every': 0, 'eval-episodes': 0, optimizer: 'sgd', lr: 1e20,
} as const;
// PQN on CartPole: 4 envs × 16 steps per update (4 minibatch updates), a checkpoint every 64 steps
const PQN = {
  algo: 'pqn', env: 'classic/cartpole', steps: 640, width: 8, 'num-envs': 4, 'num-steps': 16, 'num-minibatches': 2,
  'update-epochs': 2, 'checkpoint-every': 64, 'log-every': 128, 'diag-every': 0, 'eval-episodes': 0, optimizer: 'sgd',
} as const;

/** The run's newest checkpoint (verified against its checksums). */
const newestCheckpoint = (dir: string): Required<CheckpointContent> => {
  const ck = new RunDir(dir).loadCheckpoint();
  assert.ok(ck, `${dir} has a checkpoint`);
  return ck.content;
};

const finiteCheckpoint = (dir: string, group: string): void => {
  const ck = newestCheckpoint(dir);
  for (const [name, t] of Object.entries(ck.groups[group]!)) assert.ok(Array.from(t.data).every(Number.isFinite), `${name} is finite`);
};

test('DQN: a diverging run stops, naming the step, the tensor and the last good checkpoint (on-nonfinite: stop)', async () => {
  const dir = tmp();
  await assert.rejects(train(resolveConfig(DQN), dir, { progress: false }), (e: Error) => {
    assert.ok(e instanceof DivergenceError);
    assert.match(e.message, /^training diverged at step 152: the loss is Infinity; the last good checkpoint is .*checkpoints\/\d+-step100 \(step 100\)\. Resuming repeats the same updates: first set max-grad-norm, or on-nonfinite: skip .* in .*config\.json, then hrl train --resume /);
    return true;
  });
  const status = new RunDir(dir).readStatus()!;
  assert.equal(status.state, 'failed');
  assert.match(status.error!, /step 152: the loss is Infinity/);
  const rows = readMetrics(join(dir, 'metrics.jsonl'));
  assert.deepEqual(rows.at(-1), { kind: 'nonfinite', step: 152, tensor: 'the loss', value: 'Infinity', action: 'stop' });
  assert.ok(rows.every((r) => r.kind !== 'train' || r['loss'] === undefined || Number.isFinite(r['loss'])), 'no train row with a non-finite loss');
  finiteCheckpoint(dir, 'q'); // the checkpoint it names is whole and finite: nothing was saved after the divergence
});

test('DQN: on-nonfinite: skip drops and counts every non-finite update, logs each, and finishes', async () => {
  const dir = tmp();
  const r = await train(resolveConfig({ ...DQN, 'on-nonfinite': 'skip' }), dir, { progress: false });
  assert.equal(r.state, 'finished');
  const skips = readMetrics(join(dir, 'metrics.jsonl')).filter((row) => row.kind === 'nonfinite');
  // updates every step from 151 to 400; the first one lands (weights ~1e20), every later one has an Inf loss
  assert.equal(skips.length, 249);
  assert.deepEqual(skips[0], { kind: 'nonfinite', step: 152, tensor: 'the loss', value: 'Infinity', action: 'skip', skipped: 1 });
  assert.deepEqual(skips.map((s) => s['skipped']), skips.map((_, i) => i + 1));
  const ck = newestCheckpoint(dir);
  assert.equal((ck.meta as Record<string, unknown>)['nonfiniteSkipped'], 249);
  assert.equal(ck.optimizers['main']!.meta.step, 1, 'only the first update reached the optimizer');
  finiteCheckpoint(dir, 'q');
});

test('PQN: diverging after a resume with a larger lr stops, naming the checkpoint it resumed from', async () => {
  const dir = tmp();
  const cfg = resolveConfig({ ...PQN, lr: 1e-3 });
  assert.equal((await train(cfg, dir, { progress: false, stopAt: 128 })).state, 'interrupted');
  await assert.rejects(train({ ...cfg, lr: 1e20 }, dir, { progress: false, resume: true }), (e: Error) => {
    assert.ok(e instanceof DivergenceError);
    assert.match(e.message, /^training diverged at step 192: the loss is (NaN|-?Infinity); the last good checkpoint is .*checkpoints\/\d+-step128 \(step 128\)/);
    return true;
  });
  const last = readMetrics(join(dir, 'metrics.jsonl')).at(-1)!;
  assert.equal(last.kind, 'nonfinite');
  assert.equal(last['action'], 'stop');
  finiteCheckpoint(dir, 'q');
});

test('PQN: on-nonfinite: skip finishes and logs the skipped minibatch updates', async () => {
  const dir = tmp();
  const r = await train(resolveConfig({ ...PQN, lr: 1e20, 'on-nonfinite': 'skip' }), dir, { progress: false });
  assert.equal(r.state, 'finished');
  const skips = readMetrics(join(dir, 'metrics.jsonl')).filter((row) => row.kind === 'nonfinite');
  assert.ok(skips.length > 0 && skips.every((s) => s['action'] === 'skip'));
  assert.deepEqual(skips.map((s) => s['skipped']), skips.map((_, i) => i + 1));
  // 10 rollouts × 4 minibatch updates, of which the ones that landed are the optimizer's steps
  const ck = newestCheckpoint(dir);
  assert.equal(ck.optimizers['main']!.meta.step + skips.length, 40);
  finiteCheckpoint(dir, 'q');
});

test('PPO: a diverging run stops too (its clipped gradient norm is checked before the step)', async () => {
  const cfg = resolveConfig({ ...PQN, algo: 'ppo', lr: 1e20 });
  await assert.rejects(train(cfg, tmp(), { progress: false }), (e: Error) => e instanceof DivergenceError && /^training diverged at step 64: /.test(e.message));
});

test('DivergenceGuard names the loss, the gradient and the parameter, and skip leaves the parameters alone', () => {
  const setup = (values: number[]): { w: Tensor; guard: (a: 'stop' | 'skip') => DivergenceGuard; opt: SGD } => {
    const w = tensor(values, [values.length], true);
    return { w, guard: (a) => new DivergenceGuard(a, [['head.weight', w]]), opt: new SGD([w], { lr: 1e38 }) };
  };
  // a NaN loss: nothing is computed from it
  let s = setup([1, 2]);
  assert.throws(() => s.guard('stop').update(7, s.w.mul(NaN).sum(), s.opt, 0), /^DivergenceError: training diverged at step 7: the loss is NaN$/);
  // a finite loss with an infinite gradient (d√w/dw at 0): found after the step, named as the gradient
  s = setup([0, 1]);
  assert.throws(() => s.guard('stop').update(8, s.w.sqrt().sum(), s.opt, 0), /step 8: the gradient norm \(first non-finite gradient: 'head\.weight'\) is Infinity/);
  // ... and in skip mode found before the step: skipped, the parameters and optimizer untouched
  s = setup([0, 1]);
  const g = s.guard('skip');
  assert.equal(g.update(9, s.w.sqrt().sum(), s.opt, 0), null);
  assert.deepEqual([...s.w.data], [0, 1]);
  assert.equal(s.opt.stepCount, 0);
  assert.deepEqual(g.takeSkipped(), [{ step: 9, tensor: "the gradient norm (first non-finite gradient: 'head.weight')", value: Infinity, skipped: 1 }]);
  assert.deepEqual(g.takeSkipped(), []);
  // finite loss and gradient, but the step overflows the parameter (−3e38 − 1e38): stops even in skip mode
  s = setup([-3e38, 1]);
  assert.throws(() => s.guard('skip').update(10, s.w.sum(), s.opt, 0), /step 10: parameter 'head\.weight' \(after the optimizer step\) is -Infinity/);
  // a healthy update returns its loss
  s = setup([1, 2]);
  assert.equal(s.guard('stop').update(11, s.w.sum(), new SGD([s.w], { lr: 0.5 }), 1), 3);
  assert.ok(Array.from(s.w.data).every(Number.isFinite));
});
