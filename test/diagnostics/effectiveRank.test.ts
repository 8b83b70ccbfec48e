import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveRanks, entropyEffectiveRank, srank, stableRank } from '../../src/diagnostics/index.js';
import { Rng } from '../../src/util/rng.js';
import { matrixWithSingularValues } from '../linalg/helpers.js';

test('srank_δ from singular values by hand', () => {
  // Cumulative sums 5, 9, 12, 14, 15.
  assert.equal(srank([5, 4, 3, 2, 1]), 5); // needs ≥ 14.85
  assert.equal(srank([1, 2, 3, 4, 5], 0.1), 4); // needs ≥ 13.5; order of input does not matter
  assert.equal(srank([5, 4, 3, 2, 1], 0.5), 2); // needs ≥ 7.5
  assert.equal(srank([0, 0]), 0);
  assert.equal(srank([]), 0);
  assert.throws(() => srank([1], 1), /delta/);
  assert.throws(() => srank([-1]), /≥ 0/);
});

test('entropy effective rank and stable rank', () => {
  assert.ok(Math.abs(entropyEffectiveRank([2, 2, 2, 2, 2, 2, 2]) - 7) < 1e-12);
  assert.equal(entropyEffectiveRank([3, 0, 0]), 1);
  // p = (1/2, 1/2, 0) → exp(log 2) = 2.
  assert.ok(Math.abs(entropyEffectiveRank([1, 1, 0]) - 2) < 1e-12);
  assert.equal(entropyEffectiveRank([0, 0]), 0);
  assert.ok(Math.abs(stableRank([2, 2, 2, 2]) - 4) < 1e-12);
  assert.equal(stableRank([3, 0]), 1);
  assert.equal(stableRank([2, 1]), 1.25);
});

test('feature matrix of known rank: srank equals it; uniform spectrum: entropy rank = n', () => {
  const rng = new Rng(9);
  const lowRank = matrixWithSingularValues(256, 48, [6, 5, 4, 3, 3, 2, 1.5], rng);
  const r = effectiveRanks({ data: Float32Array.from(lowRank.data), rows: 256, cols: 48 });
  assert.equal(r.srank, 7);
  assert.equal(r.delta, 0.01);
  assert.equal(r.singularValues.length, 48);

  const n = 32;
  const uniform = matrixWithSingularValues(100, n, new Array(n).fill(1.7), rng);
  const u = effectiveRanks(uniform);
  assert.ok(Math.abs(u.entropyRank - n) < 1e-6, `entropy rank ${u.entropyRank}`);
  assert.ok(Math.abs(u.stableRank - n) < 1e-6);
  assert.equal(u.srank, n); // ⌈0.99 · 32⌉
});
