import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hiddenBias, matrixFromRows } from '../../src/diagnostics/index.js';

function near(a: number[], b: number[]): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-12, `${a} vs ${b}`);
}

test('3-neuron example by hand: neuron 1 is saturated at −1', () => {
  // Probe states (rows) x 3 neurons; neuron 1 is stuck at −1.
  const h = matrixFromRows([
    [0.5, -1, 0.2],
    [-0.3, -1, 0.4],
  ]);
  // 2 actions x 3 neurons (out x in).
  const w = matrixFromRows([
    [1, 2, -1],
    [0.5, -3, 2],
  ]);
  const r = hiddenBias(h, w, [0, 1, 0]);
  assert.equal(r.outputs, 2);
  assert.equal(r.dead.count, 1);
  assert.equal(r.live.count, 2);
  // Dead contribution W[a,1]·(−1): action 0 → −2, action 1 → 3, the same in every state.
  near(r.dead.mean, [-2, 3]);
  near(r.dead.meanAbs, [2, 3]);
  near(r.dead.meanAbsTerms, [2, 3]);
  near(r.dead.meanPerNeuron, [-2, 3]);
  // Live, action 0: state 0: 0.5 − 0.2 = 0.3; state 1: −0.3 − 0.4 = −0.7 → mean −0.2, mean|·| 0.5,
  //   terms: (0.5 + 0.2 + 0.3 + 0.4)/2 = 0.7.
  // Live, action 1: state 0: 0.25 + 0.4 = 0.65; state 1: −0.15 + 0.8 = 0.65 → mean 0.65,
  //   terms: (0.25 + 0.4 + 0.15 + 0.8)/2 = 0.8.
  near(r.live.mean, [-0.2, 0.65]);
  near(r.live.meanAbs, [0.5, 0.65]);
  near(r.live.meanAbsTerms, [0.7, 0.8]);
  near(r.live.meanPerNeuron, [-0.1, 0.325]);
});

test('empty dead set and shape errors', () => {
  const h = matrixFromRows([[1, 2]]);
  const w = matrixFromRows([[1, 1]]);
  const r = hiddenBias(h, w, [false, false]);
  near(r.dead.mean, [0]);
  near(r.dead.meanPerNeuron, [0]);
  near(r.live.mean, [3]);
  assert.throws(() => hiddenBias(h, matrixFromRows([[1, 1, 1]]), [0, 0]), /out x in/);
  assert.throws(() => hiddenBias(h, w, [0]), /mask/);
});
