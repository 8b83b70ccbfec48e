import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Seaquest, make } from '../../src/envs/index.js';
import { cell, channelSum, editGame } from './minatar-helpers.js';

const SUB_FRONT = 0, SUB_BACK = 1, F_BULLET = 2, E_BULLET = 4, FISH = 5, ENEMY_SUB = 6, OXYGEN = 7, DIVER_GAUGE = 8;
const NOOP = 0, LEFT = 1, UP = 2, RIGHT = 3, DOWN = 4, FIRE = 5;

/** A Seaquest where nothing spawns unless a test places it. */
function quiet(seed = 1, writtenRules = false): Seaquest {
  const env = new Seaquest({ stickyActionProb: 0, writtenRules });
  env.reset({ seed });
  editGame(env, (s) => { s['spawnTimer'] = 1_000_000; s['diverSpawnTimer'] = 1_000_000; });
  return env;
}

test('Seaquest: start state: sub at the surface facing left, full oxygen bar, no divers', () => {
  const env = quiet();
  const obs = env.observation();
  assert.equal(obs.length, 1000);
  assert.equal(cell(obs, SUB_FRONT, 0, 5), 1);
  assert.equal(cell(obs, SUB_BACK, 0, 6), 1);
  assert.equal(channelSum(obs, OXYGEN), 10);
  assert.equal(channelSum(obs, DIVER_GAUGE), 0);
  assert.equal(env.actionSpace.n, 6);
  env.step(RIGHT);
  assert.equal(cell(env.observation(), SUB_BACK, 0, 5), 1);
});

function stepsUntilOxygenRunsOut(env: Seaquest): { n: number; obs: Uint8Array } {
  let r = env.step(DOWN);
  let n = 1;
  while (!r.terminated) { r = env.step(NOOP); n++; }
  return { n, obs: r.obs };
}

test('Seaquest: oxygen running out ends the episode in the step that finds it at 0 (201st after diving)', () => {
  const { n, obs } = stepsUntilOxygenRunsOut(quiet());
  assert.equal(n, 201);
  assert.equal(channelSum(obs, OXYGEN), 0);            // oxygen −1 on the terminal frame: the bar is empty
  // The written rules (and MinAtar ≤ v1.0.10) end it one step later, at oxygen < 0.
  assert.equal(stepsUntilOxygenRunsOut(quiet(1, true)).n, 202);
});

test('Seaquest: surfacing in the step that finds the oxygen at 0 refills it and still ends the episode', () => {
  for (const writtenRules of [false, true]) {
    const env = quiet(1, writtenRules);
    env.step(DOWN);
    editGame(env, (s) => { s['diverCount'] = 2; s['oxygen'] = 0; });
    const r = env.step(UP);
    assert.equal(r.terminated, !writtenRules, `writtenRules ${writtenRules}`);
    assert.equal(channelSum(r.obs, OXYGEN), 10);
    assert.equal(channelSum(r.obs, DIVER_GAUGE), 1);
  }
});

test('Seaquest: the oxygen bar shrinks by one cell every 20 steps below the surface', () => {
  const env = quiet();
  env.step(DOWN);
  for (let i = 0; i < 20; i++) env.step(NOOP);
  assert.equal(channelSum(env.observation(), OXYGEN), 8); // 200 − 21 = 179 → 8 cells
});

test('Seaquest: surfacing with no diver ends the episode', () => {
  const env = quiet();
  env.step(DOWN);
  const r = env.step(UP);
  assert.equal(r.terminated, true);
});

test('Seaquest: surfacing with 1–5 divers uses one, refills oxygen and ramps the difficulty', () => {
  const env = quiet();
  env.step(DOWN);
  for (let i = 0; i < 10; i++) env.step(NOOP);
  editGame(env, (s) => { s['diverCount'] = 2; });
  assert.equal(channelSum(env.observation(), DIVER_GAUGE), 2);
  const r = env.step(UP);
  assert.equal(r.terminated, false);
  assert.equal(r.reward, 0);
  assert.equal(channelSum(r.obs, DIVER_GAUGE), 1);
  assert.equal(channelSum(r.obs, OXYGEN), 10);
  assert.equal(env.difficulty(), 1);
  assert.equal((env.getState()['state'] as Record<string, number>)['spawnSpeed'], 19);
});

function divers(env: Seaquest): number {
  return (env.getState()['state'] as Record<string, number>)['diverCount']!;
}

test('Seaquest: surfacing with 6 divers scores the oxygen bar left and leaves −1 divers (the reference)', () => {
  const env = quiet();
  env.step(DOWN);
  editGame(env, (s) => { s['diverCount'] = 6; s['oxygen'] = 130; });
  let r = env.step(UP);
  assert.equal(r.reward, 6);                      // 129 · 10 // 200
  assert.equal(r.terminated, false);
  assert.equal(channelSum(r.obs, DIVER_GAUGE), 0);
  assert.equal(divers(env), -1);
  // The next surfacing without a diver picked up does not end the episode: it leaves −2.
  env.step(DOWN);
  r = env.step(UP);
  assert.equal(r.terminated, false);
  assert.equal(divers(env), -2);
  assert.equal(channelSum(r.obs, DIVER_GAUGE), 0);
});

test('Seaquest writtenRules: surfacing with 6 divers leaves 0, and the next surfacing without a diver ends the episode', () => {
  const env = quiet(1, true);
  env.step(DOWN);
  editGame(env, (s) => { s['diverCount'] = 6; s['oxygen'] = 130; });
  assert.equal(env.step(UP).reward, 6);
  assert.equal(divers(env), 0);
  env.step(DOWN);
  assert.equal(env.step(UP).terminated, true);
});

test('Seaquest: picking up a diver fills the gauge', () => {
  const env = quiet();
  env.step(DOWN);
  editGame(env, (s) => { s['divers'] = [[4, 1, 0, 5, 0]]; });
  env.step(LEFT);
  assert.equal(channelSum(env.observation(), DIVER_GAUGE), 1);
  assert.equal(cell(env.observation(), DIVER_GAUGE, 9, 8), 1);
});

test('Seaquest: shooting an enemy fish scores 1', () => {
  const env = quiet();
  env.step(DOWN);                                 // sub at (row 1, col 5) facing left
  editGame(env, (s) => { s['fish'] = [[2, 1, 1, 100, 0]]; });
  let total = 0;
  let r = env.step(FIRE);
  total += r.reward;
  assert.equal(cell(r.obs, F_BULLET, 1, 4), 1);
  for (let i = 0; i < 3 && total === 0; i++) { r = env.step(NOOP); total += r.reward; }
  assert.equal(total, 1);
  assert.equal(channelSum(r.obs, FISH), 0);
  assert.equal(channelSum(r.obs, F_BULLET), 0);
});

test('Seaquest: an enemy sub or an enemy bullet touching the player ends the episode', () => {
  let env = quiet();
  env.step(DOWN);
  editGame(env, (s) => { s['subs'] = [[6, 1, 0, 0, 100]]; });
  assert.equal(env.step(NOOP).terminated, true);
  env = quiet();
  env.step(DOWN);
  editGame(env, (s) => { s['eBullets'] = [[7, 1, 0, 0, 0]]; });
  let r = env.step(NOOP);
  assert.equal(cell(r.obs, E_BULLET, 1, 6), 1);
  r = env.step(NOOP);
  assert.equal(r.terminated, true);
});

test('Seaquest: enemy subs fire bullets every 10 steps; enemies spawn into rows 1–8', () => {
  const env = quiet();
  editGame(env, (s) => { s['subs'] = [[0, 4, 1, 100, 0]]; });
  const r = env.step(NOOP);
  assert.equal(cell(r.obs, ENEMY_SUB, 4, 0), 1);
  assert.equal(cell(r.obs, E_BULLET, 4, 1), 1);
  const fresh = new Seaquest({ stickyActionProb: 0 });
  fresh.reset({ seed: 4 });
  for (let i = 0; i < 21; i++) fresh.step(NOOP);
  const o = fresh.observation();
  assert.equal(channelSum(o, FISH) + channelSum(o, ENEMY_SUB), 1);
  assert.equal(o.subarray(FISH * 100, FISH * 100 + 10).reduce((a, b) => a + b, 0), 0);
});

test('Seaquest: the writtenRules option is registered for minatar/seaquest only', () => {
  assert.equal((make('minatar/seaquest') as Seaquest).writtenRules, false);
  assert.equal((make('minatar/seaquest', { writtenRules: true }) as Seaquest).writtenRules, true);
  assert.throws(() => make('minatar/breakout', { writtenRules: true }), /unknown option "writtenRules"/);
});
