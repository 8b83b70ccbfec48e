import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CartPole, make } from '../../src/envs/index.js';

// Expected states from the CartPole equations of motion as documented for Gymnasium's CartPole-v1
// (Barto, Sutton & Anderson 1983; explicit Euler, tau = 0.02), evaluated in float64.
const KNOWN: [number, number[]][] = [
  [1, [0.009600000000000001, 0.17467919574755525, 0.030799999999999998, -0.24306871796000815]],
  [0, [0.013093583914951107, -0.020868848948191993, 0.025938625640799833, 0.05916799993941654]],
  [0, [0.012676206935987267, -0.21635292104612766, 0.027121985639588165, 0.3599205713784138]],
  [1, [0.008349148515064714, -0.021626799199488206, 0.03432039706715644, 0.0759116989474441]],
  [1, [0.00791661253107495, 0.17298676004769037, 0.035838631046105324, -0.20574851582677406]],
];

test('CartPole: a fixed action sequence from a fixed state gives the known next states', () => {
  const env = new CartPole();
  env.reset({ seed: 0 });
  env.setPhysicalState(0.01, -0.02, 0.03, 0.04);
  for (const [a, expected] of KNOWN) {
    const r = env.step(a);
    assert.equal(r.reward, 1);
    assert.equal(r.terminated, false);
    for (let i = 0; i < 4; i++) {
      assert.ok(Math.abs(env.state[i]! - expected[i]!) < 1e-12, `state[${i}] ${env.state[i]} vs ${expected[i]}`);
      assert.equal(r.obs[i], Math.fround(expected[i]!));
    }
  }
});

test('CartPole: from rest, the first push right gives ẋ = 0.195122, θ̇ = −0.292683', () => {
  const env = new CartPole();
  env.reset();
  env.setPhysicalState(0, 0, 0, 0);
  env.step(1);
  // By hand: temp = 10/1.1, θ̈ = −temp / (0.5 (4/3 − 0.1/1.1)) = −14.634146…, ẍ = temp − 0.05 θ̈ / 1.1 = 9.756097…
  assert.ok(Math.abs(env.state[0]!) < 1e-15 && Math.abs(env.state[2]!) < 1e-15);
  assert.ok(Math.abs(env.state[1]! - 0.19512195121951) < 1e-10);
  assert.ok(Math.abs(env.state[3]! + 0.29268292682926) < 1e-10);
});

test('CartPole: always pushing right from rest falls over on step 9 (terminated, reward 1 on that step)', () => {
  const env = new CartPole();
  env.reset();
  env.setPhysicalState(0, 0, 0, 0);
  let n = 0, last;
  do { last = env.step(1); n++; } while (!last.terminated);
  assert.equal(n, 9);
  assert.equal(last.reward, 1);
  assert.ok(env.state[2]! < -CartPoleThreshold());
  assert.throws(() => env.step(0), /after the episode ended/);
});

function CartPoleThreshold(): number {
  return (12 * 2 * Math.PI) / 360;
}

test('CartPole-v1: a balancing controller is truncated at exactly 500 steps', () => {
  const env = make('classic/cartpole');
  let { obs } = env.reset({ seed: 42 });
  let steps = 0, total = 0;
  for (;;) {
    const a = obs[2]! + 0.5 * obs[3]! + 0.01 * obs[0]! + 0.1 * obs[1]! > 0 ? 1 : 0;
    const r = env.step(a);
    obs = r.obs;
    steps++;
    total += r.reward;
    if (r.terminated || r.truncated) {
      assert.equal(r.truncated, true);
      assert.equal(r.terminated, false);
      break;
    }
  }
  assert.equal(steps, 500);
  assert.equal(total, 500);
});

test('CartPole: reset draws the state uniformly in [−0.05, 0.05); seeds reproduce; observation space bounds', () => {
  const a = make('classic/cartpole'), b = make('classic/cartpole');
  const oa = a.reset({ seed: 5 }).obs, ob = b.reset({ seed: 5 }).obs;
  assert.deepEqual(oa, ob);
  for (const v of oa) assert.ok(v >= -0.05 && v < 0.05);
  assert.notDeepEqual(a.reset({ seed: 6 }).obs, oa);
  assert.ok(Math.abs(a.observationSpace.high[0]! - 4.8) < 1e-12);
  assert.ok(Math.abs(a.observationSpace.high[2]! - 2 * CartPoleThreshold()) < 1e-12);
});

test('CartPole: getState/setState resumes exactly', () => {
  const env = new CartPole();
  env.reset({ seed: 1 });
  env.step(1);
  const st = env.getState();
  const x = [env.step(0).obs, env.step(1).obs];
  env.setState(st);
  assert.deepEqual([env.step(0).obs, env.step(1).obs], x);
  const frame = env.render();
  assert.equal(frame.data.length, 600 * 400 * 3);
});
