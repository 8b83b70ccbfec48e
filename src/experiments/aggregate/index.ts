/** Aggregation of sweep runs: loading, per-run extraction, normalisation and rliable-style statistics. */
export { loadSweep, type LoadedSweep, type RunRecord } from './load.js';
export { episodes, returnCurve, finalReturn, aucReturn, stepGrid, representationLayer, diagnostics, DIAG_METRICS, type EpisodeSeries, type DiagMetric, type DiagSeries } from './extract.js';
export { scoreRef, normalizeScore, parseScoreTable, researchScoreTable, RESEARCH_ATARI_TABLES, type ScoreRef } from './scores.js';
export { aggregateSweep, defaultGroupBy, groupOf, type AggregateOptions, type AggregateResult, type RunScore, type GroupEnvStats, type DiagStats, type Band, type Estimates, type ScoreKind } from './aggregate.js';
export { formatAggregate, aggregateTables, fmtInterval, type TextTable } from './format.js';
