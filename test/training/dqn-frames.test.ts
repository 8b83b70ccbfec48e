import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/agents/index.js';
import { DQNAgent } from '../../src/agents/dqn.js';
import { FrameReplayBuffer } from '../../src/agents/frame-replay-buffer.js';
import { ReplayBuffer } from '../../src/agents/replay-buffer.js';
import { readMetrics, type MetricRow } from '../../src/logging/metrics-log.js';
import { resolveConfig } from '../../src/training/config.js';
import { RunDir } from '../../src/training/run-dir.js';
import { train } from '../../src/training/train.js';
import { FRAME_STACK_ENV } from '../agents/random-frames.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-frames-'));
const deterministic = (rows: MetricRow[]): unknown[] => rows.map(({ sps: _sps, ...rest }) => rest);
/** The Q network of a run's newest checkpoint, as plain arrays. */
const qOf = (dir: string): Record<string, number[]> => Object.fromEntries(Object.entries(new RunDir(dir).loadCheckpoint()!.content.groups['q']!).map(([k, t]) => [k, t.toArray() as number[]]));

// random 6×5 frames stacked by 4; a 150-transition buffer wraps about three times in 500 steps
const config = (frames: 'on' | 'off') => resolveConfig({
  env: FRAME_STACK_ENV, 'replay-frames': frames, steps: 500, encoder: 'minatar', width: 16, 'hidden-layers': 1, 'buffer-size': 150,
  'learning-starts': 60, 'batch-size': 16, 'log-every': 100, 'checkpoint-every': 0, 'diag-every': 0, 'eval-episodes': 1,
});

test('DQN learns exactly the same with the frame buffer as with obs and next obs stored apart', async () => {
  assert.ok(new DQNAgent(config('on')).buffer instanceof FrameReplayBuffer);
  assert.ok(new DQNAgent(config('off')).buffer instanceof ReplayBuffer);
  const a = tmp(), b = tmp();
  await train(config('off'), a, { progress: false });
  await train(config('on'), b, { progress: false });
  const rows = readMetrics(join(a, 'metrics.jsonl'));
  assert.ok(rows.filter((r) => r.kind === 'train' && typeof r['loss'] === 'number').length >= 4);
  assert.deepEqual(deterministic(readMetrics(join(b, 'metrics.jsonl'))), deterministic(rows));
  assert.deepEqual(qOf(b), qOf(a));
});

test('an interrupted and resumed DQN run with the frame buffer reproduces the uninterrupted run exactly', async () => {
  const a = tmp(), b = tmp();
  await train(config('on'), a, { progress: false });
  assert.equal((await train(config('on'), b, { progress: false, stopAt: 270 })).state, 'interrupted');
  const saved = readdirSync(new RunDir(b).checkpoints.list()[0]!.dir);
  assert.ok(saved.includes('replay-frames.bin') && saved.includes('replay-frames-000.bin'), saved.join(', '));
  assert.equal((await train(new RunDir(b).readConfig(), b, { progress: false, resume: true })).state, 'finished');
  assert.deepEqual(deterministic(readMetrics(join(b, 'metrics.jsonl'))), deterministic(readMetrics(join(a, 'metrics.jsonl'))));
  assert.deepEqual(qOf(b), qOf(a));
});
