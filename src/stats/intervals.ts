/**
 * Interval estimates for several algorithms and metrics at once (rliable get_interval_estimates):
 * the table behind an "aggregate metrics with 95% CIs" figure.
 */
import { aggregateIqm, aggregateMean, aggregateMedian, optimalityGap } from './aggregate.js';
import { bootstrapCI, type BootstrapOptions, type Interval } from './bootstrap.js';
import { toScoreMatrix, type ScoreMatrix, type ScoreMatrixInput } from './matrix.js';

export type AggregateName = 'median' | 'iqm' | 'mean' | 'optimalityGap';

export interface IntervalEstimateOptions extends BootstrapOptions {
  /** Metrics to compute, in order (default: median, IQM, mean, optimality gap — rliable's figure order). */
  metrics?: ReadonlyArray<AggregateName>;
  /** γ for the optimality gap (default 1). */
  gamma?: number;
}

/** result[algorithm][metric] = point estimate and CI. */
export type IntervalTable = Record<string, Partial<Record<AggregateName, Interval>>>;

export function intervalEstimates(
  scoresByAlgorithm: Readonly<Record<string, ScoreMatrixInput>>,
  opts: IntervalEstimateOptions = {},
): IntervalTable {
  const metrics = opts.metrics ?? ['median', 'iqm', 'mean', 'optimalityGap'];
  const gamma = opts.gamma ?? 1;
  const fns: Record<AggregateName, (m: ScoreMatrix) => number> = {
    median: aggregateMedian,
    iqm: aggregateIqm,
    mean: aggregateMean,
    optimalityGap: (m) => optimalityGap(m, gamma),
  };
  const out: IntervalTable = {};
  // A fixed seed per (algorithm, metric) position keeps each entry reproducible on its own.
  let k = 0;
  const base = opts.seed ?? 0;
  for (const [name, scores] of Object.entries(scoresByAlgorithm)) {
    const m = toScoreMatrix(scores, name);
    const row: Partial<Record<AggregateName, Interval>> = {};
    for (const metric of metrics) {
      row[metric] = bootstrapCI(m, fns[metric], { ...opts, rng: opts.rng, seed: base + 1000003 * k++ });
    }
    out[name] = row;
  }
  return out;
}
