import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gramOfRows, matrixFromRows, singularValues, transposeToFloat64 } from '../../src/linalg/index.js';
import { Rng } from '../../src/util/rng.js';
import { matmul, matrixWithSingularValues, maxAbsDiff } from './helpers.js';

test('gram kernel matches a naive product for awkward sizes', () => {
  const rng = new Rng(3);
  for (const [r, c] of [[1, 1], [2, 3], [3, 1], [5, 7], [8, 4], [9, 13], [11, 2]] as const) {
    const x = new Float64Array(r * c);
    rng.fillNormal(x);
    const g = gramOfRows(x, r, c);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
      let s = 0;
      for (let k = 0; k < c; k++) s += x[i * c + k]! * x[j * c + k]!;
      assert.ok(Math.abs(g[i * r + j]! - s) < 1e-12, `${r}x${c} at (${i},${j})`);
    }
  }
});

test('transpose', () => {
  const t = transposeToFloat64(matrixFromRows([[1, 2, 3], [4, 5, 6]]));
  assert.equal(t.rows, 3);
  assert.deepEqual(Array.from(t.data), [1, 4, 2, 5, 3, 6]);
});

test('2x2 closed form and a rectangular diagonal', () => {
  // [[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]] → σ² = 45, 5.
  const s = singularValues(matrixFromRows([[3, 0], [4, 5]]));
  assert.ok(maxAbsDiff(s, [Math.sqrt(45), Math.sqrt(5)]) < 1e-13);
  const d = singularValues(matrixFromRows([[0, 0, 0, 0], [0, -3, 0, 0], [2, 0, 0, 0]]));
  assert.ok(maxAbsDiff(d, [3, 2, 0]) < 1e-14);
});

test('U diag(s) Vᵀ: the known spectrum comes back, in both orientations and in float32', () => {
  const rng = new Rng(8);
  const s = [9, 7.5, 4, 4, 1, 0.5, 0.25];
  for (const [r, c] of [[40, 12], [12, 40], [7, 7]] as const) {
    const m = matrixWithSingularValues(r, c, s, rng);
    const got = singularValues(m);
    assert.equal(got.length, Math.min(r, c));
    const want = [...s, ...new Array(Math.min(r, c) - s.length).fill(0)];
    // Non-zero values are accurate to rounding; zero ones only to about sqrt(eps) σ_max (Gram squaring).
    assert.ok(maxAbsDiff(got.subarray(0, s.length), s) < 1e-10, `${r}x${c}: ${maxAbsDiff(got.subarray(0, s.length), s)}`);
    assert.ok(maxAbsDiff(got, want) < 1e-6, `${r}x${c}: ${maxAbsDiff(got, want)}`);
    const f32 = singularValues({ data: Float32Array.from(m.data), rows: r, cols: c });
    assert.ok(maxAbsDiff(f32, want) < 1e-5, `float32 ${r}x${c}`);
  }
});

test('known-rank product U(n x k) V(k x m) has exactly k non-negligible singular values', () => {
  const rng = new Rng(21);
  for (const [n, k, m] of [[100, 5, 30], [30, 9, 80], [64, 1, 64]] as const) {
    const u = new Float64Array(n * k), v = new Float64Array(k * m);
    rng.fillNormal(u); rng.fillNormal(v);
    const sv = singularValues({ data: matmul(u, v, n, k, m), rows: n, cols: m });
    const tol = 1e-6 * sv[0]!;
    assert.equal(sv.filter((x) => x > tol).length, k, `${n}x${m} rank ${k}`);
    for (const x of sv) assert.ok(x >= 0);
  }
});

test('1024x64 random Gaussian: Σσ² equals the Frobenius norm²', () => {
  const rng = new Rng(4);
  const data = new Float32Array(1024 * 64);
  rng.fillNormal(data);
  const sv = singularValues({ data, rows: 1024, cols: 64 });
  let fro = 0, s2 = 0;
  for (const x of data) fro += x * x;
  for (const x of sv) s2 += x * x;
  assert.ok(Math.abs(fro - s2) < 1e-9 * fro);
});
