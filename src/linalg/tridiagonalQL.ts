/**
 * Eigenvalues (and optionally eigenvectors) of a symmetric tridiagonal matrix by the QL algorithm
 * with implicit Wilkinson-type shifts (Bowdler, Martin, Reinsch & Wilkinson 1968, EISPACK tql2;
 * Golub & Van Loan §8.3.5). O(n²) for values; O(n³) when rotations are applied to vectors.
 */

const MAX_SWEEPS_PER_VALUE = 60;
/** Couplings below this are zero for every matrix we meet (float32 activations' Gram matrices). */
const TINY = 1e-250;

/**
 * On return `d` holds the eigenvalues (unsorted). `e` (sub-diagonal, e[i] couples i and i+1) is destroyed.
 * If `zt` is given (row-major n x n), each plane rotation of the QL step is applied to rows i, i+1 of `zt`,
 * so if zt = Qᵀ on entry, row j of zt is the eigenvector of the original matrix for d[j] on return.
 */
export function tridiagonalQL(d: Float64Array, e: Float64Array, n: number, zt?: Float64Array): void {
  const EPS = Number.EPSILON;
  if (n > 0) e[n - 1] = 0;
  // Negligible off-diagonals are judged against the largest |d| + |e| seen so far (as JAMA's tql2), not only against
  // their neighbours: with clusters of zero eigenvalues (dead neurons) d[m] = d[m+1] = 0 and a purely local test
  // never deflates a tiny e[m].
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    for (;;) {
      // Find the first negligible off-diagonal element at or after l.
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        // (the absolute floor catches subnormal couplings, where the QL step itself underflows)
        if (Math.abs(e[m]!) <= EPS * Math.max(dd, tst1) || Math.abs(e[m]!) < TINY) break;
      }
      if (m === l) break;
      if (++iter > MAX_SWEEPS_PER_VALUE) throw new Error(`tridiagonalQL: no convergence for eigenvalue ${l}`);

      // Shift from the leading 2x2 block, then chase the bulge from m-1 up to l.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Recover from underflow: deflate and restart this eigenvalue.
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (zt) {
          const ri = i * n, rj = ri + n;
          for (let k = 0; k < n; k++) {
            const zi = zt[ri + k]!, zj = zt[rj + k]!;
            zt[rj + k] = s * zi + c * zj;
            zt[ri + k] = c * zi - s * zj;
          }
        }
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
