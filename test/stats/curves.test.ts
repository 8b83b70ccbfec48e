import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateIqm, alignCurves, auc, commonGrid, curveBands, curveIntervals, resampleCurve } from '../../src/stats/index.js';

test('AUC: trapezoid normalised by the step span', () => {
  assert.equal(auc({ steps: [0, 1, 2], values: [0, 1, 2] }), 1);
  // 5·10 + 10·20 = 250 over a span of 30
  assert.ok(Math.abs(auc({ steps: [0, 10, 30], values: [0, 10, 10] }) - 250 / 30) < 1e-12);
  assert.equal(auc({ steps: [0, 10, 30], values: [0, 10, 10] }, { normalize: false }), 250);
  assert.equal(auc({ steps: [100, 250, 1000], values: [4, 4, 4] }), 4);
  assert.equal(auc({ steps: [5], values: [2] }), 2);
  assert.throws(() => auc({ steps: [0, 0], values: [1, 2] }), /strictly increasing/);
  assert.throws(() => auc({ steps: [0, 1], values: [1] }), /2 steps but 1 values/);
});

test('resampling: linear interpolation and last value, NaN outside the logged range', () => {
  const c = { steps: [0, 10, 20], values: [0, 10, 30] };
  const grid = [0, 5, 10, 15, 20, 25];
  assert.deepEqual(Array.from(resampleCurve(c, grid)), [0, 5, 10, 20, 30, NaN]);
  assert.deepEqual(Array.from(resampleCurve(c, grid, { method: 'last' })), [0, 0, 10, 10, 30, NaN]);
  assert.deepEqual(Array.from(resampleCurve(c, [-5, 25], { extrapolate: true })), [0, 30]);
});

test('commonGrid covers the overlap of all runs; alignCurves gives runs × grid rows', () => {
  const runs = [
    { steps: [0, 100, 200], values: [0, 1, 2] },
    { steps: [10, 60, 150, 180], values: [0, 1, 1, 2] },
  ];
  assert.deepEqual(Array.from(commonGrid(runs, 3)), [10, 95, 180]);
  const aligned = alignCurves(runs, commonGrid(runs, 3));
  assert.equal(aligned.length, 2);
  assert.deepEqual(Array.from(aligned[0]!), [0.1, 0.95, 1.8]);
  assert.throws(() => commonGrid([{ steps: [0, 1], values: [0, 0] }, { steps: [2, 3], values: [0, 0] }]), /do not overlap/);
});

test('curveBands: per-step mean with bootstrap bands', () => {
  const aligned = [[0, 1, 2], [0, 3, 4], [0, 2, 6]];
  const b = curveBands(aligned, { reps: 300, seed: 4 });
  assert.deepEqual(Array.from(b.point), [0, 2, 4]);
  assert.equal(b.lower[0], 0);
  assert.equal(b.upper[0], 0);
  for (let s = 1; s < 3; s++) assert.ok(b.lower[s]! < b.point[s]! && b.point[s]! < b.upper[s]!);
  assert.ok(b.lower[2]! >= 2 && b.upper[2]! <= 6);
  const med = curveBands(aligned, { reps: 50, statistic: 'median' });
  assert.deepEqual(Array.from(med.point), [0, 2, 4]);
  assert.throws(() => curveBands([[0, NaN]]), /NaN/);
});

test('curveIntervals: per-step IQM over runs × tasks with stratified CIs', () => {
  const perStep = [
    [[0, 0], [0, 0], [0, 0]],
    [[1, 2], [2, 3], [3, 4]],
    [[2, 4], [4, 6], [6, 8], [5, 5]],
  ];
  const c = curveIntervals(perStep, { reps: 200, seed: 1 });
  assert.deepEqual(Array.from(c.point), perStep.map((m) => aggregateIqm(m)));
  assert.equal(c.lower[0], 0);
  assert.equal(c.upper[0], 0);
  for (let s = 1; s < 3; s++) assert.ok(c.lower[s]! <= c.point[s]! && c.point[s]! <= c.upper[s]!);
  assert.deepEqual(curveIntervals(perStep, { reps: 200, seed: 1 }), c);
  const means = curveIntervals(perStep, { reps: 20, statistic: 'mean' });
  assert.equal(means.point[1], 2.5);
});
