/**
 * The sweep's progress line in steps (src/experiments/sweep/progress.ts): what it reads from the run directories —
 * the step and recent return of running runs from the tail of metrics.jsonl, the planned steps of runs not started
 * (PPO/PQN budgets in whole rollouts) — and what it shows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunTail, SweepProgress } from '../../src/experiments/sweep/progress.js';
import type { SweepRun } from '../../src/experiments/sweep/index.js';

const row = (r: object): string => JSON.stringify(r) + '\n';

test('readRunTail: the newest step and the mean of the last 20 episode returns, past a large diagnostics row and a torn line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-tail-'));
  assert.equal(readRunTail(dir), null);
  writeFileSync(join(dir, 'metrics.jsonl'), '');
  assert.equal(readRunTail(dir), null);
  let text = '';
  for (let i = 1; i <= 30; i++) text += row({ kind: 'episode', step: i * 10, return: i, length: 10 });
  text += row({ kind: 'diagnostics', step: 300, layers: { 'hidden.0': { kde: { x: new Array(4000).fill(0.123456789) } } } }); // ~50 KB
  text += row({ kind: 'train', step: 320, loss: 1 });
  writeFileSync(join(dir, 'metrics.jsonl'), text + '{"kind": "episode", "step": 33');
  // episodes 11..30: mean 20.5
  assert.deepEqual(readRunTail(dir), { step: 320, recentReturn: 20.5 });
  writeFileSync(join(dir, 'metrics.jsonl'), row({ kind: 'train', step: 64, loss: 1 }));
  const t = readRunTail(dir)!;
  assert.equal(t.step, 64);
  assert.ok(Number.isNaN(t.recentReturn));
});

test('SweepProgress: steps of all runs (PQN budgets in whole rollouts), running runs with their share and return, an ETA', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-sweep-progress-'));
  const runs: SweepRun[] = [
    { name: 'done', labels: {}, config: { algo: 'dqn', env: 'classic/cartpole', steps: 1000 } },
    { name: 'pqn', labels: {}, config: { algo: 'pqn', env: 'classic/cartpole', steps: 1000, 'num-envs': 4, 'num-steps': 16, 'num-minibatches': 2 } },
    { name: 'fresh', labels: {}, config: { algo: 'dqn', env: 'classic/cartpole', steps: 500 } },
  ];
  for (const r of runs) mkdirSync(join(dir, r.name));
  writeFileSync(join(dir, 'done', 'status.json'), JSON.stringify({ state: 'finished', step: 1000, totalSteps: 1000 }));
  const p = new SweepProgress(dir, runs, { intervalMs: 0 });
  // 1000 + 960 (15 rollouts of 64) + 500
  assert.match(p.line({ running: [], settled: ['done'] }), /^sweep 1000\/2460 steps \(40\.7%\) \| 0\.0 steps\/s \| ETA \? \| runs 1\/3$/);
  appendFileSync(join(dir, 'pqn', 'metrics.jsonl'), row({ kind: 'train', step: 64, loss: 1 }));
  writeFileSync(join(dir, 'fresh', 'metrics.jsonl'), '');
  await new Promise((r) => setTimeout(r, 5)); // some time has passed: steps/s and the ETA are defined
  const first = p.line({ running: ['pqn', 'fresh'], settled: ['done'] });
  assert.match(first, /^sweep 1064\/2460 steps \(43\.3%\) \| [\d.]+ steps\/s \| ETA \d+s \| runs 1\/3 \| pqn 6% return – \| fresh starting return –$/);
  appendFileSync(join(dir, 'pqn', 'metrics.jsonl'), row({ kind: 'episode', step: 480, return: 12, length: 30 }) + row({ kind: 'episode', step: 480, return: 14, length: 40 }));
  appendFileSync(join(dir, 'fresh', 'metrics.jsonl'), row({ kind: 'episode', step: 250, return: 9, length: 250 }));
  assert.match(p.line({ running: ['pqn', 'fresh'], settled: ['done'], fields: { failed: 1 } }), /^sweep 1730\/2460 steps \(70\.3%\) .* \| runs 1\/3 \| failed 1 \| pqn 50% return 13 \| fresh 50% return 9$/);
  // a settled run counts in full (a failed one will not take its remaining steps)
  assert.match(p.line({ running: [], settled: ['done', 'pqn', 'fresh'] }), /^sweep 2460\/2460 steps \(100\.0%\) .* \| ETA 0s \| runs 3\/3$/);
});
