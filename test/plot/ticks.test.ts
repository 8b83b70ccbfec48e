import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/util/rng.js';
import { formatTick, isNiceNumber, logTicks, niceStep, niceTicks } from '../../src/plot/index.js';

test('niceStep picks 1, 2 or 5 × 10^k', () => {
  assert.equal(niceStep(0.13), 0.1);
  assert.equal(niceStep(0.27), 0.2);
  assert.equal(niceStep(3.4), 5);
  assert.equal(niceStep(7.5), 10);
  assert.equal(niceStep(2.2e6), 2e6);
});

test('niceTicks: nice step, ticks on multiples of the step, domain covers the data', () => {
  const rng = new Rng(9);
  for (let trial = 0; trial < 500; trial++) {
    const scale = 10 ** (rng.int(12) - 6);
    const a = rng.normal(0, 3) * scale;
    const b = a + rng.uniform() * 10 * scale;
    const target = 2 + rng.int(8);
    const t = niceTicks(a, b, target);
    assert.ok(isNiceNumber(t.step), `step ${t.step}`);
    assert.ok(t.lo <= a && t.hi >= b, `[${t.lo}, ${t.hi}] ⊉ [${a}, ${b}]`);
    assert.ok(t.ticks.length >= 2 && t.ticks.length <= 2 * target + 3, `${t.ticks.length} ticks for target ${target}`);
    for (const v of t.ticks) {
      const k = v / t.step;
      assert.ok(Math.abs(k - Math.round(k)) < 1e-6, `${v} is not a multiple of ${t.step}`);
      assert.equal(v, Number.parseFloat(v.toPrecision(12)), `float noise in ${v}`);
    }
  }
  assert.deepEqual(niceTicks(0, 1, 5).ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.1, 0.3, 2).ticks, [0.1, 0.2, 0.3]);
  assert.deepEqual(niceTicks(-0.07, 0.93, 5).ticks, [-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.ok(niceTicks(5, 5).lo < 5 && niceTicks(5, 5).hi > 5, 'a zero-width range is widened');
  assert.throws(() => niceTicks(NaN, 1), /finite/);
});

test('logTicks are 1-2-5 × 10^k and bracket the data', () => {
  assert.deepEqual(logTicks(0.003, 5).ticks, [0.001, 0.01, 0.1, 1, 10]);
  assert.deepEqual(logTicks(3, 40).ticks, [2, 5, 10, 20, 50]);
  for (const v of logTicks(1e-7, 1e3).ticks) assert.ok(isNiceNumber(v));
  assert.throws(() => logTicks(0, 1), /positive/);
});

test('tick labels: decimals follow the step, SI suffixes for step counts', () => {
  assert.equal(formatTick(0.25, 0.05), '0.25');
  assert.equal(formatTick(0.2, 0.2), '0.2');
  assert.equal(formatTick(3, 1), '3');
  assert.equal(formatTick(2e6, 2e6), '2M');
  assert.equal(formatTick(2.5e6, 5e5), '2.5M');
  assert.equal(formatTick(250_000, 50_000), '250k');
  assert.equal(formatTick(2000, 1000, 10_000), '2k');
  assert.equal(formatTick(-1.5, 0.5), '-1.5');
  assert.equal(formatTick(2e-4, 1e-4), '2e-4');
  assert.equal(formatTick(1e-5, 2e-6), '1e-5');
  assert.equal(formatTick(1.5e-5, 5e-7), '1.5e-5');
  assert.equal(formatTick(0, 1e6), '0');
});
