/**
 * What a run tells about its length: PPO and PQN train in whole rollouts, so their step budget is rounded down to a
 * whole number of rollouts (as CleanRL's and purejaxql's `total_timesteps // batch_size`), said once, and recorded in
 * config.json and status.json; the run never passes it. The progress line shows "return –" until an episode ends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import { ConfigError } from '../../src/config/schema.js';
import { readMetrics } from '../../src/logging/metrics-log.js';
import { resolveConfig } from '../../src/training/config.js';
import { RunDir } from '../../src/training/run-dir.js';
import { stepBudget, train } from '../../src/training/train.js';
import { formatField } from '../../src/util/progress.js';
import { CLI } from '../sweep/helpers.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-budget-'));
// 4 envs × 16 steps = 64 steps a rollout; 200 steps are 3 whole rollouts (192)
const small = { env: 'classic/cartpole', steps: 200, width: 8, 'num-envs': 4, 'num-steps': 16, 'num-minibatches': 2, 'update-epochs': 1, 'diag-every': 0, 'eval-episodes': 0, 'checkpoint-every': 0 } as const;

for (const algo of ['pqn', 'ppo'] as const) {
  test(`${algo}: the budget is rounded down to whole rollouts, recorded, and never passed`, async () => {
    const cfg = resolveConfig({ ...small, algo });
    assert.deepEqual(stepBudget(cfg), { steps: 192, unit: { steps: 64, what: 'rollouts of num-envs × num-steps (4 × 16)' } });
    const dir = tmp();
    const r = await train(cfg, dir, { progress: false });
    assert.equal(r.state, 'finished');
    assert.equal(r.step, 192);
    const run = new RunDir(dir);
    assert.equal(run.readConfig().steps, 192);
    assert.deepEqual([run.readStatus()!.step, run.readStatus()!.totalSteps], [192, 192]);
    assert.ok(readMetrics(join(dir, 'metrics.jsonl')).every((row) => row.step <= 192));
    // a budget that is a whole number of rollouts is kept; one below a rollout is an error naming the key
    assert.equal(stepBudget(resolveConfig({ ...small, algo, steps: 640 })).steps, 640);
    assert.throws(() => stepBudget(resolveConfig({ ...small, algo, steps: 63 })), (e: Error) => e instanceof ConfigError && /config key 'steps' \(63\) is less than one of .*rollouts of num-envs × num-steps \(4 × 16\) \(64 steps\)/.test(e.message));
  });
}

test('dqn: the budget is the steps given', () => {
  assert.deepEqual(stepBudget(resolveConfig({ env: 'classic/cartpole', steps: 201 })), { steps: 201, unit: null });
});

test('hrl train says the budget was rounded; its first progress line shows "return –", not NaN', () => {
  const dir = tmp();
  const args = ['train', '--algo', 'pqn', '--out', join(dir, 'run'), ...Object.entries(small).flatMap(([k, v]) => [`--${k}`, String(v)])];
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, HRL_QUIET: '1' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /steps 200 → 192: pqn trains in whole rollouts of num-envs × num-steps \(4 × 16\), and a run stops at or before its budget; config\.json records 192/);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('pqn classic/cartpole'));
  assert.ok(lines.length >= 1);
  assert.match(lines[0]!, /^pqn classic\/cartpole 64\/192 steps/);
  assert.doesNotMatch(r.stderr, /NaN/);
  assert.match(lines.at(-1)!, /192\/192 steps \(100\.0%\)/);
  assert.match(readFileSync(join(dir, 'run', 'config.json'), 'utf8'), /"steps": 192/);
  // DQN prints its first line after one step, before any episode has ended
  const dqn = spawnSync(process.execPath, [CLI, 'train', '--env', 'classic/cartpole', '--steps', '100', '--width', '8', '--eval-episodes', '0', '--diag-every', '0', '--out', join(dir, 'dqn')], { encoding: 'utf8', env: { ...process.env, HRL_QUIET: '1' } });
  assert.equal(dqn.status, 0, dqn.stderr);
  assert.match(dqn.stderr.split('\n')[0]!, /^dqn classic\/cartpole 1\/100 steps .*\| episodes 0 \| return –$/);
  assert.equal(formatField(NaN), '–');
  assert.equal(formatField(1.234567), '1.235');
});
