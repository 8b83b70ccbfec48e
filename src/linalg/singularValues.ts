/**
 * Singular values of a dense matrix via the eigenvalues of its smaller Gram matrix.
 * Squaring the matrix loses relative accuracy in the smallest singular values (they are only accurate
 * to about sqrt(eps) · σ_max ≈ 1.5e-8 σ_max), which is ample for rank statistics.
 */
import { smallerGram } from './gram.js';
import type { Matrix } from './matrix.js';
import { eigenInPlace } from './symmetricEigen.js';

/** Singular values of `m` (min(rows, cols) of them), descending, non-negative. */
export function singularValues(m: Matrix): Float64Array {
  const { gram, n } = smallerGram(m);
  const { values } = eigenInPlace(gram, n, false);
  for (let i = 0; i < n; i++) values[i] = Math.sqrt(Math.max(0, values[i]!));
  return values; // already descending: sqrt is monotone and clamping keeps the order
}
