/** Aggregate statistics for RL experiments (Agarwal et al. 2021, "Deep RL at the Edge of the Statistical Precipice"). */
export { type ScoreMatrix, type ScoreMatrixInput, toScoreMatrix, singleTask, taskColumn, taskMeans, toNested } from './matrix.js';
export { mean, median, quantile, quantileSorted, sorted, std, trimmedMean, trimmedMeanSorted, iqm } from './descriptive.js';
export { aggregateMean, aggregateMedian, aggregateIqm, optimalityGap, METRICS, type Metric } from './aggregate.js';
export {
  bootstrapCI, bootstrapVectorCI, stratifiedResample, percentileInterval, resolveBootstrap,
  type BootstrapOptions, type Interval, type IntervalVector, type ResolvedBootstrap,
} from './bootstrap.js';
export { probabilityOfImprovement, probabilityOfImprovementCI, taskProbabilityOfImprovement } from './improvement.js';
export { performanceProfile, performanceProfileCI, linspace, type ProfileMode } from './profiles.js';
export { normalize, normalizeMatrix } from './normalize.js';
export {
  auc, resampleCurve, commonGrid, alignCurves, curveBands, curveIntervals,
  type Curve, type AlignMethod, type AlignOptions, type CurveStatistic, type CurveBandOptions,
} from './curves.js';
export { intervalEstimates, type AggregateName, type IntervalEstimateOptions, type IntervalTable } from './intervals.js';
