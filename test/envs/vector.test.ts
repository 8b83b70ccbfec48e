import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncVectorEnv, SyncVectorEnv, make } from '../../src/envs/index.js';
import { Rng } from '../../src/util/rng.js';

test('SyncVectorEnv: one batched buffer, env i at offset i·obsSize, equal to single envs with seed + i', () => {
  const n = 5;
  const vec = SyncVectorEnv.make('minatar/breakout', n);
  assert.equal(vec.obsSize, 400);
  const { obs } = vec.reset({ seed: 10 });
  assert.ok(obs instanceof Uint8Array && obs.length === n * 400);
  const singles = Array.from({ length: n }, (_, i) => make('minatar/breakout'));
  singles.forEach((e, i) => assert.deepEqual(obs.subarray(i * 400, (i + 1) * 400), e.reset({ seed: 10 + i }).obs));
  const rng = new Rng(3);
  const actions = new Int32Array(n);
  for (let t = 0; t < 200; t++) {
    for (let i = 0; i < n; i++) actions[i] = rng.int(3);
    const r = vec.step(actions);
    for (let i = 0; i < n; i++) {
      const s = singles[i]!.step(actions[i]!);
      assert.equal(r.rewards[i], s.reward);
      assert.equal(r.terminations[i], s.terminated ? 1 : 0);
      if (s.terminated || s.truncated) {
        // Same-step autoreset: the terminal observation is in finalObs, obs already holds the next episode's start.
        assert.equal(r.info.episodeEnded[i], 1);
        assert.deepEqual(r.info.finalObs.subarray(i * 400, (i + 1) * 400), s.obs);
        const next = singles[i]!.reset().obs;
        assert.deepEqual(r.obs.subarray(i * 400, (i + 1) * 400), next);
      } else {
        assert.equal(r.info.episodeEnded[i], 0);
        assert.deepEqual(r.obs.subarray(i * 400, (i + 1) * 400), s.obs);
      }
    }
  }
});

test('SyncVectorEnv: per-episode return and length in info, finalInfo, float32 buffers for CartPole', () => {
  const vec = SyncVectorEnv.make('classic/cartpole', 3);
  const { obs } = vec.reset({ seed: 1 });
  assert.ok(obs instanceof Float32Array && obs.length === 12);
  const running = [0, 0, 0];
  let ended = 0;
  for (let t = 0; t < 300; t++) {
    const r = vec.step([t % 2, 1, 0]);
    for (let i = 0; i < 3; i++) {
      running[i]! += r.rewards[i]!;
      if (r.info.episodeEnded[i]) {
        ended++;
        assert.equal(r.info.episodeReturn[i], running[i]);
        assert.equal(r.info.episodeLength[i], running[i]); // reward 1 per step
        assert.ok(r.info.finalInfo[i] !== null);
        running[i] = 0;
      } else {
        assert.equal(r.info.finalInfo[i], null);
      }
    }
  }
  assert.ok(ended > 10);
  assert.throws(() => vec.step([0, 1]), /expected 3 actions/);
});

test('SyncVectorEnv: the first unseeded reset gives distinct streams; the terminal observation is never lost', () => {
  const vec = SyncVectorEnv.make('minatar/breakout', 4, { stickyActionProb: 0 });
  const { obs } = vec.reset();
  const copies = [0, 1, 2, 3].map((i) => Array.from(obs.subarray(i * 400, (i + 1) * 400)).join(''));
  assert.ok(new Set(copies).size > 1);
  // Always "no-op": every episode ends with the ball on the bottom row, which must show in finalObs (ball channel row 9).
  let checked = 0;
  for (let t = 0; t < 100; t++) {
    const r = vec.step([0, 0, 0, 0]);
    for (let i = 0; i < 4; i++) {
      if (!r.info.episodeEnded[i]) continue;
      const fin = r.info.finalObs.subarray(i * 400, (i + 1) * 400);
      let ballRow = -1;
      for (let c = 0; c < 100; c++) if (fin[100 + c]) ballRow = Math.floor(c / 10);
      assert.equal(ballRow, 9);
      const start = r.obs.subarray(i * 400, (i + 1) * 400);
      let startRow = -1;
      for (let c = 0; c < 100; c++) if (start[100 + c]) startRow = Math.floor(c / 10);
      assert.equal(startRow, 3);
      checked++;
    }
  }
  assert.ok(checked > 10);
});

test('AsyncVectorEnv (2 workers, shared memory) gives exactly the SyncVectorEnv results for the same seed', async () => {
  const n = 6;
  const avec = await AsyncVectorEnv.create('minatar/space_invaders', n, { numWorkers: 2 });
  try {
    const svec = SyncVectorEnv.make('minatar/space_invaders', n);
    const a0 = avec.reset({ seed: 21 }), s0 = svec.reset({ seed: 21 });
    assert.deepEqual(a0.obs, s0.obs);
    const rng = new Rng(4);
    const actions = new Int32Array(n);
    let ends = 0;
    for (let t = 0; t < 300; t++) {
      for (let i = 0; i < n; i++) actions[i] = rng.int(4);
      avec.stepAsync(actions);
      const s = svec.step(actions);
      const a = avec.stepWait();
      assert.deepEqual(a.obs, s.obs);
      assert.deepEqual(a.rewards, s.rewards);
      assert.deepEqual(a.terminations, s.terminations);
      assert.deepEqual(a.info.episodeEnded, s.info.episodeEnded);
      for (let i = 0; i < n; i++) {
        if (!s.info.episodeEnded[i]) continue;
        ends++;
        assert.equal(a.info.episodeReturn[i], s.info.episodeReturn[i]);
        assert.equal(a.info.episodeLength[i], s.info.episodeLength[i]);
        assert.deepEqual(a.info.finalObs.subarray(i * 600, (i + 1) * 600), s.info.finalObs.subarray(i * 600, (i + 1) * 600));
      }
    }
    assert.ok(ends > 5);
    assert.throws(() => avec.step([9, 0, 0, 0, 0, 0]), /action 0 must be an integer/);
  } finally {
    await avec.close();
  }
});

test('AsyncVectorEnv: bad ids fail fast on the calling thread; errors in workers surface as exceptions', async () => {
  await assert.rejects(AsyncVectorEnv.create('minatar/nope', 2), /Unknown environment id/);
  const avec = await AsyncVectorEnv.create('classic/cartpole', 2, { numWorkers: 2 });
  try {
    avec.reset({ seed: 0 });
    const r = avec.step([1, 0]);
    assert.ok(r.obs instanceof Float32Array && r.obs.length === 8);
    assert.throws(() => avec.stepWait(), /without stepAsync/);
  } finally {
    await avec.close();
  }
  assert.throws(() => avec.reset(), /closed/);
});
