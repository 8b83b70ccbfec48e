/**
 * Issue 18, fencing of queue workers, against a real Redis (HRL_TEST_REDIS): a worker frozen with SIGSTOP stops
 * renewing its job's lock; its run is stopped (guard.ts) before the lock expires, the second worker that takes the job
 * finds the run directory still held while the first run writes its checkpoint and waits (the job is delayed, not
 * failed), then resumes it. The run is trained by one process at a time: metrics.jsonl is strictly increasing in step
 * with nothing twice, and the frozen worker, once thawed, leaves the job alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { redisClient } from '../../src/experiments/sweep/redis.js';
import { CLI, fakeEnv, hrlAsync, lines, readJson, waitFor, writeSweep } from './helpers.js';

const REDIS = process.env['HRL_TEST_REDIS'];

test('a frozen (SIGSTOP) worker and a second worker: the run is never written by two processes', { skip: REDIS ? false : 'HRL_TEST_REDIS is not set (start redis-server and set it; .ci/run does)', timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-fence-'));
  const out = join(dir, 'out');
  const queueName = `hrl-fence-${process.pid}-${Date.now()}`;
  const file = writeSweep(join(dir, 's.json'), { base: { algo: 'dqn', env: 'classic/cartpole', steps: 1000, 'checkpoint-every': 20 }, axes: { seed: [1] } });
  // a stop takes 3 s (a large checkpoint): longer than the rest of the frozen worker's lock
  const env = fakeEnv({ FAKE_STEP_MS: '5', FAKE_STOP_MS: '3000' });
  const logs = ['', ''];
  const startWorker = (k: number): ReturnType<typeof spawn> => {
    const w = spawn(process.execPath, [CLI, 'worker', '--redis', REDIS!, '--out', out, '--queue', queueName, '--lock-ms', '2000', '--stalled-ms', '500'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    w.stdout!.on('data', (d: Buffer) => (logs[k] += d.toString()));
    w.stderr!.on('data', (d: Buffer) => (logs[k] += d.toString()));
    return w;
  };
  const w1 = startWorker(0);
  const sweep = hrlAsync(['sweep', file, '--out', out, '--redis', REDIS!, '--queue', queueName], env);
  const run = join(out, 'seed1');
  let w2: ReturnType<typeof spawn> | null = null;
  try {
    await waitFor(() => existsSync(join(run, 'checkpoints', 'latest.safetensors.json')), 30_000, 'worker 1 to checkpoint the run');
    w2 = startWorker(1);
    await waitFor(() => logs[1]!.includes(`queue ${queueName}`), 20_000, 'worker 2 to start');
    w1.kill('SIGSTOP');
    const r = await sweep.done;
    assert.equal(r.code, 0, `${r.err}\nworker 1:\n${logs[0]}\nworker 2:\n${logs[1]}`);
    assert.equal(readJson<{ state: string }>(join(run, 'status.json')).state, 'finished');
    const inv = lines(join(run, 'invocations.txt'));
    assert.equal(inv.length, 2, inv.join(', '));
    assert.equal(inv[0], 'start');
    assert.match(inv[1]!, /^resume@\d+$/);
    assert.match(readFileSync(join(run, 'log.txt'), 'utf8'), /no lock renewal from the worker for 1500 ms, so another worker may take the job over \(fencing\)/);
    assert.match(logs[1]!, /seed1: its run directory is held by pid \d+ on host .*; trying again in \d+ s/);
    // one writer at a time: every episode row once, in order
    const rows = lines(join(run, 'metrics.jsonl'));
    assert.equal(new Set(rows).size, rows.length, 'duplicate rows');
    const steps = rows.map((l) => JSON.parse(l) as { kind: string; step: number }).filter((x) => x.kind === 'episode').map((x) => x.step);
    assert.deepEqual(steps, Array.from({ length: 200 }, (_, i) => 5 * (i + 1)));
    // thawed, the first worker finds its job gone and leaves it alone
    w1.kill('SIGCONT');
    await waitFor(() => logs[0]!.includes("seed1: this worker lost the job's queue lock"), 20_000, 'worker 1 to notice its lost lock');
    const client = redisClient(REDIS!);
    const queue = new Queue(queueName, { connection: client });
    assert.deepEqual(await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed'), { completed: 1, failed: 0, waiting: 0, active: 0, delayed: 0 });
    await queue.obliterate({ force: true });
    await queue.close();
    client.disconnect();
  } finally {
    sweep.child.kill('SIGTERM');
    for (const w of [w1, w2]) {
      if (!w || w.exitCode !== null || w.signalCode !== null) continue;
      w.kill('SIGCONT');
      w.kill('SIGTERM');
      await new Promise((res) => w.on('exit', res));
    }
  }
});
