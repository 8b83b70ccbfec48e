import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Breakout } from '../../src/envs/index.js';
import { cell, channelSum, editGame } from './minatar-helpers.js';

const PADDLE = 0, BALL = 1, TRAIL = 2, BRICK = 3;
const NOOP = 0, LEFT = 1, RIGHT = 2;

test('Breakout: start state (paddle, ball at a side wall on row 3, three rows of bricks), channel-first layout', () => {
  const sides = new Set<number>();
  for (let seed = 0; seed < 20; seed++) {
    const env = new Breakout({ stickyActionProb: 0 });
    const { obs } = env.reset({ seed });
    assert.equal(obs.length, 400);
    assert.equal(cell(obs, PADDLE, 9, 4), 1);
    assert.equal(channelSum(obs, PADDLE), 1);
    assert.equal(channelSum(obs, BRICK), 30);
    for (let x = 0; x < 10; x++) for (const y of [1, 2, 3]) assert.equal(cell(obs, BRICK, y, x), 1);
    assert.equal(channelSum(obs, BALL), 1);
    const x = cell(obs, BALL, 3, 0) ? 0 : 9;
    assert.equal(cell(obs, BALL, 3, x), 1);
    assert.equal(cell(obs, TRAIL, 3, x), 1);
    sides.add(x);
  }
  assert.deepEqual([...sides].sort(), [0, 9]);
  assert.deepEqual(new Breakout().actionMeanings(), ['NOOP', 'LEFT', 'RIGHT']);
});

test('Breakout: the paddle moves left and right and stops at the walls', () => {
  const env = new Breakout({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  editGame(env, (s) => { s['ballX'] = 5; s['ballY'] = 5; s['ballDir'] = 0; });
  env.step(LEFT);
  assert.equal(cell(env.observation(), PADDLE, 9, 3), 1);
  env.step(RIGHT); env.step(RIGHT);
  assert.equal(cell(env.observation(), PADDLE, 9, 5), 1);
});

test('Breakout: a brick is removed and scores 1; the ball bounces back', () => {
  const env = new Breakout({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  editGame(env, (s) => { s['ballX'] = 5; s['ballY'] = 5; s['ballDir'] = 0; s['lastX'] = 6; s['lastY'] = 6; });
  let r = env.step(NOOP);                        // up-left to (row 4, col 4): empty
  assert.equal(r.reward, 0);
  assert.equal(cell(r.obs, BALL, 4, 4), 1);
  assert.equal(cell(r.obs, TRAIL, 5, 5), 1);
  r = env.step(NOOP);                            // would enter (3, 3): a brick
  assert.equal(r.reward, 1);
  assert.equal(cell(r.obs, BRICK, 3, 3), 0);
  assert.equal(channelSum(r.obs, BRICK), 29);
  assert.equal(cell(r.obs, BALL, 4, 3), 1);     // stays on row 4, now heading down-left
  r = env.step(NOOP);
  assert.equal(r.reward, 0);
  assert.equal(cell(r.obs, BALL, 5, 2), 1);
});

test('Breakout: the ball is lost and the episode ends when the paddle misses', () => {
  const env = new Breakout({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  editGame(env, (s) => { s['ballX'] = 2; s['ballY'] = 8; s['ballDir'] = 2; s['paddle'] = 7; });
  const r = env.step(NOOP);
  assert.equal(r.terminated, true);
  assert.equal(r.reward, 0);
  assert.throws(() => env.step(NOOP), /after the episode ended/);
});

test('Breakout: the paddle bounces the ball: straight back when under it, reflected when under its landing cell', () => {
  const env = new Breakout({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  editGame(env, (s) => { s['ballX'] = 2; s['ballY'] = 8; s['ballDir'] = 2; s['paddle'] = 2; });
  let r = env.step(NOOP);                        // paddle under the ball's column: keeps going right, now upward
  assert.equal(r.terminated, false);
  assert.equal(cell(r.obs, BALL, 8, 3), 1);
  r = env.step(NOOP);
  assert.equal(cell(r.obs, BALL, 7, 4), 1);
  editGame(env, (s) => { s['ballX'] = 2; s['ballY'] = 8; s['ballDir'] = 2; s['paddle'] = 3; });
  r = env.step(NOOP);                            // paddle under the landing cell: reflected to up-left
  assert.equal(r.terminated, false);
  assert.equal(cell(r.obs, BALL, 8, 3), 1);
  r = env.step(NOOP);
  assert.equal(cell(r.obs, BALL, 7, 2), 1);
});

test('Breakout: when all bricks are gone, new rows appear as the ball reaches the bottom', () => {
  const env = new Breakout({ stickyActionProb: 0 });
  env.reset({ seed: 1 });
  editGame(env, (s) => { s['bricks'] = new Array(100).fill(0); s['ballX'] = 2; s['ballY'] = 8; s['ballDir'] = 2; s['paddle'] = 2; });
  assert.equal(channelSum(env.observation(), BRICK), 0);
  const r = env.step(NOOP);
  assert.equal(channelSum(r.obs, BRICK), 30);
});

test('Breakout: sticky actions repeat the previous action with the given probability', () => {
  const env = new Breakout({ stickyActionProb: 1 });
  env.reset({ seed: 1 });
  editGame(env, (s) => { s['ballX'] = 5; s['ballY'] = 5; s['ballDir'] = 0; });
  env.step(LEFT); // a new env's previous action is the no-op, so the paddle stays
  assert.equal(cell(env.observation(), PADDLE, 9, 4), 1);
  let moved = 0;
  for (let i = 0; i < 400; i++) {
    const half = new Breakout({ stickyActionProb: 0.5 }); // new each time: reset() keeps the previous action
    half.reset({ seed: i });
    editGame(half, (s) => { s['ballX'] = 5; s['ballY'] = 5; s['ballDir'] = 0; });
    half.step(RIGHT);
    if (cell(half.observation(), PADDLE, 9, 5)) moved++;
  }
  assert.ok(moved > 150 && moved < 250, `moved ${moved}/400`);
});

test('Breakout: getState/setState resumes the exact trajectory (RNG included)', () => {
  const env = new Breakout();
  env.reset({ seed: 9 });
  env.step(1);
  const st = JSON.parse(JSON.stringify(env.getState()));
  const run = (): number[] => {
    const out: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = env.step(i % 3);
      out.push(r.reward, r.obs.reduce((a, b, j) => a + b * j, 0));
      if (r.terminated) { env.reset(); }
    }
    return out;
  };
  const a = run();
  env.setState(st);
  assert.deepEqual(run(), a);
});
