import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  columnStats,
  constantFraction,
  constantMask,
  deadFraction,
  deadMask,
  dormantFraction,
  dormantMask,
  dormantScores,
  matrixFromRows,
  maskIndices,
  saturatedFraction,
  saturatedMask,
  SATURATED_HIGH,
  SATURATED_LOW,
  SATURATED_MIXED,
} from '../../src/diagnostics/index.js';
import { build } from '../helpers/matrix.js';
import { Rng } from '../../src/util/rng.js';


test('columnStats: mean, population std, mean |a|, min, max; a constant float32 column has std exactly 0', () => {
  const m = build(4, 3, (j, i) => (j === 0 ? [1, -1, 3, -3][i]! : j === 1 ? 0.1 : i));
  const s = columnStats(m);
  assert.deepEqual(Array.from(s.mean), [0, Math.fround(0.1), 1.5]);
  assert.equal(s.std[0], Math.sqrt(5));
  assert.equal(s.std[1], 0);
  assert.ok(Math.abs(s.std[2]! - Math.sqrt(1.25)) < 1e-15);
  assert.deepEqual(Array.from(s.meanAbs), [2, Math.fround(0.1), 1.5]);
  assert.deepEqual(Array.from(s.min), [-3, Math.fround(0.1), 0]);
  assert.deepEqual(Array.from(s.max), [3, Math.fround(0.1), 3]);
  assert.throws(() => columnStats(matrixFromRows([[1, NaN]])), /non-finite/);
});

test('dead ReLU columns: a ≤ 0 for every probe state', () => {
  const rng = new Rng(1);
  // Columns 1 and 4 dead (all zeros / negative pre-activations clipped), column 3 zero except one state.
  const m = build(64, 6, (j, i) => (j === 1 || j === 4 ? 0 : j === 3 ? (i === 17 ? 0.2 : 0) : Math.max(0, rng.normal() + 0.5)));
  assert.deepEqual(maskIndices(deadMask(m)), [1, 4]);
  assert.equal(deadFraction(m), 2 / 6);
  // A higher threshold also catches column 3 (max 0.2).
  assert.deepEqual(maskIndices(deadMask(m, { threshold: 0.25 })), [1, 3, 4]);
});

test('tanh saturation: forced +1 / −1 columns, a flipping column, and a column with one unsaturated state', () => {
  const rng = new Rng(2);
  const m = build(50, 6, (j, i) => {
    switch (j) {
      case 0: return 0.995 + 0.004 * rng.uniform(); // stuck near +1
      case 1: return -1; // stuck at −1
      case 2: return i % 2 === 0 ? 0.999 : -0.999; // every state saturated, both ends
      case 3: return i === 10 ? 0.5 : 1; // one state not saturated
      case 4: return Math.tanh(rng.normal());
      default: return 0.99; // exactly on the threshold counts as saturated
    }
  });
  const mask = saturatedMask(m, { activation: 'tanh' });
  assert.deepEqual(Array.from(mask), [SATURATED_HIGH, SATURATED_LOW, SATURATED_MIXED, 0, 0, SATURATED_HIGH]);
  assert.equal(saturatedFraction(m, { activation: 'tanh' }), 4 / 6);
  // Explicit range overrides the activation default.
  assert.deepEqual(maskIndices(saturatedMask(m, { activation: 'tanh', range: { low: -0.9999, high: 0.9999 } })), [1]);
  assert.throws(() => saturatedMask(m, { activation: 'relu' }), /no default range/);
});

test('sigmoid saturation: a ≤ 0.01 or a ≥ 0.99 for every probe state', () => {
  const m = build(10, 4, (j, i) => [0.001, 0.995, i < 5 ? 0.005 : 0.999, 0.5][j]!);
  assert.deepEqual(Array.from(saturatedMask(m, { activation: 'sigmoid' })), [SATURATED_LOW, SATURATED_HIGH, SATURATED_MIXED, 0]);
  assert.equal(saturatedFraction(m, { activation: 'sigmoid' }), 0.75);
});

test('dormant scores by hand (Sokar et al.): s_i = mean|a_i| / mean_j mean|a_j|', () => {
  // mean |a| per column: [1, 2, 0.02, 0] → layer mean 3.02 / 4 = 0.755.
  const m = matrixFromRows([
    [1, -2, 0.04, 0],
    [-1, 2, 0, 0],
  ]);
  const s = dormantScores(m);
  const want = [1 / 0.755, 2 / 0.755, 0.02 / 0.755, 0];
  for (let j = 0; j < 4; j++) assert.ok(Math.abs(s[j]! - want[j]!) < 1e-12);
  // 0.02 / 0.755 ≈ 0.0265 > 0.025: only the zero column at the default τ; τ = 0.03 adds column 2.
  assert.deepEqual(maskIndices(dormantMask(m)), [3]);
  assert.deepEqual(maskIndices(dormantMask(m, 0.03)), [2, 3]);
  assert.deepEqual(maskIndices(dormantMask(m, 0)), [3]);
  assert.equal(dormantFraction(m, 0.03), 0.5);
  // An all-zero layer: every neuron dormant, no division by zero.
  assert.deepEqual(Array.from(dormantScores(matrixFromRows([[0, 0], [0, 0]]))), [0, 0]);
});

test('constant neurons: std below 1e-3 × mean layer std, for any activation', () => {
  const rng = new Rng(3);
  const m = build(200, 5, (j) => (j === 2 ? 0.7 : j === 4 ? 0.7 + 1e-6 * rng.normal() : rng.normal()));
  assert.deepEqual(maskIndices(constantMask(m)), [2, 4]);
  assert.equal(constantFraction(m), 0.4);
  // With a looser tolerance nothing else is added; with a tiny one only the exact constant stays.
  assert.deepEqual(maskIndices(constantMask(m, 1e-9)), [2]);
  // A layer in which everything is constant.
  assert.deepEqual(maskIndices(constantMask(build(3, 3, (j) => j))), [0, 1, 2]);
});
