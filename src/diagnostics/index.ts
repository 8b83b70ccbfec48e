/** Representation-health diagnostics on plain activation matrices (rows = probe states, cols = neurons). */
export type { Matrix } from '../linalg/matrix.js';
export { matrixFromRows } from '../linalg/matrix.js';
export {
  type ActivationKind,
  type SaturationRange,
  activationKindOf,
  activationRange,
  defaultSaturationRange,
  DEFAULT_CONSTANT_REL_TOL,
  DEFAULT_DEAD_THRESHOLD,
  DEFAULT_DORMANT_TAU,
  DEFAULT_SIGMOID_SATURATION,
  DEFAULT_SRANK_DELTA,
  DEFAULT_TANH_SATURATION,
} from './activation.js';
export { type ColumnStats, columnStats } from './columnStats.js';
export { type NeuronSet, maskFraction, maskIndices, maskUnion, neuronSet } from './neuronSet.js';
export {
  type DeadOptions,
  type SaturationOptions,
  deadFraction,
  deadMask,
  resolveSaturationRange,
  saturatedFraction,
  saturatedMask,
  SATURATED_HIGH,
  SATURATED_LOW,
  SATURATED_MIXED,
} from './deadSaturated.js';
export { deadStateShare, fractionWithShareAtLeast, saturatedStateShare } from './stateShare.js';
export { dormantFraction, dormantMask, dormantMaskFromScores, dormantScores, dormantScoresFromMeanAbs } from './dormant.js';
export { constantFraction, constantMask, constantMaskFromStd, constantThreshold } from './constant.js';
export { type EffectiveRanks, effectiveRanks, entropyEffectiveRank, srank, stableRank } from './effectiveRank.js';
export { type HiddenBiasGroup, type HiddenBiasResult, hiddenBias } from './hiddenBias.js';
export {
  type BandwidthRule,
  type HistogramOptions,
  type HistogramResult,
  type KdeOptions,
  type KdeResult,
  type NeuronHistogram,
  type NeuronKde,
  histogram,
  kde,
  kdeBandwidth,
  neuronColumn,
} from './density.js';
export {
  type DensityOptions,
  type LayerReport,
  type LayerReportOptions,
  type NeuronStats,
  type RankReport,
  type SaturatedSet,
  type StateShareReport,
  layerReport,
} from './layerReport.js';
export { type HrActivations, type HrLayerReport, hrLayerReport } from './hrReport.js';
export { probeNetwork, summarizeReport, type ProbedNetwork, type ProbeOptions, type LayerSummary } from './network-probe.js';
