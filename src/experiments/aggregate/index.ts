/** Aggregation of sweep runs: loading, per-run extraction, normalisation and rliable-style statistics. */
export { loadSweep, type LoadedSweep, type RunRecord, type MissingRun, type Unfinished } from './load.js';
export { episodes, returnCurve, finalReturn, aucReturn, stepGrid, representationLayer, diagnostics, DIAG_METRICS, type EpisodeSeries, type DiagMetric, type DiagSeries } from './extract.js';
export { scoreRef, normalizeScore, parseScoreTable, type ScoreRef } from './scores.js';
export { atariScores, atariGameOf, parseAtariScores, ATARI_SCORES_FILE, type AtariReference } from './atari-scores.js';
export { aggregateSweep, defaultGroupBy, groupOf, type AggregateOptions, type AggregateResult, type RunScore, type GroupEnvStats, type DiagStats, type Band, type Estimates, type ScoreKind, type ExcludedRun, type ExclusionKind, type HnsSummary } from './aggregate.js';
export { formatAggregate, formatTable, aggregateTables, excludedTable, hnsTable, fmtInterval, type TextTable } from './format.js';
