/**
 * ReDo, recycling dormant neurons (Sokar, Agarwal, Castro & Evci 2023, "The Dormant Neuron Phenomenon in Deep RL").
 * On a batch of states, every hidden layer's neurons are scored with the diagnostics' dormant score
 * s_i = mean|a_i| / mean_j mean|a_j| (src/diagnostics/dormant.ts); each neuron with s_i ≤ τ gets fresh incoming
 * weights and bias from its layer's initialiser (and LayerNorm gain 1, shift 0 when the layer has LayerNorm), its
 * outgoing weights (the next layer's or the heads' columns) are zeroed, and the optimizer forgets its state for
 * exactly those elements. All scores come from one forward pass before anything changes. Without LayerNorm the
 * network computes the same function right after ReDo (the recycled neurons' outputs are multiplied by zero).
 *
 * - CReLU: a neuron feeds two features, relu(x) and relu(−x). It is recycled only when both are dormant (its incoming
 *   weights serve both), and both of its outgoing columns are zeroed.
 * - Hadamard layers, decided per branch: branch b's neuron i is re-drawn when that branch's own activation is dormant,
 *   or when the product z_i = a1_i·a2_i is dormant although neither factor is (then both branches are re-drawn).
 *   A ReLU-HR neuron killed by one dead factor thus keeps its live branch; the product's outgoing columns are zeroed
 *   whenever either branch was re-drawn.
 * - Only the dense hidden layers are recycled (the layers the diagnostics score); encoder convs are left alone.
 */
import type { AgentNetwork } from '../agents/networks.js';
import { dormantMaskFromScores, dormantScores } from '../diagnostics/dormant.js';
import { captureHiddenActivations, toMatrix } from '../diagnostics/network-probe.js';
import { Hadamard, Linear, Sequential } from '../nn/index.js';
import type { Optimizer } from '../optim/index.js';
import type { Tensor } from '../tensor/index.js';
import type { Rng } from '../util/rng.js';
import { freshValues, paramLayers, type ParamLayer } from './layers.js';

/** What ReDo did to one hidden layer. */
export interface RedoLayerEvent {
  /** Neurons recycled (their outgoing columns zeroed). */
  neurons: number;
  /** Neurons in the layer. */
  width: number;
  /** HR layers: neurons re-drawn in each branch. */
  branch1?: number;
  branch2?: number;
}

export interface RedoResult {
  layers: Record<string, RedoLayerEvent>;
  /** Neurons recycled over all layers. */
  neurons: number;
  /** Parameter elements re-drawn (incoming) or zeroed (outgoing). */
  params: number;
}

/**
 * Per neuron: 1 when every feature it feeds is τ-dormant. `activations` has `width`·k features, neuron i feeding
 * features i, width + i, … (k = 2 for CReLU's [relu(x), relu(−x)]).
 */
export function dormantNeurons(activations: Tensor, width: number, tau: number): Uint8Array {
  const m = toMatrix(activations);
  if (m.cols % width !== 0) throw new Error(`ReDo: a layer of ${width} neurons produced ${m.cols} features per state`);
  const features = dormantMaskFromScores(dormantScores(m), tau);
  const mask = new Uint8Array(width).fill(1);
  for (let f = 0; f < m.cols; f++) if (!features[f]) mask[f % width] = 0;
  return mask;
}

/** The layers whose inputs are hidden layer i's outputs: the next hidden layer's affine map(s), or the heads. */
function consumers(net: AgentNetwork, i: number): Linear[] {
  if (i === net.hidden.length - 1) return [...net.heads];
  const next = net.hidden[i + 1]!;
  if (next instanceof Hadamard) return [next.branch1.affine, next.branch2.affine].filter((l): l is Linear => l instanceof Linear);
  const first = next instanceof Sequential ? next.layers.find((l) => l instanceof Linear) : undefined;
  if (!(first instanceof Linear)) throw new Error(`ReDo: hidden layer ${i + 1} does not start with a Linear layer`);
  return [first];
}

/** Re-draws rows `neurons` of the layers' parameters (Linear rows and bias entries, LayerNorm entries); returns elements touched. */
function redrawRows(layers: readonly ParamLayer[], neurons: readonly number[], rng: Rng, optimizer: Optimizer | null): number {
  let touched = 0;
  for (const layer of layers) {
    for (const [p, fresh] of freshValues(layer, rng)) {
      const rowSize = p.size / p.shape[0]!;
      const idx: number[] = [];
      for (const j of neurons) for (let k = j * rowSize; k < (j + 1) * rowSize; k++) idx.push(k);
      for (const k of idx) p.data[k] = fresh[k]!;
      optimizer?.resetState(p, idx);
      touched += idx.length;
    }
  }
  return touched;
}

/** Zeroes the columns `features` of each consumer's weight; returns elements touched. */
function zeroColumns(layers: readonly Linear[], features: readonly number[], optimizer: Optimizer | null): number {
  let touched = 0;
  for (const l of layers) {
    const cols = l.inFeatures, idx: number[] = [];
    for (let r = 0; r < l.outFeatures; r++) for (const c of features) idx.push(r * cols + c);
    for (const k of idx) l.weight.data[k] = 0;
    optimizer?.resetState(l.weight, idx);
    touched += idx.length;
  }
  return touched;
}

const indicesOf = (mask: Uint8Array): number[] => [...mask.keys()].filter((j) => mask[j]);

/** Recycles the τ-dormant neurons of every hidden layer of `net`, scored on `inputs`. */
export function redo(net: AgentNetwork, inputs: Tensor, tau: number, rng: Rng, optimizer: Optimizer | null): RedoResult {
  const acts = captureHiddenActivations(net, inputs);
  const plan = net.hidden.map((layer, i) => {
    const width = net.hiddenWidths[i]!, name = `hidden.${i}`;
    const mask = (key: string): Uint8Array => dormantNeurons(acts.get(key)!.out, width, tau);
    if (!(layer instanceof Hadamard)) return { layer, name, width, branches: [{ layers: paramLayers(layer), redraw: mask(name) }] };
    const m1 = mask(`${name}.branch1`), m2 = mask(`${name}.branch2`), mp = mask(name);
    const r1 = m1.map((d, j) => (d || (mp[j] && !m2[j]) ? 1 : 0));
    const r2 = m2.map((d, j) => (d || (mp[j] && !m1[j]) ? 1 : 0));
    return { layer, name, width, branches: [{ layers: paramLayers(layer.branch1), redraw: r1 }, { layers: paramLayers(layer.branch2), redraw: r2 }] };
  });
  const result: RedoResult = { layers: {}, neurons: 0, params: 0 };
  plan.forEach(({ layer, name, width, branches }, i) => {
    const recycled = new Uint8Array(width);
    const counts = branches.map(({ layers, redraw }) => {
      const neurons = indicesOf(redraw);
      neurons.forEach((j) => (recycled[j] = 1));
      if (neurons.length > 0) result.params += redrawRows(layers, neurons, rng, optimizer);
      return neurons.length;
    });
    const neurons = indicesOf(recycled);
    const out = consumers(net, i);
    const factor = out[0]!.inFeatures / width;
    if (neurons.length > 0) result.params += zeroColumns(out, neurons.flatMap((j) => Array.from({ length: factor }, (_, k) => k * width + j)), optimizer);
    result.layers[name] = { neurons: neurons.length, width, ...(layer instanceof Hadamard ? { branch1: counts[0]!, branch2: counts[1]! } : {}) };
    result.neurons += neurons.length;
  });
  return result;
}
