import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FIT_SINE, fitSine, sineTarget, buildNet, FIG2_NETS } from '../../src/experiments/fit-sine.js';

test('the target is the paper\'s sum of sines', () => {
  assert.ok(Math.abs(sineTarget(0) - 5) < 1e-12);
  assert.ok(Math.abs(sineTarget(0.3) - (10 * Math.sin(2.1) + 15 * Math.sin(3) + 5 * Math.cos(1.5))) < 1e-12);
});

test('the three Fig. 2 nets have 601, 601 and 501 parameters', () => {
  assert.deepEqual(FIG2_NETS.map((s) => [s.name, buildNet(s, 0).numParameters()]), [['ReLU', 601], ['Tanh', 601], ['Tanh-HR', 501]]);
});

test('training the Tanh-HR sine net lowers the MSE substantially', () => {
  const r = fitSine({ ...DEFAULT_FIT_SINE, seeds: 1, steps: 400, lr: 0.02, trainPoints: 64, testPoints: 200, logEvery: 50 });
  const hr = r.nets.find((n) => n.name === 'Tanh-HR')!;
  const initial = hr.curves[0]![0]!;
  assert.ok(initial > 100, `initial MSE ${initial}`);
  assert.ok(hr.trainMse[0]! < initial / 100, `Tanh-HR train MSE ${hr.trainMse[0]} should be < 1% of the initial ${initial}`);
  assert.ok(hr.testMse[0]! < initial / 50, `Tanh-HR test MSE ${hr.testMse[0]}`);
  assert.equal(hr.prediction.length, 200);
});
