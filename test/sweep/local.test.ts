import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeEnv, hrlAsync, hrlSync, lines, readJson, waitFor, writeSweep } from './helpers.js';

const base = { algo: 'dqn', env: 'classic/cartpole', steps: 200, 'checkpoint-every': 20 };

test('local sweep: runs every run once, logs each, skips finished runs on a re-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-sweep-local-'));
  const file = writeSweep(join(dir, 's.json'), { base, axes: { activation: ['tanh', 'relu'], hadamard: ['last', 'none'], seed: [1] } });
  const out = join(dir, 'out');
  const r = hrlSync(['sweep', file, '--out', out, '--jobs', '2'], fakeEnv({ FAKE_STEP_MS: '0' }));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /4 finished now, 0 already finished, 0 failed \(of 4\)/);
  assert.match(r.err, /sweep 800\/800 steps \(100\.0%\) \| [\d.]+ steps\/s \| ETA 0s \| runs 4\/4\n/);
  const manifest = readJson<{ runs: { name: string }[] }>(join(out, 'sweep.json'));
  assert.deepEqual(manifest.runs.map((x) => x.name), ['tanh__hr-last__seed1', 'tanh__hr-none__seed1', 'relu__hr-last__seed1', 'relu__hr-none__seed1']);
  for (const { name } of manifest.runs) {
    assert.equal(readJson<{ state: string }>(join(out, name, 'status.json')).state, 'finished');
    assert.deepEqual(lines(join(out, name, 'invocations.txt')), ['start']);
    assert.match(readFileSync(join(out, name, 'log.txt'), 'utf8'), /fake training .*\n[\s\S]*finished/);
  }
  const again = hrlSync(['sweep', file, '--out', out], fakeEnv({ FAKE_STEP_MS: '0' }));
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /0 finished now, 4 already finished/);
  const dry = hrlSync(['sweep', file, '--out', out, '--dry-run'], fakeEnv());
  assert.match(dry.out, /skip +tanh__hr-last__seed1/);
});

test('local sweep: a failed run is reported, the others finish, exit non-zero', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-sweep-fail-'));
  const file = writeSweep(join(dir, 's.json'), { base, axes: { activation: ['tanh', 'relu'], seed: [1, 2] } });
  const out = join(dir, 'out');
  const r = hrlSync(['sweep', file, '--out', out, '--jobs', '2'], fakeEnv({ FAKE_STEP_MS: '0', FAKE_FAIL: 'relu__seed2' }));
  assert.equal(r.code, 1);
  assert.match(r.err, /run relu__seed2 failed \(exit 1\): failed at step 0: fake failure; see /);
  assert.match(r.err, /3 finished now, 0 already finished, 1 failed \(of 4\); failed runs:\n {2}relu__seed2 \(exit 1\): failed at step 0: fake failure; see .*relu__seed2\/log\.txt/);
  assert.equal(readJson<{ state: string }>(join(out, 'tanh__seed2', 'status.json')).state, 'finished');
});

test('local sweep: SIGTERM checkpoints the running runs; the re-run resumes them from their checkpoints', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-sweep-resume-'));
  const file = writeSweep(join(dir, 's.json'), { base: { ...base, steps: 400 }, axes: { activation: ['tanh'], seed: [1, 2, 3] } });
  const out = join(dir, 'out');
  const env = fakeEnv({ FAKE_STEP_MS: '5' });
  const { child, done } = hrlAsync(['sweep', file, '--out', out, '--jobs', '2'], env);
  await waitFor(() => existsSync(join(out, 'tanh__seed1', 'checkpoints', 'latest.safetensors.json')), 20_000, 'a checkpoint');
  child.kill('SIGTERM');
  const r = await done;
  assert.equal(r.code, 130, r.err);
  assert.match(r.out, /sweep stopped: 0 finished now/);
  const st = readJson<{ state: string; step: number }>(join(out, 'tanh__seed1', 'status.json'));
  assert.equal(st.state, 'interrupted');
  assert.ok(st.step > 0 && st.step < 400);
  assert.equal(existsSync(join(out, 'tanh__seed3', 'config.json')), false); // never started
  const again = hrlSync(['sweep', file, '--out', out, '--jobs', '2'], fakeEnv({ FAKE_STEP_MS: '0' }));
  assert.equal(again.code, 0, again.err);
  assert.deepEqual(lines(join(out, 'tanh__seed1', 'invocations.txt')), ['start', `resume@${st.step}`]);
  assert.deepEqual(lines(join(out, 'tanh__seed3', 'invocations.txt')), ['start']);
  // the resumed log has no duplicate steps
  const steps = lines(join(out, 'tanh__seed1', 'metrics.jsonl')).map((l) => JSON.parse(l) as { step: number; kind: string }).filter((x) => x.kind === 'episode').map((x) => x.step);
  assert.equal(new Set(steps).size, steps.length);
  assert.equal(steps.length, 80);
});
