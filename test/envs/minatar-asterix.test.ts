import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Asterix } from '../../src/envs/index.js';
import { cell, channelSum, editGame } from './minatar-helpers.js';

const PLAYER = 0, ENEMY = 1, TRAIL = 2, GOLD = 3;
const NOOP = 0, LEFT = 1, UP = 2, RIGHT = 3, DOWN = 4;

function fresh(seed = 1): Asterix {
  const env = new Asterix({ stickyActionProb: 0 });
  env.reset({ seed });
  return env;
}

/** Put one entity in the row of slot `slot` (row slot + 1). */
function place(env: Asterix, slot: number, x: number, right: boolean, gold: boolean, extra: Record<string, number> = {}): void {
  editGame(env, (s) => {
    const active = new Array(8).fill(0), ex = new Array(8).fill(0), mr = new Array(8).fill(0), g = new Array(8).fill(0);
    active[slot] = 1; ex[slot] = x; mr[slot] = right ? 1 : 0; g[slot] = gold ? 1 : 0;
    s['active'] = active; s['ex'] = ex; s['movesRight'] = mr; s['gold'] = g;
    Object.assign(s, { spawnTimer: 1000 }, extra);
  });
}

test('Asterix: the player starts at (5, 5), moves in four directions within rows 1–8', () => {
  const env = fresh();
  assert.equal(cell(env.observation(), PLAYER, 5, 5), 1);
  assert.deepEqual(env.actionMeanings(), ['NOOP', 'LEFT', 'UP', 'RIGHT', 'DOWN']);
  place(env, 0, 0, true, true, { moveTimer: 1000 });
  for (let i = 0; i < 6; i++) env.step(UP);
  assert.equal(cell(env.observation(), PLAYER, 1, 5), 1);
  for (let i = 0; i < 9; i++) env.step(DOWN);
  assert.equal(cell(env.observation(), PLAYER, 8, 5), 1);
  env.step(LEFT); env.step(RIGHT); env.step(RIGHT);
  assert.equal(cell(env.observation(), PLAYER, 8, 6), 1);
});

test('Asterix: the first entity spawns on step 11 at an edge and moves at once (move timer due), trail behind it', () => {
  const env = fresh(3);
  for (let i = 0; i < 10; i++) env.step(NOOP);
  let obs = env.observation();
  assert.equal(channelSum(obs, ENEMY) + channelSum(obs, GOLD), 0);
  env.step(NOOP);
  obs = env.observation();
  assert.equal(channelSum(obs, ENEMY) + channelSum(obs, GOLD), 1);
  let found = false;
  for (let y = 1; y <= 8; y++) {
    for (const [x, edge] of [[1, 0], [8, 9]] as const) {
      if (cell(obs, ENEMY, y, x) || cell(obs, GOLD, y, x)) found = cell(obs, TRAIL, y, edge) === 1;
    }
  }
  assert.ok(found);
  assert.equal(channelSum(obs, TRAIL), 1);
});

test('Asterix: gold moving onto the player scores 1 and disappears', () => {
  const env = fresh();
  place(env, 4, 6, false, true, { moveTimer: 0 });   // row 5, moving left into the player at column 5
  const r = env.step(NOOP);
  assert.equal(r.reward, 1);
  assert.equal(r.terminated, false);
  assert.equal(channelSum(r.obs, GOLD), 0);
});

test('Asterix: walking into gold scores too; touching an enemy ends the episode', () => {
  let env = fresh();
  place(env, 4, 4, true, true, { moveTimer: 1000 });
  assert.equal(env.step(LEFT).reward, 1);
  env = fresh();
  place(env, 4, 6, false, false, { moveTimer: 0 });
  const r = env.step(NOOP);
  assert.equal(r.terminated, true);
  assert.equal(r.reward, 0);
});

test('Asterix: entities move every moveSpeed steps and vanish off screen', () => {
  const env = fresh();
  place(env, 0, 8, true, false, { moveTimer: 0 });
  let r = env.step(NOOP);
  assert.equal(cell(r.obs, ENEMY, 1, 9), 1);
  assert.equal(cell(r.obs, TRAIL, 1, 8), 1);
  for (let i = 0; i < 5; i++) r = env.step(NOOP);   // move interval 5: next move on the 6th step
  assert.equal(channelSum(r.obs, ENEMY), 0);
});

test('Asterix: difficulty ramps every 100 steps (spawn faster; every second ramp, move faster too)', () => {
  const env = fresh();
  place(env, 0, 0, true, true, { moveTimer: 1000, rampTimer: 0 });
  env.step(NOOP);
  assert.equal(env.difficulty(), 0);
  env.step(NOOP);
  assert.equal(env.difficulty(), 1);
  let st = env.getState()['state'] as Record<string, number>;
  assert.equal(st['spawnSpeed'], 9);
  assert.equal(st['moveSpeed'], 5);
  editGame(env, (s) => { s['rampTimer'] = -1; });
  env.step(NOOP);
  st = env.getState()['state'] as Record<string, number>;
  assert.equal(env.difficulty(), 2);
  assert.equal(st['spawnSpeed'], 8);
  assert.equal(st['moveSpeed'], 4);
  const flat = new Asterix({ stickyActionProb: 0, difficultyRamping: false });
  flat.reset({ seed: 1 });
  place(flat, 0, 0, true, true, { moveTimer: 1000, rampTimer: -1 });
  flat.step(NOOP);
  assert.equal(flat.difficulty(), 0);
});
