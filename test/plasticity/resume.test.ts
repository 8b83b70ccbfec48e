import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import { readMetrics, type MetricRow } from '../../src/logging/metrics-log.js';
import { resolveConfig } from '../../src/training/config.js';
import { RunDir } from '../../src/training/run-dir.js';
import { train } from '../../src/training/train.js';
import type { ConfigValue } from '../../src/config/schema.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-plasticity-'));
const deterministic = (rows: MetricRow[]): unknown[] => rows.map(({ sps: _sps, ...rest }) => rest);
const ALL_INTERVENTIONS = { 'l2-init': 1e-4, 'reset-layers': 2, 'probe-size': 64 };

/** Trains `given` whole in one directory and interrupted at `stopAt` then resumed in another; returns both. */
async function uninterruptedAndResumed(given: Record<string, ConfigValue>, stopAt: number): Promise<{ a: string; b: string; stoppedAt: number }> {
  const cfg = resolveConfig(given);
  const a = tmp(), b = tmp();
  await train(cfg, a, { progress: false });
  const first = await train(cfg, b, { progress: false, stopAt });
  assert.equal(first.state, 'interrupted');
  await train(new RunDir(b).readConfig(), b, { progress: false, resume: true });
  return { a, b, stoppedAt: first.step };
}

function assertSameRun(a: string, b: string, groups: string[], stoppedAt: number): MetricRow[] {
  const rowsA = readMetrics(join(a, 'metrics.jsonl')), rowsB = readMetrics(join(b, 'metrics.jsonl'));
  const events = rowsA.filter((r) => r.kind === 'intervention');
  // each intervention ran before the interruption and again after the resume
  for (const type of ['redo', 'shrink-perturb', 'reset']) {
    assert.ok(events.some((r) => r['type'] === type && r.step <= stoppedAt), `${type} before step ${stoppedAt}`);
    assert.ok(events.some((r) => r['type'] === type && r.step > stoppedAt), `${type} after step ${stoppedAt}`);
  }
  assert.deepEqual(deterministic(rowsB), deterministic(rowsA));
  const pa = new RunDir(a).loadCheckpoint()!.content, pb = new RunDir(b).loadCheckpoint()!.content;
  for (const g of groups) for (const [name, t] of Object.entries(pa.groups[g]!)) assert.deepEqual(pb.groups[g]![name]!.toArray(), t.toArray(), `${g}.${name}`);
  for (const [name, t] of Object.entries(pa.optimizers['main']!.tensors)) assert.deepEqual(pb.optimizers['main']!.tensors[name]!.toArray(), t.toArray(), `optimizer ${name}`);
  rmSync(a, { recursive: true, force: true });
  rmSync(b, { recursive: true, force: true });
  return events;
}

test('a DQN run (ReLU-HR) resumed across ReDo, shrink-and-perturb and resets equals the uninterrupted run bit for bit', async () => {
  // one update per step after step 400: the run stops at update 1300, between interventions, and resumes
  const { a, b, stoppedAt } = await uninterruptedAndResumed({
    env: 'classic/cartpole', steps: 3000, 'learning-starts': 400, 'log-every': 500, 'diag-every': 1000, 'checkpoint-every': 0,
    'eval-episodes': 2, activation: 'relu', hadamard: 'last', 'redo-every': 300, 'sp-every': 700, 'reset-every': 900, ...ALL_INTERVENTIONS,
  }, 1700);
  const events = assertSameRun(a, b, ['q', 'target'], stoppedAt);
  const redo = events.find((r) => r['type'] === 'redo')!;
  assert.deepEqual([redo.step, redo['update']], [700, 300]);
  assert.deepEqual(Object.keys(redo['layers'] as object), ['hidden.0', 'hidden.1']);
  assert.ok((redo['layers'] as Record<string, { branch1?: number }>)['hidden.1']!.branch1 !== undefined);
  assert.deepEqual(events.find((r) => r['type'] === 'reset')!['layers'], ['hidden.1', 'heads']);
});

test('a PQN run (CReLU) resumed across ReDo, shrink-and-perturb and resets equals the uninterrupted run bit for bit', async () => {
  // 64 steps and 4 updates per rollout: the run stops after 27 rollouts (update 108)
  const { a, b, stoppedAt } = await uninterruptedAndResumed({
    algo: 'pqn', env: 'classic/cartpole', steps: 3200, 'num-envs': 4, 'num-steps': 16, 'num-minibatches': 2, 'update-epochs': 2,
    'log-every': 256, 'diag-every': 2048, 'checkpoint-every': 0, 'eval-episodes': 2, activation: 'crelu',
    'redo-every': 20, 'sp-every': 30, 'reset-every': 50, ...ALL_INTERVENTIONS,
  }, 1700);
  assert.equal(stoppedAt, 1728);
  assertSameRun(a, b, ['q'], stoppedAt);
});

test('PPO runs every intervention on a MinAtar CNN with a tanh-HR representation, and a bad reset-layers fails at once', async () => {
  const given = {
    algo: 'ppo', env: 'minatar/breakout', steps: 1024, 'num-envs': 4, 'num-steps': 32, 'num-minibatches': 2, 'update-epochs': 2,
    activation: 'tanh', hadamard: 'last', 'layer-norm': true, 'log-every': 1024, 'diag-every': 0, 'checkpoint-every': 0, 'eval-episodes': 0,
    'redo-every': 8, 'sp-every': 12, 'reset-every': 16, ...ALL_INTERVENTIONS, 'reset-layers': 3,
  } as const;
  const dir = tmp();
  await train(resolveConfig(given), dir, { progress: false });
  const events = readMetrics(join(dir, 'metrics.jsonl')).filter((r) => r.kind === 'intervention');
  // 8 rollouts × 4 updates = 32 updates: ReDo at 8, 16, 24, 32; shrink-and-perturb at 12, 24; resets at 16, 32
  assert.deepEqual(events.map((r) => [r['update'], r['type']]), [
    [8, 'redo'], [12, 'shrink-perturb'], [16, 'redo'], [16, 'reset'], [24, 'redo'], [24, 'shrink-perturb'], [32, 'redo'], [32, 'reset'],
  ]);
  assert.deepEqual(events.find((r) => r['type'] === 'reset')!['layers'], ['encoder.0', 'hidden.0', 'heads']);
  rmSync(dir, { recursive: true, force: true });
  assert.throws(() => resolveConfig({ ...given, 'reset-layers': 0 }), /reset-layers/);
  await assert.rejects(train(resolveConfig({ ...given, 'reset-layers': 4 }), tmp(), { progress: false }), /reset-layers 4: the network has 3 layers \(encoder\.0, hidden\.0, heads\); choose 1 to 3/);
});
