import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Box, Discrete, listEnvs, make, TimeLimit, CartPole, Breakout } from '../../src/envs/index.js';
import { Rng } from '../../src/util/rng.js';

test('Box and Discrete: shapes, dtypes, sampling, membership', () => {
  const b = new Box([2, 3], 'uint8', 0, 1);
  assert.equal(b.size, 6);
  assert.deepEqual(b.shape, [2, 3]);
  const rng = new Rng(1);
  for (let i = 0; i < 20; i++) assert.ok(b.contains(b.sample(rng)));
  assert.ok(b.zeros() instanceof Uint8Array);
  assert.ok(!b.contains([0, 0, 0, 0, 0, 2]));
  const f = new Box([2], 'float32', [-1, -Infinity], [1, Infinity]);
  assert.ok(f.zeros() instanceof Float32Array);
  assert.ok(f.contains(f.sample(rng)));
  assert.throws(() => new Box([0], 'uint8', 0, 1), /positive integers/);
  const d = new Discrete(3);
  assert.ok(d.contains(2) && !d.contains(3) && !d.contains(1.5));
  assert.ok(d.contains(d.sample(rng)));
  assert.equal(d.toString(), 'Discrete(3)');
});

test('registry lists the built-in envs and makes them', () => {
  const ids = listEnvs();
  for (const id of ['classic/cartpole', 'minatar/asterix', 'minatar/breakout', 'minatar/freeway', 'minatar/seaquest', 'minatar/space_invaders']) {
    assert.ok(ids.includes(id), id);
  }
  const cp = make('classic/cartpole');
  assert.ok(cp instanceof TimeLimit && cp.maxEpisodeSteps === 500);
  assert.ok(cp.unwrapped instanceof CartPole);
  const br = make('minatar/breakout', { stickyActionProb: 0 });
  assert.ok(br instanceof Breakout);
  assert.equal(br.actionSpace.n, 3);
  assert.deepEqual(br.observationSpace.shape, [4, 10, 10]);
  assert.equal(make('minatar/breakout', { minimalActionSet: false }).actionSpace.n, 6);
  assert.ok(make('minatar/seaquest', { maxEpisodeSteps: 7 }) instanceof TimeLimit);
});

test('unknown ids and bad options give errors that list what exists', () => {
  assert.throws(() => make('minatar/pong'), (e: Error) => /Unknown environment id "minatar\/pong"/.test(e.message) && e.message.includes('minatar/breakout') && e.message.includes('classic/cartpole'));
  assert.throws(() => make('minatar/breakout', { sticky: 0.2 }), (e: Error) => /unknown option "sticky"/.test(e.message) && e.message.includes('stickyActionProb') && e.message.includes('difficultyRamping'));
  assert.throws(() => make('minatar/breakout', { stickyActionProb: 2 }), /must be ≤ 1/);
  assert.throws(() => make('minatar/breakout', { difficultyRamping: 1 }), /must be a boolean/);
  assert.throws(() => make('classic/cartpole', { maxEpisodeSteps: 1.5 }), /must be an integer/);
});

test('Gymnasium-style reset/step return fresh observations; fast path writes into a caller buffer', () => {
  const env = make('minatar/breakout', { stickyActionProb: 0 });
  const r = env.reset({ seed: 3 });
  assert.ok(r.obs instanceof Uint8Array && r.obs.length === 400);
  const s = env.step(0);
  assert.notEqual(s.obs, r.obs);
  const buf = new Uint8Array(1000);
  env.writeObs(buf, 500);
  assert.deepEqual(buf.subarray(500, 900), s.obs);
  assert.throws(() => env.step(3), /action must be an integer in \[0, 2\]/);
});
