import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tridiagonalQL } from '../../src/linalg/index.js';

test('tridiagonal QL deflates couplings among zero eigenvalues (dead neurons), including subnormal ones', () => {
  const cases: [number[], number[]][] = [
    [[0, 0, 0, 3], [1e-310, 1e-310, 1e-300, 0]],
    [[0, 0, 0, 0, 0, 2, 1], [1e-20, 1e-20, 1e-20, 1e-20, 1e-20, 0.5, 0]],
  ];
  for (const [d0, e0] of cases) {
    const d = Float64Array.from(d0), e = Float64Array.from(e0);
    tridiagonalQL(d, e, d.length);
    const trace = d0.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(Array.from(d).reduce((a, b) => a + b, 0) - trace) < 1e-12);
  }
});
