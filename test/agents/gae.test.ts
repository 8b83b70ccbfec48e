import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gae, type GaeRollout } from '../../src/agents/gae.js';

const close = (actual: ArrayLike<number>, expected: readonly number[], msg: string): void => {
  assert.equal(actual.length, expected.length, msg);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i]! - e) < 1e-6, `${msg}[${i}]: ${actual[i]} ≠ ${e}`));
};

/** One env, T steps; zeros unless given. */
function rollout(p: Partial<GaeRollout> & { rewards: number[]; values: number[] }): GaeRollout {
  const n = p.rewards.length;
  return {
    numSteps: n, numEnvs: 1, terminated: new Array<number>(n).fill(0), truncated: new Array<number>(n).fill(0),
    finalValues: new Array<number>(n).fill(0), lastValues: [0], ...p,
  };
}

// Hand computations below use γ = 0.5, λ = 0.5 (γλ = 0.25) unless stated.

test('GAE without episode ends bootstraps the last step from the next value', () => {
  // δ2 = 3 + 0.5·2 − 1 = 3,  δ1 = 2 + 0.5·1 − 1 = 1.5,  δ0 = 1 + 0.5·1 − 1 = 0.5
  // A2 = 3,  A1 = 1.5 + 0.25·3 = 2.25,  A0 = 0.5 + 0.25·2.25 = 1.0625;  R = A + V
  const { advantages, returns } = gae(rollout({ rewards: [1, 2, 3], values: [1, 1, 1], lastValues: [2] }), 0.5, 0.5);
  close(advantages, [1.0625, 2.25, 3], 'advantages');
  close(returns, [2.0625, 3.25, 4], 'returns');
});

test('GAE: a terminated episode does not bootstrap and does not chain into the next episode', () => {
  // step 1 terminates: δ1 = 2 + 0 − 1 = 1 and A1 = δ1 (A2 of the next episode is not added)
  // A2 = 3 (as before),  A0 = 0.5 + 0.25·1 = 0.75
  const { advantages, returns } = gae(rollout({ rewards: [1, 2, 3], values: [1, 1, 1], terminated: [0, 1, 0], finalValues: [0, 99, 0], lastValues: [2] }), 0.5, 0.5);
  close(advantages, [0.75, 1, 3], 'advantages');
  close(returns, [1.75, 2, 4], 'returns');
});

test('GAE: a truncated episode bootstraps from its final observation value, without chaining', () => {
  // step 1 truncated with V(final obs) = 4: δ1 = 2 + 0.5·4 − 1 = 3, A1 = 3;  A0 = 0.5 + 0.25·3 = 1.25;  A2 = 3
  const { advantages } = gae(rollout({ rewards: [1, 2, 3], values: [1, 1, 1], truncated: [0, 1, 0], finalValues: [0, 4, 0], lastValues: [2] }), 0.5, 0.5);
  close(advantages, [1.25, 3, 3], 'advantages');
});

test('GAE: truncation at the rollout end uses the final observation value, not the next episode start', () => {
  // γ = 0.5, λ = 1: A1 = 1 + 0.5·5 − 0 = 3.5 (lastValues = 100 belongs to the next episode);  A0 = 0 + 0.5·3.5 = 1.75
  const { advantages } = gae(rollout({ rewards: [0, 1], values: [0, 0], truncated: [0, 1], finalValues: [0, 5], lastValues: [100] }), 0.5, 1);
  close(advantages, [1.75, 3.5], 'advantages');
});

test('GAE with two envs uses the time-major layout (row t·N + i)', () => {
  // env 0: the first test's numbers.  env 1: rewards [0, 0, 1], V = 0.5, terminated at t = 2 (lastValues ignored):
  // δ2 = 1 − 0.5 = 0.5, A2 = 0.5;  δ1 = 0.5·0.5 − 0.5 = −0.25, A1 = −0.25 + 0.25·0.5 = −0.125;
  // δ0 = −0.25, A0 = −0.25 + 0.25·(−0.125) = −0.28125
  const r: GaeRollout = {
    numSteps: 3, numEnvs: 2,
    rewards: [1, 0, 2, 0, 3, 1], values: [1, 0.5, 1, 0.5, 1, 0.5],
    terminated: [0, 0, 0, 0, 0, 1], truncated: [0, 0, 0, 0, 0, 0], finalValues: [0, 0, 0, 0, 0, 0], lastValues: [2, 10],
  };
  const { advantages } = gae(r, 0.5, 0.5);
  close(advantages, [1.0625, -0.28125, 2.25, -0.125, 3, 0.5], 'advantages');
});

test('GAE limits: λ = 0 is the one-step TD error, λ = 1 the Monte-Carlo return minus V', () => {
  const base = rollout({ rewards: [1, 2, 3], values: [1, 1, 1], lastValues: [2] });
  close(gae(base, 0.5, 0).advantages, [0.5, 1.5, 3], 'λ = 0');
  // γ = 0.5, λ = 1: R0 = 1 + 0.5·2 + 0.25·3 + 0.125·2 = 3, R1 = 2 + 0.5·3 + 0.25·2 = 4, R2 = 3 + 0.5·2 = 4
  close(gae(base, 0.5, 1).returns, [3, 4, 4], 'λ = 1');
});
