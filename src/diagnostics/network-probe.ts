/**
 * Diagnostics of a network's hidden layers on a probe batch: captures each hidden layer's activations (and, for
 * Hadamard layers, each branch's) with forward hooks, then summarises them with `layerReport`. The last hidden layer
 * (the representation) also gets the hidden-bias analysis against the first head (Fig. 4) and, on request, per-neuron
 * KDEs (Fig. 3).
 */
import { Activation, Hadamard, Sequential, type Linear, type Module } from '../nn/index.js';
import { noGrad, type Tensor } from '../tensor/index.js';
import type { Matrix } from '../linalg/matrix.js';
import { activationKindOf } from './activation.js';
import { layerReport, type LayerReport, type LayerReportOptions } from './layerReport.js';

/** What the probe needs from a network: its hidden layers in order, its heads, and a forward to the representation. */
export interface ProbedNetwork {
  readonly hidden: readonly Module[];
  readonly heads: readonly Linear[];
  features(x: Tensor): Tensor;
}

export interface ProbeOptions extends Omit<LayerReportOptions, 'activation' | 'density' | 'headWeight'> {
  /** Per-neuron KDEs of this many neurons of the representation layer (0: none). */
  kdeNeurons?: number;
}

/** The compact, JSON-friendly summary logged per layer (see docs/run-format.md). */
export interface LayerSummary {
  width: number;
  dead: number | null;
  saturated: number | null;
  /** Fraction of neurons dead on ≥ 99 % / ≥ 90 % of the probe states (`dead` asks for all of them); null as `dead`. */
  dead99: number | null;
  dead90: number | null;
  /** Fraction of neurons saturated on ≥ 99 % / ≥ 90 % of the probe states (`saturated`: all); null as `saturated`. */
  saturated99: number | null;
  saturated90: number | null;
  /** Fraction of all (probe state, neuron) activations at the dead / saturated limit; null as `dead` / `saturated`. */
  deadActivations: number | null;
  saturatedActivations: number | null;
  dormant: number;
  dormant0: number;
  constant: number;
  srank: number | null;
  erank: number | null;
  stableRank: number | null;
  hiddenBias?: { inactive: number; dead: number[]; live: number[]; deadAbs: number[]; liveAbs: number[] };
  kde?: { neurons: number[]; x: number[]; density: number[][] };
}

function activationOf(m: Module): string {
  if (m instanceof Hadamard) return m.act;
  if (m instanceof Activation) return m.name;
  if (m instanceof Sequential) {
    for (let i = m.layers.length - 1; i >= 0; i--) if (m.layers[i] instanceof Activation) return (m.layers[i] as Activation).name;
  }
  return 'other';
}

/** A batch of activations [N, ...] as an N-row matrix (one column per feature). */
export function toMatrix(t: Tensor): Matrix {
  const rows = t.shape[0]!;
  return { data: t.data, rows, cols: t.size / rows };
}

export function summarizeReport(r: LayerReport): LayerSummary {
  const s: LayerSummary = {
    width: r.neurons,
    dead: r.dead ? r.dead.fraction : null,
    saturated: r.saturated ? r.saturated.fraction : null,
    dead99: r.deadShare ? r.deadShare.atLeast99 : null,
    dead90: r.deadShare ? r.deadShare.atLeast90 : null,
    saturated99: r.saturatedShare ? r.saturatedShare.atLeast99 : null,
    saturated90: r.saturatedShare ? r.saturatedShare.atLeast90 : null,
    deadActivations: r.deadShare ? r.deadShare.activations : null,
    saturatedActivations: r.saturatedShare ? r.saturatedShare.activations : null,
    dormant: r.dormant.fraction,
    dormant0: r.dormantZero.fraction,
    constant: r.constant.fraction,
    srank: r.rank ? r.rank.srank : null,
    erank: r.rank ? r.rank.entropyRank : null,
    stableRank: r.rank ? r.rank.stableRank : null,
  };
  if (r.hiddenBias) {
    const hb = r.hiddenBias;
    s.hiddenBias = { inactive: hb.dead.count, dead: hb.dead.mean, live: hb.live.mean, deadAbs: hb.dead.meanAbsTerms, liveAbs: hb.live.meanAbsTerms };
  }
  if (r.kde) s.kde = { neurons: r.kde.neurons.map((n) => n.neuron), x: r.kde.grid, density: r.kde.neurons.map((n) => n.density) };
  return s;
}

/**
 * The activations of every hidden layer on a batch, by name ("hidden.i", plus "hidden.i.branch1/2" for HR layers), with
 * the name of the activation that made them. Runs without a graph.
 */
export function captureHiddenActivations(net: ProbedNetwork, x: Tensor): Map<string, { out: Tensor; act: string }> {
  const captured = new Map<string, { out: Tensor; act: string }>();
  const removers: (() => void)[] = [];
  net.hidden.forEach((layer, i) => {
    const name = `hidden.${i}`;
    removers.push(layer.registerForwardHook((_m, _x, y) => captured.set(name, { out: y, act: activationOf(layer) })));
    if (layer instanceof Hadamard) {
      removers.push(layer.branch1.registerForwardHook((_m, _x, y) => captured.set(`${name}.branch1`, { out: y, act: layer.act })));
      removers.push(layer.branch2.registerForwardHook((_m, _x, y) => captured.set(`${name}.branch2`, { out: y, act: layer.act })));
    }
  });
  try {
    noGrad(() => net.features(x));
  } finally {
    removers.forEach((r) => r());
  }
  return captured;
}

/** Runs the probe batch through the network and reports every hidden layer ("hidden.i", plus ".branch1/2" for HR). */
export function probeNetwork(net: ProbedNetwork, probe: Tensor, opts: ProbeOptions = {}): Record<string, LayerSummary> {
  const captured = captureHiddenActivations(net, probe);
  const lastName = `hidden.${net.hidden.length - 1}`;
  const head = net.heads[0]!;
  const out: Record<string, LayerSummary> = {};
  for (const [name, { out: y, act }] of captured) {
    const m = toMatrix(y);
    const isRepresentation = name === lastName;
    const k = Math.min(opts.kdeNeurons ?? 0, m.cols);
    const report = layerReport(m, {
      ...opts,
      activation: activationKindOf(act),
      ...(isRepresentation ? { headWeight: { data: head.weight.data, rows: head.outFeatures, cols: head.inFeatures } } : {}),
      ...(isRepresentation && k > 0 ? { density: { neurons: Array.from({ length: k }, (_, j) => Math.floor((j * m.cols) / k)), bins: 0, points: 128 } } : {}),
    });
    out[name] = summarizeReport(report);
  }
  return out;
}
