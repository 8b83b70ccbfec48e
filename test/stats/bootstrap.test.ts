import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/util/rng.js';
import {
  aggregateIqm, aggregateMean, bootstrapCI, intervalEstimates, performanceProfile, performanceProfileCI,
  probabilityOfImprovement, probabilityOfImprovementCI, taskProbabilityOfImprovement, linspace,
} from '../../src/stats/index.js';

test('probability of improvement: rliable reference value and ties count ½', () => {
  const x = [[1, 2], [2, 2], [1, 1], [2, 1]];
  const y = [[1, 1], [2, 2], [3, 3]];
  assert.ok(Math.abs(probabilityOfImprovement(x, y) - 1 / 3) < 1e-12);
  assert.equal(probabilityOfImprovement([[1]], [[1]]), 0.5);
  assert.equal(probabilityOfImprovement([[1], [2]], [[1], [2]]), 0.5); // identical samples
  assert.equal(probabilityOfImprovement([[3], [1]], [[2], [2]]), 0.5);
  // task 0: pairs (1>0, 1<3, 2>0, 2<3) → 2/4; task 1: (5=5 → ½, 5<6) ×2 → 1/4; mean 0.375
  const a = [[1, 5], [2, 5]];
  const b = [[0, 5], [3, 6]];
  assert.deepEqual(Array.from(taskProbabilityOfImprovement(a, b)), [0.5, 0.25]);
  assert.equal(probabilityOfImprovement(a, b), 0.375);
  assert.equal(probabilityOfImprovement(a, b) + probabilityOfImprovement(b, a), 1);
  assert.equal(probabilityOfImprovement([[5], [6]], [[1], [2], [3]]), 1);
  assert.throws(() => probabilityOfImprovement([[1, 2]], [[1]]), /same tasks/);
});

test('bootstrap CI is reproducible by seed and brackets the point estimate', () => {
  const rng = new Rng(3);
  const s = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => rng.normal(1, 0.5)));
  const a = bootstrapCI(s, aggregateIqm, { reps: 500, seed: 7 });
  const b = bootstrapCI(s, aggregateIqm, { reps: 500, seed: 7 });
  const c = bootstrapCI(s, aggregateIqm, { reps: 500, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.lower <= a.point && a.point <= a.upper, JSON.stringify(a));
  assert.ok(a.upper - a.lower > 0);
  const flat = bootstrapCI([[2, 3], [2, 3]], aggregateMean, { reps: 50 });
  assert.deepEqual(flat, { point: 2.5, lower: 2.5, upper: 2.5 }); // no run-to-run variation within tasks
});

test('bootstrap CI coverage: 95% CIs of the mean cover the true mean in ~90–99% of 200 experiments', () => {
  const rng = new Rng(2021);
  const trueMean = 3;
  let covered = 0;
  const experiments = 200;
  for (let e = 0; e < experiments; e++) {
    const s = Array.from({ length: 40 }, () => [rng.normal(trueMean, 2), rng.normal(trueMean, 2), rng.normal(trueMean, 2)]);
    const ci = bootstrapCI(s, aggregateMean, { reps: 400, rng });
    if (ci.lower <= trueMean && trueMean <= ci.upper) covered++;
  }
  const coverage = covered / experiments;
  // Percentile intervals under-cover slightly at finite n (≈ 0.93–0.94 here over many seeds).
  assert.ok(coverage >= 0.9 && coverage <= 0.99, `coverage ${coverage}`);
});

test('probability of improvement CI: clear winner near 1, and CI contains the point', () => {
  const rng = new Rng(5);
  const x = Array.from({ length: 6 }, () => [rng.normal(3, 1), rng.normal(3, 1)]);
  const y = Array.from({ length: 5 }, () => [rng.normal(0, 1), rng.normal(0, 1)]);
  const ci = probabilityOfImprovementCI(x, y, { reps: 300, seed: 1 });
  assert.ok(ci.point > 0.9, JSON.stringify(ci));
  assert.ok(ci.lower <= ci.point && ci.point <= ci.upper && ci.upper <= 1);
  assert.deepEqual(ci, probabilityOfImprovementCI(x, y, { reps: 300, seed: 1 }));
});

test('performance profiles: fraction strictly above τ, over runs or over task means', () => {
  const s = [[0.1, 0.5], [0.9, 1.5]];
  const taus = [0, 0.5, 1, 2];
  assert.deepEqual(Array.from(performanceProfile(s, taus)), [1, 0.5, 0.25, 0]);
  assert.deepEqual(Array.from(performanceProfile(s, taus, 'taskMeans')), [1, 0.5, 0, 0]); // task means 0.5, 1.0
  const ci = performanceProfileCI(s, taus, { reps: 200, seed: 2 });
  assert.deepEqual(Array.from(ci.point), [1, 0.5, 0.25, 0]);
  for (let k = 0; k < taus.length; k++) {
    assert.ok(ci.lower[k]! <= ci.point[k]! && ci.point[k]! <= ci.upper[k]!);
  }
  assert.equal(ci.lower[0], 1); // every resample is above 0
  assert.deepEqual(Array.from(linspace(0, 1, 5)), [0, 0.25, 0.5, 0.75, 1]);
});

test('intervalEstimates gives every metric for every algorithm', () => {
  const t = intervalEstimates({ a: [[1, 2], [2, 3], [3, 4]], b: [[0, 1], [1, 1], [0, 0]] }, { reps: 100 });
  assert.deepEqual(Object.keys(t), ['a', 'b']);
  assert.deepEqual(Object.keys(t.a!), ['median', 'iqm', 'mean', 'optimalityGap']);
  assert.equal(t.a!.mean!.point, 2.5);
  assert.equal(t.b!.optimalityGap!.point, 1 - 3 / 6);
});
