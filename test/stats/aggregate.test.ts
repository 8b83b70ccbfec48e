import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregateIqm, aggregateMean, aggregateMedian, iqm, mean, median, normalize, normalizeMatrix, optimalityGap,
  quantile, toNested, toScoreMatrix, trimmedMean,
} from '../../src/stats/index.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);
const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

test('IQM is scipy trim_mean(x, 0.25): floor(n/4) cut from each end', () => {
  assert.equal(iqm(range(1, 8)), 4.5); // mean of 3, 4, 5, 6
  assert.equal(iqm(range(1, 9)), 5); // odd count: cut 2 each side, mean of 3..7
  assert.equal(iqm(range(1, 10)), 5.5); // cut floor(2.5) = 2: mean of 3..8
  assert.equal(iqm([100, 2, 1, 4, 3]), 3); // n = 5: cut 1, outlier ignored
  assert.equal(iqm([7]), 7);
  assert.equal(iqm([1, 2, 3]), 2); // cut floor(0.75) = 0: plain mean
  assert.equal(trimmedMean([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], 0.1), 5.5); // mean of 2..9
});

test('mean, median and quantile follow numpy', () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  close(quantile([1, 2, 3, 4, 5], 0.1), 1.4);
  assert.throws(() => mean([]), /empty/);
});

test('rliable reference matrices (metrics_test.py): mean, median, IQM', () => {
  const x = [[1, 2], [2, 2], [1, 1], [2, 1]];
  const y = [[1, 1], [2, 2], [3, 3]];
  assert.equal(aggregateMedian(x), 1.5);
  assert.equal(aggregateMean(x), 1.5);
  assert.equal(aggregateIqm(x), 1.5);
  assert.equal(aggregateMedian(y), 2);
  assert.equal(aggregateMean(y), 2);
  assert.equal(aggregateIqm(y), 2);
});

test('aggregate median is the median of per-task means, IQM pools all runs', () => {
  const s = [[0, 0, 0], [0, 0, 9], [0, 9, 9]];
  assert.equal(aggregateMedian(s), 3); // task means 0, 3, 6
  assert.equal(median(s.flat()), 0); // differs from the flat median
  assert.equal(aggregateMean(s), 3);
  // pooled 0×6, 9×3; cut floor(9/4) = 2 each side → 0,0,0,0,9 → 1.8
  close(aggregateIqm(s), 1.8);
});

test('optimality gap clips at γ', () => {
  const s = [[0.5, 1.5], [0.2, 1.0]];
  close(optimalityGap(s), 0.325); // 1 − mean(0.5, 1, 0.2, 1)
  close(optimalityGap(s, 2), 1.2); // 2 − mean(0.5, 1.5, 0.2, 1)
  assert.equal(optimalityGap([[3, 4]]), 0);
});

test('flat Float64Array input matches nested input', () => {
  const nested = [[1, 2, 3], [4, 5, 6]];
  const flat = { data: Float64Array.of(1, 2, 3, 4, 5, 6), runs: 2, tasks: 3 };
  assert.equal(aggregateIqm(flat), aggregateIqm(nested));
  assert.equal(aggregateMedian(flat), aggregateMedian(nested));
  assert.deepEqual(toNested(toScoreMatrix(flat)), nested);
});

test('invalid matrices give clear errors', () => {
  assert.throws(() => aggregateMean([]), /no runs/);
  assert.throws(() => aggregateMean([[1, 2], [3]]), /ragged/);
  assert.throws(() => aggregateMean([[1, NaN]]), /run 0, task 1 is NaN/);
  assert.throws(() => aggregateMean({ data: new Float64Array(5), runs: 2, tasks: 3 }), /does not match/);
});

test('normalize: (score − random) / (reference − random)', () => {
  assert.equal(normalize(55, 10, 100), 0.5);
  assert.equal(normalize(10, 10, 100), 0);
  assert.throws(() => normalize(1, 5, 5), /differ/);
  const m = normalizeMatrix([[10, 3], [100, 5]], [10, 1], [100, 5]);
  assert.deepEqual(toNested(m), [[0, 0.5], [1, 1]]);
});
