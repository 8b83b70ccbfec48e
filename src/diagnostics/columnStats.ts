/**
 * Per-neuron (per-column) statistics over the probe batch in one row-major pass, in float64.
 * Variances use the shifted-data formula (shift = first row), so a constant column gets exactly 0.
 */
import { assertMatrix, type Matrix } from '../linalg/matrix.js';

export interface ColumnStats {
  /** Number of probe states (rows). */
  n: number;
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
  /** mean_n |a_ni|. */
  meanAbs: Float64Array;
  /** Population standard deviation over the probe states (divides by n). */
  std: Float64Array;
}

export function columnStats(m: Matrix): ColumnStats {
  assertMatrix(m, 'columnStats');
  const { rows, cols, data } = m;
  const min = new Float64Array(cols).fill(Infinity);
  const max = new Float64Array(cols).fill(-Infinity);
  const mean = new Float64Array(cols);
  const meanAbs = new Float64Array(cols);
  const std = new Float64Array(cols);
  if (rows === 0) {
    min.fill(NaN); max.fill(NaN); mean.fill(NaN); meanAbs.fill(NaN); std.fill(NaN);
    return { n: 0, min, max, mean, meanAbs, std };
  }
  const shift = new Float64Array(cols);
  for (let j = 0; j < cols; j++) shift[j] = data[j]!;
  const sumD = new Float64Array(cols);
  const sumD2 = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const a = data[row + j]!;
      if (a < min[j]!) min[j] = a;
      if (a > max[j]!) max[j] = a;
      meanAbs[j] += a < 0 ? -a : a;
      const dlt = a - shift[j]!;
      sumD[j] += dlt;
      sumD2[j] += dlt * dlt;
    }
  }
  for (let j = 0; j < cols; j++) {
    if (!Number.isFinite(meanAbs[j]!) || !Number.isFinite(sumD2[j]!)) {
      throw new Error(`columnStats: neuron ${j} has non-finite activations`);
    }
    const md = sumD[j]! / rows;
    mean[j] = shift[j]! + md;
    meanAbs[j] = meanAbs[j]! / rows;
    std[j] = Math.sqrt(Math.max(0, sumD2[j]! / rows - md * md));
  }
  return { n: rows, min, max, mean, meanAbs, std };
}
