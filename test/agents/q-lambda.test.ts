import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qLambdaReturns, type QLambdaRollout } from '../../src/agents/q-lambda.js';

const close = (actual: ArrayLike<number>, expected: number[], what = ''): void => {
  assert.equal(actual.length, expected.length, what);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i]! - e) < 1e-5, `${what}[${i}]: ${actual[i]} vs ${e}`));
};

// One env, three steps, γ = λ = 0.5, rewards 1, 2, 3; max_a Q of the next states 10, 20, 40 (40: after the rollout).
const one = (over: Partial<QLambdaRollout> = {}): QLambdaRollout => ({
  numSteps: 3, numEnvs: 1, rewards: [1, 2, 3], terminated: [0, 0, 0], ended: [0, 0, 0], nextMaxQ: [10, 20, 40], ...over,
});

test('Q(λ) without episode ends: backwards recursion bootstrapped at the rollout end', () => {
  // G2 = 3 + .5·40 = 23;  G1 = 2 + .5(.5·23 + .5·20) = 12.75;  G0 = 1 + .5(.5·12.75 + .5·10) = 6.6875
  close(qLambdaReturns(one(), 0.5, 0.5), [6.6875, 12.75, 23]);
});

test('Q(λ): a terminated episode does not bootstrap, and the next episode does not leak back', () => {
  // ends (terminated) at t = 1; its nextMaxQ (999) must be ignored; G2 belongs to the next episode
  // G2 = 23;  G1 = 2;  G0 = 1 + .5(.5·2 + .5·10) = 4
  close(qLambdaReturns(one({ terminated: [0, 1, 0], ended: [0, 1, 0], nextMaxQ: [10, 999, 40] }), 0.5, 0.5), [4, 2, 23]);
});

test('Q(λ): a truncated episode bootstraps from its final observation only', () => {
  // truncated at t = 1 with max_a Q(s_final) = 8:  G1 = 2 + .5·8 = 6;  G0 = 1 + .5(.5·6 + .5·10) = 5;  G2 = 23
  close(qLambdaReturns(one({ ended: [0, 1, 0], nextMaxQ: [10, 8, 40] }), 0.5, 0.5), [5, 6, 23]);
});

test('Q(λ): termination and truncation at the rollout end', () => {
  // terminated at t = 2: G2 = 3;  G1 = 2 + .5(.5·3 + .5·20) = 7.75;  G0 = 1 + .5(.5·7.75 + .5·10) = 5.4375
  close(qLambdaReturns(one({ terminated: [0, 0, 1], ended: [0, 0, 1], nextMaxQ: [10, 20, 999] }), 0.5, 0.5), [5.4375, 7.75, 3]);
  // truncated at t = 2 with final value 40: the same as running on
  close(qLambdaReturns(one({ ended: [0, 0, 1] }), 0.5, 0.5), [6.6875, 12.75, 23]);
});

test('Q(λ) limits: λ = 0 is one-step Q-learning, λ = 1 is Monte Carlo bootstrapped at the end', () => {
  close(qLambdaReturns(one(), 0.5, 0), [1 + 5, 2 + 10, 3 + 20]);
  // G2 = 23;  G1 = 2 + .5·23 = 13.5;  G0 = 1 + .5·13.5 = 7.75 (intermediate values unused)
  close(qLambdaReturns(one(), 0.5, 1), [7.75, 13.5, 23]);
  // λ = 1 with a termination: the plain discounted sum of the episode's rewards
  close(qLambdaReturns(one({ terminated: [0, 1, 0], ended: [0, 1, 0] }), 0.5, 1), [1 + 0.5 * 2, 2, 23]);
  // γ = 0: just the rewards
  close(qLambdaReturns(one(), 0, 0.65), [1, 2, 3]);
});

test('Q(λ): envs are independent in the time-major [T × N] layout', () => {
  // env 0 runs on, env 1 terminates at t = 1 (the two cases above), interleaved row t·2 + i
  const r: QLambdaRollout = {
    numSteps: 3, numEnvs: 2,
    rewards: [1, 1, 2, 2, 3, 3], terminated: [0, 0, 0, 1, 0, 0], ended: [0, 0, 0, 1, 0, 0], nextMaxQ: [10, 10, 20, 999, 40, 40],
  };
  const out = new Float32Array(6);
  const g = qLambdaReturns(r, 0.5, 0.5, out);
  assert.equal(g, out);
  close(g, [6.6875, 4, 12.75, 2, 23, 23]);
});

test('Q(λ) rejects inconsistent sizes and λ outside [0, 1]', () => {
  assert.throws(() => qLambdaReturns(one({ rewards: [1, 2] }), 0.99, 0.65), /rewards has 2 entries/);
  assert.throws(() => qLambdaReturns(one(), 0.99, 1.5), /lambda/);
  assert.throws(() => qLambdaReturns(one(), 0.99, 0.65, new Float32Array(2)), /out has 2/);
});
