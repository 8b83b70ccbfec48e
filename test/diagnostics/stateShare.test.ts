import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deadFraction,
  deadStateShare,
  fractionWithShareAtLeast,
  layerReport,
  saturatedFraction,
  saturatedStateShare,
  summarizeReport,
} from '../../src/diagnostics/index.js';
import { build } from '../helpers/matrix.js';


/**
 * 200 states × 5 tanh neurons, saturated on a known number of states: column 0 on all 200 (half at +1, half at −1),
 * column 1 on 199 (99.5 %), column 2 on 198 (exactly 99 %), column 3 on 180 (exactly 90 %), column 4 on 179.
 */
const SATURATED_ON = [200, 199, 198, 180, 179];
const tanhLayer = build(200, 5, (j, i) => (i < SATURATED_ON[j]! ? (i % 2 === 0 ? 0.995 : -0.999) : 0.5 - i / 1000));

test('saturatedStateShare: the share of probe states outside (−0.99, 0.99), per neuron', () => {
  const shares = saturatedStateShare(tanhLayer, { low: -0.99, high: 0.99 });
  assert.deepEqual(Array.from(shares), SATURATED_ON.map((k) => k / 200));
  // The strict test is share 1: only column 0 passes it.
  assert.equal(saturatedFraction(tanhLayer, { activation: 'tanh' }), 1 / 5);
  assert.equal(fractionWithShareAtLeast(shares, 1), 1 / 5);
  // Exactly 99 % and 90 % count (198/200 and 180/200 are not exact in binary): boundaries are inclusive.
  assert.equal(fractionWithShareAtLeast(shares, 0.99), 3 / 5);
  assert.equal(fractionWithShareAtLeast(shares, 0.9), 4 / 5);
  assert.equal(fractionWithShareAtLeast(shares, 0.5), 1);
});

test('deadStateShare: the share of states with a ≤ threshold; NaN is at no limit', () => {
  // column 0: 0 on 95 of 100 states; column 1: always 0 except one NaN; column 2: positive everywhere
  const m = build(100, 3, (j, i) => (j === 0 ? (i < 95 ? 0 : 1) : j === 1 ? (i === 3 ? NaN : 0) : 0.1));
  assert.deepEqual(Array.from(deadStateShare(m, 0)), [0.95, 0.99, 0]);
  assert.equal(deadFraction(m), 0); // the strict test: neither column 0 nor 1 is at 0 on every state
  assert.deepEqual(Array.from(deadStateShare(m, 0.25)), [0.95, 0.99, 1]);
});

test('state shares: bad input gets a clear error; no probe states or no neurons give 0', () => {
  assert.throws(() => fractionWithShareAtLeast([1], 0), /minShare must be in \(0, 1\]/);
  assert.throws(() => fractionWithShareAtLeast([1], 1.5), /minShare must be in \(0, 1\]/);
  assert.throws(() => saturatedStateShare(tanhLayer, { low: 0.9, high: -0.9 }), /need low ≤ high/);
  assert.equal(fractionWithShareAtLeast([], 0.9), 0);
  assert.deepEqual(Array.from(saturatedStateShare(build(0, 2, () => 0), { low: -0.99, high: 0.99 })), [0, 0]);
});

test('layer report and its logged summary: saturated99/90 and the saturated share of activations for tanh, dead* for ReLU, null where they do not apply', () => {
  const tanh = summarizeReport(layerReport(tanhLayer, { activation: 'tanh' }));
  assert.equal(tanh.saturated, 1 / 5);
  assert.equal(tanh.saturated99, 3 / 5);
  assert.equal(tanh.saturated90, 4 / 5);
  assert.ok(Math.abs(tanh.saturatedActivations! - (200 + 199 + 198 + 180 + 179) / 1000) < 1e-12);
  assert.equal(tanh.dead99, null);
  assert.equal(tanh.deadActivations, null);
  assert.equal(tanh.dead90, null);
  // ReLU: column j is 0 on the first 200 − 10·j states; 200, 190, 180, … of 200
  const relu = summarizeReport(layerReport(build(200, 4, (j, i) => (i < 200 - 10 * j ? 0 : 1)), { activation: 'relu' }));
  assert.equal(relu.dead, 1 / 4);
  assert.equal(relu.dead99, 1 / 4);
  assert.equal(relu.dead90, 3 / 4);
  assert.ok(Math.abs(relu.deadActivations! - (200 + 190 + 180 + 170) / 800) < 1e-12);
  assert.equal(relu.saturated99, null);
  assert.deepEqual(JSON.parse(JSON.stringify(relu)).saturated90, null);
});
