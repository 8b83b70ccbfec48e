/**
 * Effective-rank statistics of a feature matrix Φ (probe states x neurons), from its singular values.
 * - srank_δ (Kumar, Agarwal, Ghosh & Levine 2021, "Implicit Under-Parameterization"):
 *   the smallest k with Σ_{i≤k} σ_i ≥ (1 − δ) Σ_i σ_i.
 * - entropy effective rank (Roy & Vetterli 2007): exp(H(p)) with p_i = σ_i / Σ_j σ_j, 0·log 0 = 0.
 * - stable rank: ‖Φ‖_F² / ‖Φ‖_2² = Σ σ_i² / σ_1².
 * All three are 0 for a zero matrix.
 */
import type { Matrix } from '../linalg/matrix.js';
import { singularValues } from '../linalg/singularValues.js';
import { DEFAULT_SRANK_DELTA } from './activation.js';

function sortedDescending(sv: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(sv);
  for (let i = 0; i < s.length; i++) {
    if (!(s[i]! >= 0)) throw new Error(`effective rank: singular value ${i} is ${s[i]}; must be ≥ 0`);
  }
  return s.sort().reverse();
}

export function srank(sv: ArrayLike<number>, delta = DEFAULT_SRANK_DELTA): number {
  if (!(delta >= 0 && delta < 1)) throw new Error(`srank: delta must be in [0, 1), got ${delta}`);
  const s = sortedDescending(sv);
  let total = 0;
  for (let i = 0; i < s.length; i++) total += s[i]!;
  if (total === 0) return 0;
  const target = (1 - delta) * total;
  let acc = 0;
  for (let k = 0; k < s.length; k++) {
    acc += s[k]!;
    if (acc >= target) return k + 1;
  }
  return s.length; // only reachable through rounding when delta = 0
}

export function entropyEffectiveRank(sv: ArrayLike<number>): number {
  const s = sortedDescending(sv);
  let total = 0;
  for (let i = 0; i < s.length; i++) total += s[i]!;
  if (total === 0) return 0;
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    const p = s[i]! / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return Math.exp(h);
}

export function stableRank(sv: ArrayLike<number>): number {
  const s = sortedDescending(sv);
  if (s.length === 0 || s[0] === 0) return 0;
  let f = 0;
  for (let i = 0; i < s.length; i++) f += s[i]! * s[i]!;
  return f / (s[0]! * s[0]!);
}

export interface EffectiveRanks {
  srank: number;
  delta: number;
  entropyRank: number;
  stableRank: number;
  /** Singular values of the feature matrix, descending. */
  singularValues: Float64Array;
}

/** All rank statistics of a feature matrix (one SVD). */
export function effectiveRanks(m: Matrix, delta = DEFAULT_SRANK_DELTA): EffectiveRanks {
  const sv = singularValues(m);
  return { srank: srank(sv, delta), delta, entropyRank: entropyEffectiveRank(sv), stableRank: stableRank(sv), singularValues: sv };
}
