import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/util/rng.js';

test('xoshiro128** known answers from state [1,2,3,4]', () => {
  const r = new Rng(0);
  r.setState({ s: [1, 2, 3, 4], spareNormal: null });
  assert.equal(r.nextU32(), 11520);
  assert.equal(r.nextU32(), 0);
});

test('same seed gives the same stream; different seeds differ', () => {
  const a = new Rng(42), b = new Rng(42), c = new Rng(43);
  const xs = Array.from({ length: 8 }, () => a.nextU32());
  assert.deepEqual(xs, Array.from({ length: 8 }, () => b.nextU32()));
  assert.notDeepEqual(xs, Array.from({ length: 8 }, () => c.nextU32()));
});

test('state round-trips, including the cached normal', () => {
  const a = new Rng(7);
  a.normal();
  const st = a.getState();
  const x = [a.normal(), a.uniform(), a.int(10)];
  const b = new Rng(0);
  b.setState(st);
  assert.deepEqual([b.normal(), b.uniform(), b.int(10)], x);
});

test('uniform, normal and categorical have the right moments', () => {
  const r = new Rng(1);
  const n = 200_000;
  let su = 0, sn = 0, sn2 = 0;
  const counts = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    su += r.uniform();
    const z = r.normal();
    sn += z; sn2 += z * z;
    counts[r.categorical([1, 2, 7])]!++;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  assert.ok(Math.abs(sn / n) < 0.01);
  assert.ok(Math.abs(sn2 / n - 1) < 0.01);
  assert.ok(Math.abs(counts[2]! / n - 0.7) < 0.005);
  assert.throws(() => r.categorical([0, 0]), /sum to zero/);
  assert.throws(() => r.int(0), /integer n/);
});

test('permutation is a permutation', () => {
  const p = Array.from(new Rng(3).permutation(100)).sort((a, b) => a - b);
  assert.deepEqual(p, Array.from({ length: 100 }, (_, i) => i));
});

test('fork gives valid, independent, reproducible streams', () => {
  for (let seed = 0; seed < 50; seed++) {
    const a = new Rng(seed).fork(), b = new Rng(seed).fork();
    assert.equal(a.nextU32(), b.nextU32());
  }
  const parent = new Rng(1);
  const c1 = parent.fork(), c2 = parent.fork();
  assert.notEqual(c1.nextU32(), c2.nextU32());
});
