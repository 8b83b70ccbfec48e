/**
 * Neurons at a limit of their activation on most probe states. The strict tests of deadSaturated.ts flag a neuron
 * only when every probe state sits at the limit, so a single state inside the range keeps it "alive"; these report,
 * per neuron, the share of probe states at the limit, and how many neurons reach a given share (e.g. saturated on
 * ≥ 99 % or ≥ 90 % of the probe states). A share of 1 is the strict test.
 */
import { assertMatrix, type Matrix } from '../linalg/matrix.js';
import type { SaturationRange } from './activation.js';

function shareWhere(m: Matrix, what: string, atLimit: (a: number) => boolean): Float64Array {
  assertMatrix(m, what);
  const { rows, cols, data } = m;
  const hits = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) if (atLimit(data[row + j]!)) hits[j] = hits[j]! + 1; // NaN is at no limit
  }
  if (rows > 0) for (let j = 0; j < cols; j++) hits[j] = hits[j]! / rows;
  return hits;
}

/** Per neuron: the share of probe states with a ≤ range.low or a ≥ range.high (0 with no probe states). */
export function saturatedStateShare(m: Matrix, range: SaturationRange): Float64Array {
  if (!(range.low <= range.high)) throw new Error(`saturatedStateShare: need low ≤ high, got [${range.low}, ${range.high}]`);
  return shareWhere(m, 'saturatedStateShare', (a) => a <= range.low || a >= range.high);
}

/** Per neuron: the share of probe states with a ≤ threshold (0 with no probe states). */
export function deadStateShare(m: Matrix, threshold: number): Float64Array {
  return shareWhere(m, 'deadStateShare', (a) => a <= threshold);
}

/** The fraction of neurons whose share is ≥ minShare (0 for a layer without neurons); minShare in (0, 1]. */
export function fractionWithShareAtLeast(shares: ArrayLike<number>, minShare: number): number {
  if (!(minShare > 0 && minShare <= 1)) throw new Error(`fractionWithShareAtLeast: minShare must be in (0, 1], got ${minShare}`);
  if (shares.length === 0) return 0;
  let c = 0;
  // a share is k / rows: compare with a little slack so that 99/100 counts as ≥ 0.99 despite rounding
  for (let j = 0; j < shares.length; j++) if (shares[j]! >= minShare - 1e-12) c++;
  return c / shares.length;
}
