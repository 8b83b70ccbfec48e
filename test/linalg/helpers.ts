/** Test helpers: random orthogonal matrices and small dense products (Float64, row-major). */
import type { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/util/rng.js';

/**
 * A random n x n orthogonal matrix as a product of `n` Householder reflections I − 2 u uᵀ with random
 * unit vectors u (row-major Float64).
 */
export function randomOrthogonal(n: number, rng: Rng): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const u = new Float64Array(n);
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let norm = 0;
    for (let i = 0; i < n; i++) { u[i] = rng.normal(); norm += u[i]! * u[i]!; }
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) u[i] = u[i]! / norm;
    // Q ← Q (I − 2 u uᵀ): w = Q u, Q −= 2 w uᵀ
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += q[i * n + j]! * u[j]!;
      w[i] = s;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[i * n + j] -= 2 * w[i]! * u[j]!;
  }
  return q;
}

/** C = A B for row-major Float64 arrays (a: r x k, b: k x c). */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      for (let j = 0; j < c; j++) out[i * c + j] += aip * b[p * c + j]!;
    }
  }
  return out;
}

/** U diag(s) Vᵀ with U = first columns of a random orthogonal r x r, V of a random orthogonal c x c. */
export function matrixWithSingularValues(r: number, c: number, s: number[], rng: Rng): Matrix {
  const u = randomOrthogonal(r, rng);
  const v = randomOrthogonal(c, rng);
  const data = new Float64Array(r * c);
  for (let t = 0; t < s.length; t++) {
    const st = s[t]!;
    for (let i = 0; i < r; i++) {
      const ui = u[i * r + t]! * st;
      for (let j = 0; j < c; j++) data[i * c + j] += ui * v[j * c + t]!;
    }
  }
  return { data, rows: r, cols: c };
}

/** Q diag(λ) Qᵀ for a random orthogonal Q. */
export function symmetricWithEigenvalues(lambda: number[], rng: Rng): Matrix {
  const n = lambda.length;
  const q = randomOrthogonal(n, rng);
  const data = new Float64Array(n * n);
  for (let t = 0; t < n; t++) {
    const l = lambda[t]!;
    for (let i = 0; i < n; i++) {
      const qi = q[i * n + t]! * l;
      for (let j = 0; j < n; j++) data[i * n + j] += qi * q[j * n + t]!;
    }
  }
  // Exact symmetry (rounding can differ in the two triangles).
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) data[j * n + i] = data[i * n + j]!;
  return { data, rows: n, cols: n };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
