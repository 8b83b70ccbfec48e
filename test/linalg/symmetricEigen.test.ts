import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixFromRows, symmetricEigen, symmetricEigenvalues, tridiagonalize, tridiagonalQL, type Matrix } from '../../src/linalg/index.js';
import { Rng } from '../../src/util/rng.js';
import { maxAbsDiff, symmetricWithEigenvalues } from './helpers.js';

/** Checks VᵀV = I (rows of V are the vectors) and A = Σ λ_k v_k v_kᵀ. */
function checkVectors(a: Matrix, values: Float64Array, vectors: Matrix, tol: number): void {
  const n = a.rows;
  const v = vectors.data;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q <= p; q++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v[p * n + i]! * v[q * n + i]!;
      assert.ok(Math.abs(s - (p === q ? 1 : 0)) < tol, `orthonormality (${p},${q}): ${s}`);
    }
  }
  const rec = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const x = values[k]! * v[k * n + i]!;
      for (let j = 0; j < n; j++) rec[i * n + j] += x * v[k * n + j]!;
    }
  }
  let scale = 1;
  for (const x of values) scale = Math.max(scale, Math.abs(x));
  assert.ok(maxAbsDiff(rec, a.data) < tol * scale, `reconstruction error ${maxAbsDiff(rec, a.data)}`);
}

test('2x2 closed form', () => {
  for (const [a, b, c] of [[2, 1, 3], [1, 0, 1], [-4, 2.5, 7], [1e-3, 1e3, -1e-3]] as const) {
    const mean = (a + c) / 2, r = Math.hypot((a - c) / 2, b);
    const { values, vectors } = symmetricEigen(matrixFromRows([[a, b], [b, c]]), { vectors: true });
    assert.ok(Math.abs(values[0]! - (mean + r)) < 1e-12 * Math.max(1, r), `λ1 ${values[0]} vs ${mean + r}`);
    assert.ok(Math.abs(values[1]! - (mean - r)) < 1e-12 * Math.max(1, r), `λ2 ${values[1]} vs ${mean - r}`);
    checkVectors(matrixFromRows([[a, b], [b, c]]), values, vectors!, 1e-12);
  }
});

test('diagonal matrix: values are the sorted diagonal, vectors are unit vectors', () => {
  const diag = [3, -1, 7, 0, 2, 2, -5];
  const n = diag.length;
  const rows = diag.map((x, i) => diag.map((_, j) => (i === j ? x : 0)));
  const { values, vectors } = symmetricEigen(matrixFromRows(rows), { vectors: true });
  assert.deepEqual(Array.from(values), [...diag].sort((x, y) => y - x));
  for (let k = 0; k < n; k++) {
    // Each eigenvector is ±e_i for some i with diag[i] = values[k].
    const row = Array.from(vectors!.data.subarray(k * n, k * n + n));
    const i = row.findIndex((x) => Math.abs(x) > 0.5);
    assert.equal(Math.abs(row[i]!), 1);
    assert.equal(diag[i], values[k]);
  }
});

test('empty, 1x1 and zero matrices', () => {
  assert.equal(symmetricEigenvalues({ data: new Float64Array(0), rows: 0, cols: 0 }).length, 0);
  assert.deepEqual(Array.from(symmetricEigenvalues(matrixFromRows([[-2.5]]))), [-2.5]);
  const z = symmetricEigen({ data: new Float64Array(25), rows: 5, cols: 5 }, { vectors: true });
  assert.deepEqual(Array.from(z.values), [0, 0, 0, 0, 0]);
  checkVectors({ data: new Float64Array(25), rows: 5, cols: 5 }, z.values, z.vectors!, 1e-14);
});

test('Q diag Qᵀ with a known spectrum (repeated, negative and zero eigenvalues)', () => {
  const rng = new Rng(11);
  for (const n of [3, 17, 64, 150]) {
    const lambda = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 2 : i % 7 === 0 ? 0 : rng.normal() * 10));
    const a = symmetricWithEigenvalues(lambda, rng);
    const { values, vectors } = symmetricEigen(a, { vectors: true });
    const expected = [...lambda].sort((x, y) => y - x);
    assert.ok(maxAbsDiff(values, expected) < 1e-11 * 30, `n=${n}: eigenvalue error ${maxAbsDiff(values, expected)}`);
    checkVectors(a, values, vectors!, 1e-11);
    // The values-only path agrees with the vectors path.
    assert.ok(maxAbsDiff(symmetricEigenvalues(a), values) < 1e-11 * 30);
  }
});

test('random symmetric matrix: A v = λ v, trace and Frobenius norm preserved; input untouched', () => {
  const rng = new Rng(5);
  const n = 120;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) { const x = rng.normal(); data[i * n + j] = x; data[j * n + i] = x; }
  const copy = Float64Array.from(data);
  const a: Matrix = { data, rows: n, cols: n };
  const { values, vectors } = symmetricEigen(a, { vectors: true });
  assert.deepEqual(data, copy);
  let trace = 0, fro = 0, sumL = 0, sumL2 = 0;
  for (let i = 0; i < n; i++) trace += data[i * n + i]!;
  for (const x of data) fro += x * x;
  for (const l of values) { sumL += l; sumL2 += l * l; }
  assert.ok(Math.abs(trace - sumL) < 1e-10);
  assert.ok(Math.abs(fro - sumL2) < 1e-9 * fro);
  for (let k = 1; k < n; k++) assert.ok(values[k - 1]! >= values[k]!, 'descending');
  const v = vectors!.data;
  for (const k of [0, 7, n - 1]) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += data[i * n + j]! * v[k * n + j]!;
      assert.ok(Math.abs(s - values[k]! * v[k * n + i]!) < 1e-11);
    }
  }
});

test('block-diagonal matrix (reflector-free steps in the middle): spectrum is the union of the blocks', () => {
  const rng = new Rng(17);
  const l1 = [3, -2, 1, 0.5, 8], l2 = [4, 4, -6, 2];
  const b1 = symmetricWithEigenvalues(l1, rng), b2 = symmetricWithEigenvalues(l2, rng);
  const n = l1.length + l2.length;
  const data = new Float64Array(n * n);
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) data[i * n + j] = b1.data[i * 5 + j]!;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) data[(i + 5) * n + j + 5] = b2.data[i * 4 + j]!;
  const a: Matrix = { data, rows: n, cols: n };
  const { values, vectors } = symmetricEigen(a, { vectors: true });
  assert.ok(maxAbsDiff(values, [...l1, ...l2].sort((x, y) => y - x)) < 1e-12);
  checkVectors(a, values, vectors!, 1e-12);
});

test('only the lower triangle is read', () => {
  const full = matrixFromRows([[4, 1, 2], [1, 3, 0], [2, 0, 5]]);
  const lower = matrixFromRows([[4, 99, -7], [1, 3, 42], [2, 0, 5]]);
  assert.ok(maxAbsDiff(symmetricEigenvalues(full), symmetricEigenvalues(lower)) < 1e-14);
});

test('tridiagonal input and the tridiagonalize/QL building blocks', () => {
  // The 1-D Laplacian tridiag(-1, 2, -1) has eigenvalues 2 − 2 cos(kπ/(n+1)).
  const n = 40;
  const d = new Float64Array(n).fill(2);
  const e = new Float64Array(n).fill(-1);
  tridiagonalQL(d, e, n);
  const got = Array.from(d).sort((x, y) => x - y);
  const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
  assert.ok(maxAbsDiff(got, want) < 1e-13);
  // Tridiagonalisation preserves the spectrum and returns an orthogonal Q with A = Q T Qᵀ.
  const rng = new Rng(2);
  const a = symmetricWithEigenvalues([1, 2, 3, 4, 5, 6], rng);
  const t = tridiagonalize(Float64Array.from(a.data), 6, true);
  const qt = t.qt!;
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) {
    let s = 0;
    for (let p = 0; p < 6; p++) {
      const tp = (q: number): number => (q === p ? t.d[p]! : q === p + 1 ? t.e[p]! : q === p - 1 ? t.e[q]! : 0);
      for (let q = 0; q < 6; q++) s += qt[p * 6 + i]! * tp(q) * qt[q * 6 + j]!;
    }
    assert.ok(Math.abs(s - a.data[i * 6 + j]!) < 1e-13, `A = Q T Qᵀ at (${i},${j})`);
  }
});

test('rejects non-square and non-finite input', () => {
  assert.throws(() => symmetricEigen({ data: new Float64Array(6), rows: 2, cols: 3 }), /square/);
  assert.throws(() => symmetricEigen(matrixFromRows([[1, NaN], [NaN, 1]])), /non-finite/);
  assert.throws(() => symmetricEigen({ data: new Float64Array(5), rows: 2, cols: 2 }), /elements/);
});
