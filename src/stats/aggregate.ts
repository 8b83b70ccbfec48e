/**
 * Aggregate metrics over a runs × tasks score matrix, following rliable (Agarwal et al. 2021,
 * rliable/metrics.py):
 * - mean:   mean over tasks of the per-task mean over runs;
 * - median: median over tasks of the per-task mean over runs (not the median of all runs);
 * - IQM:    25% trimmed mean of all runs × tasks scores pooled together (scipy trim_mean, axis=None);
 * - optimality gap: γ − mean(min(score, γ)) over all scores.
 */
import { mean, median, trimmedMeanSorted } from './descriptive.js';
import { taskMeans, toScoreMatrix, type ScoreMatrix, type ScoreMatrixInput } from './matrix.js';

export function aggregateMean(scores: ScoreMatrixInput): number {
  return mean(taskMeans(toScoreMatrix(scores)));
}

export function aggregateMedian(scores: ScoreMatrixInput): number {
  return median(taskMeans(toScoreMatrix(scores)));
}

export function aggregateIqm(scores: ScoreMatrixInput): number {
  const m = toScoreMatrix(scores);
  return trimmedMeanSorted(Float64Array.from(m.data).sort(), 0.25);
}

/** Optimality gap at threshold γ (default 1, i.e. human-level for human-normalised scores); lower is better. */
export function optimalityGap(scores: ScoreMatrixInput, gamma = 1): number {
  if (!Number.isFinite(gamma)) throw new Error(`optimalityGap: gamma must be finite, got ${gamma}`);
  const m = toScoreMatrix(scores);
  let s = 0;
  for (let i = 0; i < m.data.length; i++) s += Math.min(m.data[i]!, gamma);
  return gamma - s / m.data.length;
}

/** A metric maps a (validated) score matrix to one number. */
export type Metric = (scores: ScoreMatrix) => number;

/** The four rliable aggregate metrics by name, for use with the bootstrap helpers. */
export const METRICS: Readonly<Record<'mean' | 'median' | 'iqm' | 'optimalityGap', Metric>> = {
  mean: (m) => aggregateMean(m),
  median: (m) => aggregateMedian(m),
  iqm: (m) => aggregateIqm(m),
  optimalityGap: (m) => optimalityGap(m, 1),
};
