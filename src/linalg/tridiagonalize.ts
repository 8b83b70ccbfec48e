/**
 * Householder reduction of a real symmetric matrix to tridiagonal form, A = Q T Qᵀ
 * (Golub & Van Loan, Matrix Computations, 4th ed., §8.3.1).
 *
 * Works in place on the lower triangle of a row-major Float64 copy. At step k the reflector
 * H_k = I − τ v vᵀ zeroes column k below the sub-diagonal; the trailing block S is updated as
 * S ← S − v wᵀ − w vᵀ with p = τ S v, w = p − (τ/2)(pᵀv) v. The symmetric product S v and the
 * rank-2 update walk rows of the lower triangle contiguously, fused into one sweep per step.
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
 *
 * The rank-2 update of step k is deferred and fused with the product S v of step k+1 (one sweep over
 * the trailing block per step instead of two), and the sweep handles two rows at a time so each
 * element of p, v and w is loaded once per row pair.
 */
export function tridiagonalize(a: Float64Array, n: number, wantQ: boolean): Tridiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Current reflector v and product p (becomes w); the previous step's (u, w) is the pending update.
  let v = new Float64Array(n);
  let p = new Float64Array(n);
  let u = new Float64Array(n);
  let w = new Float64Array(n);
  // Reflectors kept for building Q: row k holds v_k (entries k+1..n-1), taus[k] its τ.
  const vs = wantQ ? new Float64Array(n * n) : null;
  const taus = new Float64Array(n);

  for (let k = 0; k + 2 < n; k++) {
    // Bring column k up to date with the pending update (u, w) of step k-1 (zero at k = 0).
    const uk = u[k]!, wk = w[k]!;
    for (let i = k; i < n; i++) a[i * n + k] -= u[i]! * wk + w[i]! * uk;
    d[k] = a[k * n + k]!;

    // Reflector for x = A[k+1.., k]: H x = beta e_1, H = I − τ v vᵀ with v[k+1] = 1.
    const alpha = a[(k + 1) * n + k]!;
    let sigma = 0;
    for (let i = k + 2; i < n; i++) {
      const x = a[i * n + k]!;
      sigma += x * x;
    }
    let tau = 0;
    if (sigma === 0) {
      e[k] = alpha;
      for (let i = k + 1; i < n; i++) v[i] = 0;
    } else {
      const norm = Math.sqrt(alpha * alpha + sigma);
      const beta = alpha <= 0 ? norm : -norm;
      tau = (beta - alpha) / beta;
      const scale = 1 / (alpha - beta);
      v[k + 1] = 1;
      for (let i = k + 2; i < n; i++) v[i] = a[i * n + k]! * scale;
      e[k] = beta;
      if (vs) for (let i = k + 1; i < n; i++) vs[k * n + i] = v[i]!;
    }
    taus[k] = tau;

    // One sweep: apply the pending update to the trailing block and accumulate p = S v.
    for (let i = k + 1; i < n; i++) p[i] = 0;
    updateAndMultiply(a, n, k + 1, u, w, v, p);
    // w = τ S v − (τ²/2)(vᵀ S v) v
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] *= tau;
      pv += p[i]! * v[i]!;
    }
    const half = 0.5 * tau * pv;
    for (let i = k + 1; i < n; i++) p[i] -= half * v[i]!;
    // (v, p) become the pending update; recycle the old buffers.
    [u, v] = [v, u];
    [w, p] = [p, w];
  }
  // Flush the last pending update into the trailing 2x2 block.
  for (let i = Math.max(0, n - 2); i < n; i++) {
    for (let j = Math.max(0, n - 2); j <= i; j++) a[i * n + j] -= u[i]! * w[j]! + w[i]! * u[j]!;
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
 * For the lower triangle of the block A[lo.., lo..]: A ← A − u wᵀ − w uᵀ, and p += A_new v (symmetric
 * product, each stored element used for both its row and its column). Rows are processed in pairs.
 */
function updateAndMultiply(
  a: Float64Array, n: number, lo: number,
  u: Float64Array, w: Float64Array, v: Float64Array, p: Float64Array,
): void {
  let i = lo;
  for (; i + 1 < n; i += 2) {
    const r0 = i * n, r1 = r0 + n;
    const v0 = v[i]!, v1 = v[i + 1]!, u0 = u[i]!, u1 = u[i + 1]!, w0 = w[i]!, w1 = w[i + 1]!;
    let s0 = 0, s1 = 0;
    for (let j = lo; j < i; j++) {
      const vj = v[j]!, uj = u[j]!, wj = w[j]!;
      const x0 = a[r0 + j]! - (u0 * wj + w0 * uj);
      const x1 = a[r1 + j]! - (u1 * wj + w1 * uj);
      a[r0 + j] = x0;
      a[r1 + j] = x1;
      s0 += x0 * vj;
      s1 += x1 * vj;
      p[j] += x0 * v0 + x1 * v1;
    }
    // The 2x2 corner: (i, i), (i+1, i), (i+1, i+1).
    const d0 = a[r0 + i]! - 2 * u0 * w0;
    const off = a[r1 + i]! - (u1 * w0 + w1 * u0);
    const d1 = a[r1 + i + 1]! - 2 * u1 * w1;
    a[r0 + i] = d0;
    a[r1 + i] = off;
    a[r1 + i + 1] = d1;
    p[i] += s0 + d0 * v0 + off * v1;
    p[i + 1] += s1 + off * v0 + d1 * v1;
  }
  if (i < n) {
    const r0 = i * n, v0 = v[i]!, u0 = u[i]!, w0 = w[i]!;
    let s0 = 0;
    for (let j = lo; j < i; j++) {
      const x0 = a[r0 + j]! - (u0 * w[j]! + w0 * u[j]!);
      a[r0 + j] = x0;
      s0 += x0 * v[j]!;
      p[j] += x0 * v0;
    }
    const d0 = a[r0 + i]! - 2 * u0 * w0;
    a[r0 + i] = d0;
    p[i] += s0 + d0 * v0;
  }
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
