/**
 * Exact (to rounding) eigen-decomposition of a real symmetric matrix:
 * Householder tridiagonalisation followed by implicit-shift QL, all in float64.
 */
import { assertMatrix, type Matrix } from './matrix.js';
import { tridiagonalize } from './tridiagonalize.js';
import { tridiagonalQL } from './tridiagonalQL.js';

export interface SymmetricEigenOptions {
  /** Also compute eigenvectors (about 4x slower). Default false. */
  vectors?: boolean;
}

export interface SymmetricEigenResult {
  /** Eigenvalues, sorted in descending order. */
  values: Float64Array;
  /**
   * With `vectors: true`: an n x n Float64 matrix whose ROW k is the unit eigenvector for values[k]
   * (so A ≈ Σ_k values[k] · v_k v_kᵀ).
   */
  vectors?: Matrix;
}

/**
 * Eigenvalues (descending) and optionally eigenvectors of the symmetric matrix `a`.
 * Only the lower triangle of `a` is read; `a` is not modified.
 */
export function symmetricEigen(a: Matrix, options: SymmetricEigenOptions = {}): SymmetricEigenResult {
  assertMatrix(a, 'symmetricEigen');
  if (a.rows !== a.cols) throw new Error(`symmetricEigen: matrix must be square, got ${a.rows}x${a.cols}`);
  const n = a.rows;
  const work = Float64Array.from(a.data);
  return eigenInPlace(work, n, options.vectors === true);
}

/** Eigenvalues of a symmetric matrix, descending. Convenience for `symmetricEigen(a).values`. */
export function symmetricEigenvalues(a: Matrix): Float64Array {
  return symmetricEigen(a).values;
}

/**
 * Same as `symmetricEigen`, but on a row-major Float64 buffer that is overwritten (no copy).
 * Used by callers that built the matrix themselves (e.g. a Gram matrix).
 */
export function eigenInPlace(work: Float64Array, n: number, wantVectors: boolean): SymmetricEigenResult {
  for (let i = 0; i < work.length; i++) {
    if (!Number.isFinite(work[i]!)) throw new Error('symmetricEigen: matrix has non-finite entries');
  }
  const { d, e, qt } = tridiagonalize(work, n, wantVectors);
  tridiagonalQL(d, e, n, qt);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y]! - d[x]!);
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) values[k] = d[order[k]!]!;
  if (!qt) return { values };
  const vec = new Float64Array(n * n);
  for (let k = 0; k < n; k++) vec.set(qt.subarray(order[k]! * n, order[k]! * n + n), k * n);
  return { values, vectors: { data: vec, rows: n, cols: n } };
}
