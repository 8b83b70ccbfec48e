/**
 * Dormant neurons (Sokar, Agarwal, Castro & Evci 2023, "The Dormant Neuron Phenomenon in Deep RL"):
 * s_i = mean_n |a_ni| / ( (1/D) Σ_j mean_n |a_nj| ), and neuron i is τ-dormant when s_i ≤ τ.
 */
import type { Matrix } from '../linalg/matrix.js';
import { DEFAULT_DORMANT_TAU } from './activation.js';
import { columnStats } from './columnStats.js';
import { maskFraction } from './neuronSet.js';

/**
 * Scores from per-neuron mean |a|. When the whole layer is exactly zero the scores are all 0
 * (every neuron is dormant for any τ ≥ 0) rather than 0/0.
 */
export function dormantScoresFromMeanAbs(meanAbs: ArrayLike<number>): Float64Array {
  const d = meanAbs.length;
  const s = new Float64Array(d);
  let layerMean = 0;
  for (let j = 0; j < d; j++) layerMean += meanAbs[j]!;
  layerMean /= d;
  if (!(layerMean > 0)) return s;
  for (let j = 0; j < d; j++) s[j] = meanAbs[j]! / layerMean;
  return s;
}

/** s_i for every neuron (column) of the activation matrix. */
export function dormantScores(m: Matrix): Float64Array {
  return dormantScoresFromMeanAbs(columnStats(m).meanAbs);
}

/** 1 where s_i ≤ τ. */
export function dormantMaskFromScores(scores: ArrayLike<number>, tau = DEFAULT_DORMANT_TAU): Uint8Array {
  const mask = new Uint8Array(scores.length);
  for (let j = 0; j < scores.length; j++) mask[j] = scores[j]! <= tau ? 1 : 0;
  return mask;
}

export function dormantMask(m: Matrix, tau = DEFAULT_DORMANT_TAU): Uint8Array {
  return dormantMaskFromScores(dormantScores(m), tau);
}

export function dormantFraction(m: Matrix, tau = DEFAULT_DORMANT_TAU): number {
  return maskFraction(dormantMask(m, tau));
}
