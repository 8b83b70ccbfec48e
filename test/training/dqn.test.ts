import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import { readMetrics, type MetricRow } from '../../src/logging/metrics-log.js';
import { readEvents } from '../../src/logging/tensorboard.js';
import { resolveConfig } from '../../src/training/config.js';
import { RunDir } from '../../src/training/run-dir.js';
import { train } from '../../src/training/train.js';

/** The networks and optimizer state of a run's newest checkpoint. */
const latestCheckpoint = (dir: string) => new RunDir(dir).loadCheckpoint()!.content;

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-run-'));

/** Rows without wall-clock fields, for comparing runs. */
const deterministic = (rows: MetricRow[]): unknown[] => rows.map(({ sps: _sps, ...rest }) => rest);

test('an interrupted and resumed DQN run reproduces the uninterrupted run exactly', async () => {
  const cfg = resolveConfig({ env: 'classic/cartpole', steps: 3000, 'learning-starts': 400, 'log-every': 500, 'diag-every': 1000, 'checkpoint-every': 0, 'eval-episodes': 2, 'probe-size': 64 });
  const a = tmp(), b = tmp();
  await train(cfg, a, { progress: false });
  const first = await train(cfg, b, { progress: false, stopAt: 1700 });
  assert.equal(first.state, 'interrupted');
  assert.equal(new RunDir(b).readStatus()!.state, 'interrupted');
  const second = await train(new RunDir(b).readConfig(), b, { progress: false, resume: true });
  assert.equal(second.state, 'finished');
  assert.deepEqual(deterministic(readMetrics(join(b, 'metrics.jsonl'))), deterministic(readMetrics(join(a, 'metrics.jsonl'))));
  const pa = latestCheckpoint(a), pb = latestCheckpoint(b);
  for (const [name, t] of Object.entries(pa.groups['q']!)) assert.deepEqual(pb.groups['q']![name]!.toArray(), t.toArray(), name);
  // TensorBoard events were rebuilt on resume: one event file, no step logged twice
  const tbFiles = readdirSync(join(b, 'tb'));
  assert.equal(tbFiles.length, 1);
  const episodeSteps = readEvents(join(b, 'tb', tbFiles[0]!)).filter((e) => e.tag === 'episode/return').map((e) => e.step);
  assert.equal(new Set(episodeSteps).size, episodeSteps.length);
  assert.equal(episodeSteps.length, readMetrics(join(a, 'metrics.jsonl')).filter((r) => r.kind === 'episode').length);
});

test('metrics carry diagnostics of every hidden layer, with the hidden bias and KDE of the representation', async () => {
  const cfg = resolveConfig({ env: 'classic/cartpole', steps: 1200, activation: 'tanh', hadamard: 'last', 'learning-starts': 200, 'diag-every': 600, 'eval-episodes': 0, 'probe-size': 128 });
  const dir = tmp();
  await train(cfg, dir, { progress: false });
  const diags = readMetrics(join(dir, 'metrics.jsonl')).filter((r) => r.kind === 'diagnostics');
  assert.equal(diags.length, 2); // step 600, and the final one (step 1200) with KDEs
  const layers = diags.at(-1)!['layers'] as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(layers).sort(), ['hidden.0', 'hidden.1', 'hidden.1.branch1', 'hidden.1.branch2']);
  const rep = layers['hidden.1']!;
  assert.equal(rep['width'], 64);
  assert.ok(typeof rep['saturated'] === 'number' && typeof rep['srank'] === 'number');
  const hb = rep['hiddenBias'] as { dead: number[]; live: number[] };
  assert.equal(hb.live.length, 2);
  const kde = rep['kde'] as { neurons: number[]; x: number[]; density: number[][] };
  assert.equal(kde.neurons.length, 16);
  assert.equal(kde.density[0]!.length, kde.x.length);
  const tb = readEvents(join(dir, 'tb', readdirSync(join(dir, 'tb'))[0]!));
  assert.ok(tb.some((e) => e.tag === 'diagnostics/layers/hidden.1/srank'));
});

test('DQN solves CartPole-v1: greedy return ≥ 475 for seeds 1 and 2 within 60k steps', async () => {
  for (const seed of [1, 2]) {
    const cfg = resolveConfig({ env: 'classic/cartpole', seed, 'diag-every': 0, 'checkpoint-every': 0, 'save-buffer': false });
    assert.equal(cfg.steps, 60_000);
    const r = await train(cfg, tmp(), { progress: false });
    const mean = r.evalReturns.reduce((a, b) => a + b, 0) / r.evalReturns.length;
    assert.ok(mean >= 475, `seed ${seed}: greedy mean return ${mean} over ${r.evalReturns.length} episodes`);
  }
});
