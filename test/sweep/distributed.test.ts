/**
 * The distributed executor against a real Redis (HRL_TEST_REDIS, e.g. redis://127.0.0.1:6390; .ci/run starts one):
 * two workers on loopback, one SIGKILLed mid-run. Every run is done exactly once, the killed worker's run is retried
 * by the other worker and resumed from its checkpoint, and nothing is lost. Uses the fake trainer for exact timing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { redisClient } from '../../src/experiments/sweep/redis.js';
import { CLI, fakeEnv, hrlAsync, lines, readJson, waitFor, writeSweep } from './helpers.js';

const REDIS = process.env['HRL_TEST_REDIS'];

test('BullMQ sweep: two workers, one killed mid-run; every run done once, the killed run resumed', { skip: REDIS ? false : 'HRL_TEST_REDIS is not set (start redis-server and set it; .ci/run does)', timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-sweep-redis-'));
  const out = join(dir, 'out');
  const queueName = `hrl-test-${process.pid}-${Date.now()}`;
  const file = writeSweep(join(dir, 's.json'), { base: { algo: 'dqn', env: 'classic/cartpole', steps: 200, 'checkpoint-every': 20 }, axes: { activation: ['tanh', 'relu'], seed: [1, 2] } });
  const env = fakeEnv({ FAKE_STEP_MS: '5' });
  const startWorker = (): ReturnType<typeof spawn> => spawn(process.execPath, [CLI, 'worker', '--redis', REDIS!, '--out', out, '--queue', queueName, '--lock-ms', '2000', '--stalled-ms', '1000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const w1 = startWorker(), w2 = startWorker();
  const logs = ['', ''];
  [w1, w2].forEach((w, k) => { w.stdout!.on('data', (d: Buffer) => (logs[k] += d.toString())); w.stderr!.on('data', (d: Buffer) => (logs[k] += d.toString())); });
  const sweep = hrlAsync(['sweep', file, '--out', out, '--redis', REDIS!, '--queue', queueName], env);
  try {
    // The victim: a run worker 1 is training that has written a checkpoint.
    const w1Id = `hrl worker ${hostname()}:${w1.pid} `;
    let victim = '';
    await waitFor(() => {
      if (!existsSync(out)) return false;
      for (const name of readdirSync(out)) {
        const log = join(out, name, 'log.txt');
        if (existsSync(log) && readFileSync(log, 'utf8').includes(w1Id) && existsSync(join(out, name, 'checkpoints', 'latest.safetensors.json'))) { victim = name; return true; }
      }
      return false;
    }, 30_000, 'worker 1 to checkpoint a run');
    w1.kill('SIGKILL');
    const r = await sweep.done;
    assert.equal(r.code, 0, `${r.err}\nworker 2:\n${logs[1]}`);
    assert.match(r.out, /sweep done: 4 runs/);
    const names = readJson<{ runs: { name: string }[] }>(join(out, 'sweep.json')).runs.map((x) => x.name);
    assert.equal(names.length, 4);
    for (const name of names) {
      assert.equal(readJson<{ state: string }>(join(out, name, 'status.json')).state, 'finished', name);
      const inv = lines(join(out, name, 'invocations.txt'));
      if (name === victim) {
        assert.equal(inv.length, 2, `${name}: ${inv.join(', ')}`);
        assert.equal(inv[0], 'start');
        const at = Number(/^resume@(\d+)$/.exec(inv[1]!)?.[1]);
        assert.ok(at > 0 && at < 200, `${name} resumed at ${inv[1]}`);
        assert.match(readFileSync(join(out, name, 'log.txt'), 'utf8'), new RegExp(`hrl worker ${hostname()}:${w2.pid} \\(resume`));
      } else assert.deepEqual(inv, ['start'], name);
      // nothing lost, nothing twice: one episode row per 5 steps
      const steps = lines(join(out, name, 'metrics.jsonl')).map((l) => JSON.parse(l) as { kind: string; step: number }).filter((x) => x.kind === 'episode').map((x) => x.step);
      assert.deepEqual(steps, Array.from({ length: 40 }, (_, i) => 5 * (i + 1)), name);
    }
    assert.match(logs[1]!, new RegExp(`${victim}: resuming from its checkpoint`));
    if (process.env['HRL_TEST_VERBOSE']) console.log(logs.join('\n---\n'), r.err);
    const client = redisClient(REDIS!);
    const queue = new Queue(queueName, { connection: client });
    const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active');
    assert.deepEqual(counts, { completed: 4, failed: 0, waiting: 0, active: 0 });
    await queue.obliterate({ force: true });
    await queue.close();
    client.disconnect();
  } finally {
    sweep.child.kill('SIGTERM');
    for (const w of [w1, w2]) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
    await Promise.all([w1, w2].map((w) => (w.exitCode !== null || w.signalCode !== null ? null : new Promise((res) => w.on('exit', res)))));
  }
});
