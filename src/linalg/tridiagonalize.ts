/**
 * Householder reduction of a real symmetric matrix to tridiagonal form, A = Q T Qᵀ
 * (Golub & Van Loan, Matrix Computations, 4th ed., §8.3.1).
 *
 * Works in place on the lower triangle of a row-major Float64 copy. At step k the reflector
 * H_k = I − τ v vᵀ zeroes column k below the sub-diagonal; the trailing block S is updated as
 * S ← S − v wᵀ − w vᵀ with p = τ S v, w = p − (τ/2)(pᵀv) v. The symmetric product S v and the
 * rank-2 update both walk rows of the lower triangle contiguously.
 */

export interface Tridiagonal {
  /** Diagonal, length n. */
  d: Float64Array;
  /** Sub-diagonal, length n (e[i] couples i and i+1; e[n-1] = 0). */
  e: Float64Array;
  /**
   * Qᵀ (row-major n x n) when requested: row i of Qᵀ is column i of Q, so A = Q T Qᵀ.
   * Stored transposed so later plane rotations act on contiguous rows.
   */
  qt?: Float64Array;
}

/**
 * Tridiagonalise the symmetric n x n matrix `a` (row-major; only the lower triangle is read).
 * `a` is overwritten. With `wantQ`, also returns Qᵀ.
 */
export function tridiagonalize(a: Float64Array, n: number, wantQ: boolean): Tridiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  // Reflectors kept for building Q: row k holds v_k (entries k+1..n-1), taus[k] its τ.
  const vs = wantQ ? new Float64Array(n * n) : null;
  const taus = new Float64Array(n);

  for (let k = 0; k + 2 < n; k++) {
    d[k] = a[k * n + k]!;
    // x = A[k+1.., k]
    const alpha = a[(k + 1) * n + k]!;
    let sigma = 0;
    for (let i = k + 2; i < n; i++) {
      const x = a[i * n + k]!;
      sigma += x * x;
    }
    if (sigma === 0) {
      e[k] = alpha;
      taus[k] = 0;
      continue;
    }
    const norm = Math.sqrt(alpha * alpha + sigma);
    const beta = alpha <= 0 ? norm : -norm;
    const tau = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    v[k + 1] = 1;
    for (let i = k + 2; i < n; i++) v[i] = a[i * n + k]! * scale;
    e[k] = beta;
    taus[k] = tau;
    if (vs) for (let i = k + 1; i < n; i++) vs[k * n + i] = v[i]!;

    // p = τ S v over the lower triangle of the trailing block S = A[k+1.., k+1..].
    for (let i = k + 1; i < n; i++) p[i] = 0;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i]!;
      let s = 0;
      for (let j = k + 1; j < i; j++) {
        const aij = a[row + j]!;
        s += aij * v[j]!;
        p[j] += aij * vi;
      }
      p[i] += s + a[row + i]! * vi;
    }
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] *= tau;
      pv += p[i]! * v[i]!;
    }
    const half = 0.5 * tau * pv;
    for (let i = k + 1; i < n; i++) p[i] -= half * v[i]!; // p now holds w
    // S ← S − v wᵀ − w vᵀ (lower triangle, diagonal included).
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i]!, wi = p[i]!;
      for (let j = k + 1; j <= i; j++) a[row + j] -= vi * p[j]! + wi * v[j]!;
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = a[(n - 1) * n + n - 1]!;

  if (!vs) return { d, e };
  return { d, e, qt: accumulateQt(vs, taus, n) };
}

/**
 * Qᵀ = H_{n-3} ⋯ H_1 H_0, built as M ← M H_k for k from the last reflector down, starting from M = I.
 * M H_k = M − τ (M v) vᵀ only touches rows and columns k+1.. and runs along rows.
 */
function accumulateQt(vs: Float64Array, taus: Float64Array, n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  for (let k = n - 3; k >= 0; k--) {
    const tau = taus[k]!;
    if (tau === 0) continue;
    const vk = k * n;
    for (let r = k + 1; r < n; r++) {
      const row = r * n;
      let s = 0;
      for (let j = k + 1; j < n; j++) s += m[row + j]! * vs[vk + j]!;
      s *= tau;
      if (s === 0) continue;
      for (let j = k + 1; j < n; j++) m[row + j] -= s * vs[vk + j]!;
    }
  }
  return m;
}
