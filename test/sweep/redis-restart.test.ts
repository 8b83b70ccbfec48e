/**
 * Issue 18: a Redis restart without persistence in the middle of a distributed sweep. The test starts its own
 * redis-server, two workers and the sweep (fake trainer), kills Redis with SIGKILL while both workers train, and starts
 * it again empty: the queue has lost every job. The sweep used to exit 1 with "4 of 4 runs failed: the job disappeared
 * from the queue" (the two runs in training went on to finish on disk, the two queued ones were never run) after
 * printing a raw ECONNREFUSED stack trace per retry. Now it reconciles with the run directories: the runs the workers
 * went on training count once they finish on disk (and are not run a second time), the lost queued runs are enqueued
 * again, the lost connection is one line, and only the run that really failed is named, with its cause.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, fakeEnv, haveRedisServer, hrlAsync, lines, PrivateRedis, readJson, sleep, waitFor, writeSweep } from './helpers.js';

const STACK_FRAME = /^\s+at .+[(:]\d+/m;

test('Redis restarts empty mid-sweep: the run directories decide, the lost connection is one line, the real failure is named', { skip: haveRedisServer() ? false : 'redis-server is not installed (CI installs it)', timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-sweep-restart-'));
  const out = join(dir, 'out');
  const redis = await PrivateRedis.start();
  const file = writeSweep(join(dir, 's.json'), { base: { algo: 'dqn', env: 'classic/cartpole', steps: 1000, 'checkpoint-every': 100 }, axes: { activation: ['tanh', 'relu'], seed: [1, 2] } });
  const env = fakeEnv({ FAKE_STEP_MS: '5', FAKE_FAIL: 'relu__seed2' });
  const workers = [0, 1].map(() => spawn(process.execPath, [CLI, 'worker', '--redis', redis.url, '--out', out, '--lock-ms', '2000', '--stalled-ms', '1000'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const logs = ['', ''];
  workers.forEach((w, k) => { for (const s of [w.stdout!, w.stderr!]) s.on('data', (d: Buffer) => (logs[k] += d.toString())); });
  const sweep = hrlAsync(['sweep', file, '--out', out, '--redis', redis.url], env);
  try {
    // Both workers are training (the first two runs); the other two wait in the queue.
    const training = (name: string): boolean => existsSync(join(out, name, 'status.json')) && readJson<{ state: string }>(join(out, name, 'status.json')).state === 'running';
    await waitFor(() => training('tanh__seed1') && training('tanh__seed2'), 30_000, 'both workers to train');
    await redis.kill();
    await sleep(1000);
    await redis.up();
    const r = await sweep.done;
    const all = `${r.err}\n--- worker 1:\n${logs[0]}\n--- worker 2:\n${logs[1]}`;
    assert.equal(r.code, 1, all);
    assert.match(r.err, /3 finished now, 0 already finished, 1 failed \(of 4\); [2-4] enqueued again after the queue lost them; failed runs:\n {2}relu__seed2: hrl train exited with code 1 \(worker [^)]+\); see \S+log\.txt; the run failed at step 0: fake failure\n?$/, all);
    assert.doesNotMatch(r.err, /disappeared/);
    // the connection: one line when lost (cause and back-off), one when back; no stack traces, in the sweep or the workers
    assert.equal(r.err.match(/lost the connection/g)?.length, 1, r.err);
    assert.match(r.err, /redis: lost the connection to 127\.0\.0\.1:\d+ \(connect ECONNREFUSED [^)]+\); retrying with back-off \(every 5 s at most\) until it is back/);
    assert.match(r.err, /redis: connection to 127\.0\.0\.1:\d+ is back after \d+\.\d s/);
    // the two runs in training were left to their workers while they wrote; the two lost queued ones were enqueued
    // again (a worker whose queue lock could not be renewed stops its run (fencing), which is then enqueued again too)
    assert.match(r.err, /tanh__seed1: the queue lost its job(, but a worker is still writing the run \(step \d+\); waiting for it| \(Redis restarted without persistence\?\); enqueued it again \(interrupted at step \d+ on disk\))/);
    assert.match(r.err, /relu__seed1: the queue lost its job \(Redis restarted without persistence\?\); enqueued it again \(not started on disk\)/);
    for (const text of [r.err, ...logs]) {
      assert.doesNotMatch(text, STACK_FRAME, text);
      assert.ok((text.match(/ECONNREFUSED/g)?.length ?? 0) <= 1, text);
    }
    for (const log of logs) assert.match(log, /tanh__seed\d: the queue lost this job \(Redis restarted without persistence\?\)/);
    // every finished run was trained to the end, at most once resumed after fencing, with nothing lost or twice in its log
    for (const name of ['tanh__seed1', 'tanh__seed2', 'relu__seed1']) {
      assert.equal(readJson<{ state: string }>(join(out, name, 'status.json')).state, 'finished', name);
      const invocations = lines(join(out, name, 'invocations.txt'));
      assert.match(invocations.join(), /^start(,resume@\d+)?$/, `${name}: ${invocations.join()}\n${all}`);
      const steps = lines(join(out, name, 'metrics.jsonl')).map((l) => JSON.parse(l) as { kind: string; step: number }).filter((x) => x.kind === 'episode').map((x) => x.step);
      assert.deepEqual(steps, Array.from({ length: 200 }, (_, i) => 5 * (i + 1)), name);
    }
  } finally {
    sweep.child.kill('SIGTERM');
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.exitCode !== null || w.signalCode !== null ? null : new Promise((res) => w.on('exit', res)))));
    await redis.kill();
  }
});
