import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpaceInvaders } from '../../src/envs/index.js';
import { cell, channelSum, editGame } from './minatar-helpers.js';

const CANNON = 0, ALIEN = 1, ALIEN_LEFT = 2, ALIEN_RIGHT = 3, F_BULLET = 4, E_BULLET = 5;
const NOOP = 0, LEFT = 1, RIGHT = 2, FIRE = 3;

function grid(cells: [number, number][]): number[] {
  const g = new Array(100).fill(0);
  for (const [y, x] of cells) g[y * 10 + x] = 1;
  return g;
}

test('Space Invaders: start state: cannon at column 5, a 4×6 block of aliens moving left', () => {
  const env = new SpaceInvaders({ stickyActionProb: 0 });
  const { obs } = env.reset({ seed: 1 });
  assert.equal(cell(obs, CANNON, 9, 5), 1);
  assert.equal(channelSum(obs, ALIEN), 24);
  assert.equal(channelSum(obs, ALIEN_LEFT), 24);
  assert.equal(channelSum(obs, ALIEN_RIGHT), 0);
  for (let y = 0; y < 4; y++) for (let x = 2; x < 8; x++) assert.equal(cell(obs, ALIEN, y, x), 1);
  assert.deepEqual(env.actionMeanings(), ['NOOP', 'LEFT', 'RIGHT', 'FIRE']);
});

test('Space Invaders: a shot travels up a row per step and kills an alien for +1', () => {
  const env = new SpaceInvaders({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  let r = env.step(FIRE);
  assert.equal(cell(r.obs, F_BULLET, 8, 5), 1);
  let total = 0, steps = 1;
  while (total === 0 && steps < 10) { r = env.step(NOOP); total += r.reward; steps++; }
  assert.equal(total, 1);
  assert.equal(steps, 6);
  assert.equal(cell(r.obs, ALIEN, 3, 5), 0);
  assert.equal(channelSum(r.obs, ALIEN), 23);
  assert.equal(channelSum(r.obs, F_BULLET), 0);
});

test('Space Invaders: one shot per 5 steps', () => {
  const env = new SpaceInvaders({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  env.step(FIRE);
  const r = env.step(FIRE);
  assert.equal(channelSum(r.obs, F_BULLET), 1);
});

test('Space Invaders: the nearest alien fires every 10 steps; its bullet falls and kills the cannon', () => {
  const env = new SpaceInvaders({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  let r = env.step(RIGHT);
  for (let i = 0; i < 10; i++) r = env.step(NOOP);  // fires on step 11
  assert.equal(cell(r.obs, E_BULLET, 3, 6), 1);   // lowest alien of the cannon's column (6)
  let n = 0;
  while (!r.terminated && n < 20) { r = env.step(NOOP); n++; }
  assert.equal(r.terminated, true);
  assert.equal(n, 6);
});

test('Space Invaders: at the edge the block moves down a row and turns around', () => {
  const env = new SpaceInvaders({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  editGame(env, (s) => { s['aliens'] = grid([[2, 0], [2, 1]]); s['alienMoveTimer'] = 0; s['alienShotTimer'] = 100; });
  let r = env.step(NOOP);
  assert.equal(cell(r.obs, ALIEN, 3, 0), 1);
  assert.equal(cell(r.obs, ALIEN, 3, 1), 1);
  assert.equal(channelSum(r.obs, ALIEN_RIGHT), 2);
  editGame(env, (s) => { s['alienMoveTimer'] = 0; });
  r = env.step(NOOP);
  assert.equal(cell(r.obs, ALIEN, 3, 2), 1);       // moved right
});

test('Space Invaders: fewer aliens move faster: the interval is min(aliens left, current interval)', () => {
  const env = new SpaceInvaders({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  editGame(env, (s) => { s['aliens'] = grid([[2, 4], [2, 5]]); s['alienMoveTimer'] = 0; s['alienShotTimer'] = 100; });
  env.step(NOOP);
  assert.equal((env.getState()['state'] as Record<string, number>)['alienMoveTimer'], 1);
});

test('Space Invaders: clearing a wave brings a new, faster one; an alien reaching the cannon ends the game', () => {
  const env = new SpaceInvaders({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  editGame(env, (s) => { s['aliens'] = grid([[3, 5]]); s['fBullets'] = grid([[4, 5]]); s['alienShotTimer'] = 100; });
  let r = env.step(NOOP);
  assert.equal(r.reward, 1);
  assert.equal(channelSum(r.obs, ALIEN), 24);
  assert.equal(env.difficulty(), 1);
  assert.equal((env.getState()['state'] as Record<string, number>)['moveInterval'], 11);
  editGame(env, (s) => { s['aliens'] = grid([[8, 5], [8, 0]]); s['alienMoveTimer'] = 0; });
  r = env.step(NOOP);
  assert.equal(r.terminated, true);
});
