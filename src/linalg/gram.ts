/**
 * Gram matrices in float64 with a register-blocked kernel: each 4x2 block of dot products
 * reuses every loaded element, and rows are walked contiguously.
 */
import { assertMatrix, transposeToFloat64, type Matrix } from './matrix.js';

/**
 * X Xᵀ for a row-major Float64 array X (r x c); returns the full symmetric r x r result.
 * Only the lower triangle is computed, then mirrored.
 */
export function gramOfRows(x: Float64Array, r: number, c: number): Float64Array {
  const g = new Float64Array(r * r);
  let i = 0;
  // Blocks of 4 rows of X against pairs of rows: 8 accumulators, 6 loads per 8 multiply-adds.
  for (; i + 3 < r; i += 4) {
    const a0 = i * c, a1 = a0 + c, a2 = a1 + c, a3 = a2 + c;
    for (let j = 0; j < i + 4; j += 2) {
      const b0 = j * c, b1 = b0 + c;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let k = 0; k < c; k++) {
        const y0 = x[b0 + k]!, y1 = x[b1 + k]!;
        let t = x[a0 + k]!;
        s00 += t * y0; s01 += t * y1;
        t = x[a1 + k]!;
        s10 += t * y0; s11 += t * y1;
        t = x[a2 + k]!;
        s20 += t * y0; s21 += t * y1;
        t = x[a3 + k]!;
        s30 += t * y0; s31 += t * y1;
      }
      const o = i * r + j;
      g[o] = s00; g[o + 1] = s01;
      g[o + r] = s10; g[o + r + 1] = s11;
      g[o + 2 * r] = s20; g[o + 2 * r + 1] = s21;
      g[o + 3 * r] = s30; g[o + 3 * r + 1] = s31;
    }
  }
  // Remaining 0-3 rows, one dot product at a time.
  for (; i < r; i++) {
    const a0 = i * c;
    for (let j = 0; j <= i; j++) {
      const b0 = j * c;
      let s = 0;
      for (let k = 0; k < c; k++) s += x[a0 + k]! * x[b0 + k]!;
      g[i * r + j] = s;
    }
  }
  // Mirror the lower triangle (the 4x2 blocks also wrote some upper entries; they are equal anyway).
  for (let p = 0; p < r; p++) for (let q = p + 1; q < r; q++) g[p * r + q] = g[q * r + p]!;
  return g;
}

/**
 * The smaller Gram matrix of `m`: AᵀA (cols x cols) when rows >= cols, else AAᵀ (rows x rows).
 * Both share the non-zero eigenvalues σ_i² of A.
 */
export function smallerGram(m: Matrix): { gram: Float64Array; n: number } {
  assertMatrix(m);
  if (m.rows >= m.cols) {
    const t = transposeToFloat64(m);
    return { gram: gramOfRows(t.data as Float64Array, t.rows, t.cols), n: m.cols };
  }
  const x = m.data instanceof Float64Array ? m.data : Float64Array.from(m.data);
  return { gram: gramOfRows(x, m.rows, m.cols), n: m.rows };
}
