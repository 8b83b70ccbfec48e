/**
 * One JSON-friendly health report per layer, from its probe activation matrix (rows = probe states,
 * columns = neurons). Every threshold defaults to mission.md §3 and can be overridden.
 */
import { assertMatrix, type Matrix } from '../linalg/matrix.js';
import {
  activationRange,
  DEFAULT_CONSTANT_REL_TOL,
  DEFAULT_DEAD_THRESHOLD,
  DEFAULT_DORMANT_TAU,
  DEFAULT_SRANK_DELTA,
  defaultSaturationRange,
  type ActivationKind,
  type SaturationRange,
} from './activation.js';
import { columnStats } from './columnStats.js';
import { constantMaskFromStd, constantThreshold } from './constant.js';
import { deadMask, saturatedMask, SATURATED_HIGH, SATURATED_LOW, SATURATED_MIXED } from './deadSaturated.js';
import { histogram, kde, type BandwidthRule, type HistogramResult, type KdeResult } from './density.js';
import { dormantMaskFromScores, dormantScoresFromMeanAbs } from './dormant.js';
import { effectiveRanks } from './effectiveRank.js';
import { hiddenBias, type HiddenBiasResult } from './hiddenBias.js';
import { maskUnion, neuronSet, type NeuronSet } from './neuronSet.js';
import { deadStateShare, fractionWithShareAtLeast, saturatedStateShare } from './stateShare.js';

export interface DensityOptions {
  /** Which neurons (column indices) to describe. */
  neurons: number[];
  /** Histogram bins (default 50); 0 to skip the histogram. */
  bins?: number;
  /** KDE grid points (default 256); 0 to skip the KDE. */
  points?: number;
  /** KDE bandwidth rule (default 'scott'). */
  bandwidth?: BandwidthRule;
  /** KDE minimum bandwidth (default: the grid spacing). */
  minBandwidth?: number;
  /** Shared range; default: the activation's range for tanh/sigmoid (padded for the KDE), else the data's. */
  range?: [number, number];
}

export interface LayerReportOptions {
  activation: ActivationKind;
  /**
   * Dead when a ≤ deadThreshold for every probe state. Default 0; only tested for 'relu' unless given
   * explicitly.
   */
  deadThreshold?: number;
  /** Saturation range; default by activation (tanh ±0.99, sigmoid 0.01/0.99), none for relu/other. */
  saturation?: SaturationRange;
  /** Dormant threshold τ (Sokar et al. 2023). Default 0.025; τ = 0 is always reported too. */
  dormantTau?: number;
  /** Constant when std < constantRelTol × mean std of the layer. Default 1e-3. */
  constantRelTol?: number;
  /** srank δ (Kumar et al. 2021). Default 0.01. */
  srankDelta?: number;
  /** Compute rank statistics (one SVD, the expensive part). Default true. */
  rank?: boolean;
  /** Include the singular values in the report. Default false. */
  includeSingularValues?: boolean;
  /** Include per-neuron statistics (mean, std, mean|a|, min, max, dormant score). Default false. */
  includeNeuronStats?: boolean;
  /** Histograms and KDEs of a subset of neurons. */
  density?: DensityOptions;
  /** Head weights (outputs x neurons, out x in) for the hidden-bias analysis of this layer's inactive neurons. */
  headWeight?: Matrix;
}

export interface SaturatedSet extends NeuronSet {
  range: SaturationRange;
  /** Saturated at the low end for every state. */
  low: number[];
  /** Saturated at the high end for every state. */
  high: number[];
  /** Every state at one of the two ends, both seen. */
  mixed: number[];
}

/** Fractions of neurons at a limit on most probe states (stateShare.ts); the strict test is `dead` / `saturated`. */
export interface StateShareReport {
  /** Fraction of all (state, neuron) activations at the limit: the mean share over neurons. */
  activations: number;
  /** Fraction of neurons at the limit on ≥ 99 % of the probe states. */
  atLeast99: number;
  /** Fraction of neurons at the limit on ≥ 90 % of the probe states. */
  atLeast90: number;
}

export interface NeuronStats {
  mean: number[];
  std: number[];
  meanAbs: number[];
  min: number[];
  max: number[];
  dormantScore: number[];
}

export interface RankReport {
  srank: number;
  delta: number;
  entropyRank: number;
  stableRank: number;
  singularValues?: number[];
}

export interface LayerReport {
  /** Probe states. */
  rows: number;
  /** Neurons. */
  neurons: number;
  activation: ActivationKind;
  /** Dead (ReLU-like) neurons, or null when the test does not apply. */
  dead: (NeuronSet & { threshold: number }) | null;
  /** Saturated neurons, or null when no saturation range applies. */
  saturated: SaturatedSet | null;
  /** Dead on most probe states (same threshold as `dead`), or null when the test does not apply. */
  deadShare: StateShareReport | null;
  /** Saturated on most probe states (same range as `saturated`), or null when no saturation range applies. */
  saturatedShare: StateShareReport | null;
  /** dead ∪ saturated: neurons stuck at a limit of the activation (used for the hidden bias). */
  inactive: NeuronSet;
  dormant: NeuronSet & { tau: number };
  /** τ = 0: neurons that output exactly 0 on every probe state. */
  dormantZero: NeuronSet;
  constant: NeuronSet & { relTol: number; threshold: number };
  rank: RankReport | null;
  neuronStats?: NeuronStats;
  histogram?: HistogramResult;
  kde?: KdeResult;
  hiddenBias?: HiddenBiasResult;
}

function shareReport(shares: Float64Array): StateShareReport {
  let sum = 0;
  for (const v of shares) sum += v;
  return {
    activations: shares.length === 0 ? 0 : sum / shares.length,
    atLeast99: fractionWithShareAtLeast(shares, 0.99),
    atLeast90: fractionWithShareAtLeast(shares, 0.9),
  };
}

export function layerReport(m: Matrix, options: LayerReportOptions): LayerReport {
  assertMatrix(m, 'layerReport');
  if (m.rows === 0) throw new Error('layerReport: the activation matrix has no probe states (0 rows)');
  const kind = options.activation;
  const stats = columnStats(m);

  const deadApplies = kind === 'relu' || options.deadThreshold !== undefined;
  const deadThreshold = options.deadThreshold ?? DEFAULT_DEAD_THRESHOLD;
  const dMask = deadApplies ? deadMask(m, { threshold: deadThreshold }) : null;

  const satRange = options.saturation ?? defaultSaturationRange(kind);
  const sMask = satRange ? saturatedMask(m, { range: satRange }) : null;
  let saturated: SaturatedSet | null = null;
  if (sMask && satRange) {
    const which = (code: number): number[] => {
      const out: number[] = [];
      for (let j = 0; j < sMask.length; j++) if (sMask[j] === code) out.push(j);
      return out;
    };
    saturated = {
      ...neuronSet(sMask),
      range: { ...satRange },
      low: which(SATURATED_LOW),
      high: which(SATURATED_HIGH),
      mixed: which(SATURATED_MIXED),
    };
  }
  const inactiveMask = maskUnion(...[dMask, sMask].filter((x): x is Uint8Array => x !== null), new Uint8Array(m.cols));

  const tau = options.dormantTau ?? DEFAULT_DORMANT_TAU;
  const scores = dormantScoresFromMeanAbs(stats.meanAbs);
  const relTol = options.constantRelTol ?? DEFAULT_CONSTANT_REL_TOL;

  const report: LayerReport = {
    rows: m.rows,
    neurons: m.cols,
    activation: kind,
    dead: dMask ? { ...neuronSet(dMask), threshold: deadThreshold } : null,
    saturated,
    deadShare: deadApplies ? shareReport(deadStateShare(m, deadThreshold)) : null,
    saturatedShare: satRange ? shareReport(saturatedStateShare(m, satRange)) : null,
    inactive: neuronSet(inactiveMask),
    dormant: { ...neuronSet(dormantMaskFromScores(scores, tau)), tau },
    dormantZero: neuronSet(dormantMaskFromScores(scores, 0)),
    constant: {
      ...neuronSet(constantMaskFromStd(stats.std, relTol)),
      relTol,
      threshold: constantThreshold(stats.std, relTol),
    },
    rank: null,
  };

  if (options.rank !== false && m.rows > 0 && m.cols > 0) {
    const r = effectiveRanks(m, options.srankDelta ?? DEFAULT_SRANK_DELTA);
    report.rank = { srank: r.srank, delta: r.delta, entropyRank: r.entropyRank, stableRank: r.stableRank };
    if (options.includeSingularValues) report.rank.singularValues = Array.from(r.singularValues);
  }
  if (options.includeNeuronStats) {
    report.neuronStats = {
      mean: Array.from(stats.mean),
      std: Array.from(stats.std),
      meanAbs: Array.from(stats.meanAbs),
      min: Array.from(stats.min),
      max: Array.from(stats.max),
      dormantScore: Array.from(scores),
    };
  }
  const dens = options.density;
  if (dens && dens.neurons.length > 0 && m.rows > 0) {
    const natural = activationRange(kind);
    const bins = dens.bins ?? 50;
    if (bins > 0) report.histogram = histogram(m, dens.neurons, { bins, range: dens.range ?? natural ?? undefined });
    const points = dens.points ?? 256;
    if (points > 0) {
      // Pad a bounded activation's range by 5% so a spike at ±1 is not cut in half by the grid's end.
      const padded = natural ? ([natural[0] - 0.05 * (natural[1] - natural[0]), natural[1] + 0.05 * (natural[1] - natural[0])] as [number, number]) : undefined;
      report.kde = kde(m, dens.neurons, {
        points,
        bandwidth: dens.bandwidth,
        minBandwidth: dens.minBandwidth,
        range: dens.range ?? padded,
      });
    }
  }
  if (options.headWeight) report.hiddenBias = hiddenBias(m, options.headWeight, inactiveMask);
  return report;
}
