import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Freeway } from '../../src/envs/index.js';
import { cell, channelSum, editGame } from './minatar-helpers.js';

const CHICKEN = 0, CAR = 1;
const NOOP = 0, UP = 1, DOWN = 2;

/** Cars parked on column 9 that never move during the test. */
function parkCars(env: Freeway, extra: Record<string, number> = {}): void {
  editGame(env, (s) => {
    s['carX'] = new Array(8).fill(9);
    s['carTimer'] = new Array(8).fill(100000);
    s['carVel'] = new Array(8).fill(5);
    Object.assign(s, extra);
  });
}

test('Freeway: start state, seven channels, speed channels mark trails', () => {
  const env = new Freeway({ stickyActionProb: 0 });
  const { obs } = env.reset({ seed: 2 });
  assert.equal(obs.length, 700);
  assert.equal(cell(obs, CHICKEN, 9, 4), 1);
  assert.equal(channelSum(obs, CAR), 8);
  let trails = 0;
  for (let c = 2; c < 7; c++) trails += channelSum(obs, c);
  assert.equal(trails, 8);
  assert.deepEqual(env.actionMeanings(), ['NOOP', 'UP', 'DOWN']);
});

test('Freeway: the chicken moves at most once every 3 steps', () => {
  const env = new Freeway({ stickyActionProb: 0 });
  env.reset({ seed: 2 });
  parkCars(env);
  for (let i = 0; i < 3; i++) env.step(UP);
  assert.equal(cell(env.observation(), CHICKEN, 9, 4), 1);
  env.step(UP);
  assert.equal(cell(env.observation(), CHICKEN, 8, 4), 1);
  env.step(UP); env.step(UP);
  assert.equal(cell(env.observation(), CHICKEN, 8, 4), 1);
  env.step(UP);
  assert.equal(cell(env.observation(), CHICKEN, 7, 4), 1);
  env.step(DOWN); env.step(DOWN); env.step(DOWN); env.step(DOWN);
  assert.equal(cell(env.observation(), CHICKEN, 8, 4), 1);
});

test('Freeway: the chicken crossing scores 1, returns to the bottom and re-draws car speeds', () => {
  const env = new Freeway({ stickyActionProb: 0 });
  env.reset({ seed: 2 });
  parkCars(env, { pos: 1, moveTimer: 0 });
  const r = env.step(UP);
  assert.equal(r.reward, 1);
  assert.equal(cell(r.obs, CHICKEN, 9, 4), 1);
  const vel = (env.getState()['state'] as { carVel: number[] }).carVel;
  assert.ok(vel.some((v) => v !== 5), 'speeds re-drawn');
  assert.ok(vel.every((v) => Math.abs(v) >= 1 && Math.abs(v) <= 5));
});

test('Freeway: a car hitting the chicken sends it back to the bottom without penalty', () => {
  const env = new Freeway({ stickyActionProb: 0 });
  env.reset({ seed: 2 });
  parkCars(env, { pos: 5, moveTimer: 3 });
  editGame(env, (s) => {
    const x = s['carX'] as number[], t = s['carTimer'] as number[];
    x[4] = 3; t[4] = 0;                           // car of row 5 moves right into column 4
  });
  const r = env.step(NOOP);
  assert.equal(r.reward, 0);
  assert.equal(cell(r.obs, CHICKEN, 9, 4), 1);
  assert.equal(cell(r.obs, CAR, 5, 4), 1);
});

test('Freeway: cars wrap around the edges', () => {
  const env = new Freeway({ stickyActionProb: 0 });
  env.reset({ seed: 2 });
  parkCars(env);
  editGame(env, (s) => { (s['carTimer'] as number[])[0] = 0; });
  const r = env.step(NOOP);
  assert.equal(cell(r.obs, CAR, 1, 0), 1);
  assert.equal(cell(r.obs, 2 + 4, 1, 9), 1);      // speed-5 trail behind it, wrapped to column 9
});

test('Freeway: the episode ends after 2500 steps (terminated on step 2501)', () => {
  const env = new Freeway({ stickyActionProb: 0 });
  env.reset({ seed: 2 });
  let n = 0, r;
  do { r = env.step(NOOP); n++; } while (!r.terminated);
  assert.equal(n, 2501);
  assert.equal(r.truncated, false);
});
