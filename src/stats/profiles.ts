/**
 * Performance profiles (score distributions, Agarwal et al. 2021): for each threshold τ the fraction of
 * scores strictly above τ. Two variants, as in rliable:
 * - 'runs' (default, rliable's score_distributions): over all runs × tasks scores pooled;
 * - 'taskMeans' (average score distributions): over the per-task mean scores.
 * CIs are stratified-bootstrap percentile bands, element-wise over τ.
 */
import { bootstrapVectorCI, type BootstrapOptions, type IntervalVector } from './bootstrap.js';
import { taskMeans, toScoreMatrix, type ScoreMatrix, type ScoreMatrixInput } from './matrix.js';

export type ProfileMode = 'runs' | 'taskMeans';

function fractionAbove(values: ArrayLike<number>, taus: ArrayLike<number>): Float64Array {
  const out = new Float64Array(taus.length);
  for (let k = 0; k < taus.length; k++) {
    const tau = taus[k]!;
    let c = 0;
    for (let i = 0; i < values.length; i++) if (values[i]! > tau) c++;
    out[k] = c / values.length;
  }
  return out;
}

function profileOf(m: ScoreMatrix, taus: ArrayLike<number>, mode: ProfileMode): Float64Array {
  return fractionAbove(mode === 'runs' ? m.data : taskMeans(m), taus);
}

function checkTaus(taus: ArrayLike<number>): void {
  if (taus.length === 0) throw new Error('performanceProfile: the τ grid is empty');
  for (let i = 0; i < taus.length; i++) {
    if (!Number.isFinite(taus[i]!)) throw new Error(`performanceProfile: τ[${i}] is ${taus[i]}`);
  }
}

/** Fraction of scores > τ, for each τ of the grid. */
export function performanceProfile(scores: ScoreMatrixInput, taus: ArrayLike<number>, mode: ProfileMode = 'runs'): Float64Array {
  checkTaus(taus);
  return profileOf(toScoreMatrix(scores), taus, mode);
}

/** Performance profile with element-wise stratified-bootstrap CI bands. */
export function performanceProfileCI(
  scores: ScoreMatrixInput,
  taus: ArrayLike<number>,
  opts: BootstrapOptions & { mode?: ProfileMode } = {},
): IntervalVector {
  checkTaus(taus);
  const mode = opts.mode ?? 'runs';
  return bootstrapVectorCI(scores, (m) => profileOf(m, taus, mode), opts);
}

/** `count` evenly spaced values from `lo` to `hi` inclusive (numpy linspace), e.g. a τ grid. */
export function linspace(lo: number, hi: number, count: number): Float64Array {
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`linspace: count must be a positive integer, got ${count}`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`linspace: bounds must be finite, got ${lo}, ${hi}`);
  if (count === 1) return Float64Array.of(lo);
  return Float64Array.from({ length: count }, (_, i) => (i === count - 1 ? hi : lo + ((hi - lo) * i) / (count - 1)));
}
