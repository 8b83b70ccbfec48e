/**
 * The network builder shared by all agents: encoder → hidden layer(s) → head(s).
 *
 * - Encoders: the Nature CNN (Mnih et al. 2015) for 84×84×4 frames (conv 32 8×8/4 → 64 4×4/2 → 64 3×3/1), the MinAtar
 *   CNN (Young & Tian 2019: conv 16 3×3/1) for 10×10×C grids, or nothing (vector observations go straight into the
 *   hidden layers: an MLP).
 * - Hidden layers: `hidden-layers` dense layers of `width` units with the chosen activation, optional LayerNorm before
 *   each activation, and HR on the last (or every) hidden layer. With `match-params`, plain hidden layers are widened
 *   to the parameter count of their HR counterpart. CReLU (activation 'crelu') doubles a layer's output features, so
 *   the following layer (or head) takes 2·width inputs.
 * - Heads: one linear head per output (Q-values; or policy logits and a value for PPO).
 *
 * The final hidden layer's output is the *representation* the diagnostics examine.
 */
import { Activation, Conv2d, Flatten, Hadamard, LayerNorm, Linear, Sequential, hiddenLayer, matchedPlainWidth, type InitName, type Module as ModuleT } from '../nn/index.js';
import { Module } from '../nn/module.js';
import { activationWidthFactor, checkActivation, checkLayerActivation, type Tensor } from '../tensor/index.js';
import { Rng } from '../util/rng.js';

export interface NetworkSpec {
  encoder: 'auto' | 'nature' | 'minatar' | 'mlp';
  activation: string;
  hadamard: 'none' | 'last' | 'all';
  layerNorm: boolean;
  width: number;
  hiddenLayers: number;
  matchParams: boolean;
  encoderActivation: string;
  /** Weight initialiser of encoder and hidden layers (PPO: orthogonal). */
  init?: InitName;
  /** Gain for orthogonal init of encoder/hidden layers. */
  gain?: number;
  /**
   * LayerNorm over each conv output's [C, H, W] (per-element affine, as CleanRL's PQN), before its activation.
   * Default off. PQN turns it on (purejaxql normalises after its convs too, over channels only: see anchors.md §2.3).
   */
  encoderLayerNorm?: boolean;
}

export interface HeadSpec {
  name: string;
  outputs: number;
  init?: InitName;
  gain?: number;
}

/** Picks the encoder for an observation shape ([C, H, W] images or [D] vectors). */
export function resolveEncoder(spec: NetworkSpec['encoder'], obsShape: readonly number[]): 'nature' | 'minatar' | 'mlp' {
  if (spec !== 'auto') return spec;
  if (obsShape.length === 1) return 'mlp';
  if (obsShape.length === 3 && obsShape[1] === 84 && obsShape[2] === 84) return 'nature';
  if (obsShape.length === 3) return 'minatar';
  throw new Error(`no encoder for observations of shape [${obsShape.join(', ')}]; use encoder nature, minatar or mlp`);
}

function buildEncoder(kind: 'nature' | 'minatar' | 'mlp', obsShape: readonly number[], spec: NetworkSpec, rng: Rng): { encoder: ModuleT | null; features: number } {
  const init = { init: spec.init ?? 'torch', gain: spec.gain ?? 1, rng } as const;
  const act = (): Activation => new Activation(checkActivation(spec.encoderActivation));
  // conv → (LayerNorm over [C, H, W]) → activation
  const block = (conv: Conv2d, outShape: readonly number[]): ModuleT[] => (spec.encoderLayerNorm ? [conv, new LayerNorm(outShape), act()] : [conv, act()]);
  if (kind === 'mlp') {
    if (obsShape.length !== 1) throw new Error(`the MLP encoder needs vector observations, got shape [${obsShape.join(', ')}]`);
    return { encoder: null, features: obsShape[0]! };
  }
  if (obsShape.length !== 3) throw new Error(`the ${kind} encoder needs [C, H, W] observations, got [${obsShape.join(', ')}]`);
  const [c, h, w] = obsShape as [number, number, number];
  if (kind === 'nature') {
    const c1 = new Conv2d(c, 32, 8, { stride: 4, ...init }), c2 = new Conv2d(32, 64, 4, { stride: 2, ...init }), c3 = new Conv2d(64, 64, 3, { stride: 1, ...init });
    const s1 = c1.outputShape([c, h, w]), s2 = c2.outputShape(s1), s3 = c3.outputShape(s2);
    return { encoder: new Sequential(...block(c1, s1), ...block(c2, s2), ...block(c3, s3), new Flatten()), features: s3[0] * s3[1] * s3[2] };
  }
  const conv = new Conv2d(c, 16, 3, { stride: 1, ...init });
  const s = conv.outputShape([c, h, w]);
  return { encoder: new Sequential(...block(conv, s), new Flatten()), features: s[0] * s[1] * s[2] };
}

/** A network with an encoder, a stack of hidden layers (the representation) and one or more linear heads. */
export class AgentNetwork extends Module {
  readonly encoder: ModuleT | null;
  readonly hidden: readonly ModuleT[];
  readonly heads: readonly Linear[];
  readonly headNames: readonly string[];
  readonly encoderKind: 'nature' | 'minatar' | 'mlp';
  /** Widths (units) of the hidden layers as built (after match-params); a CReLU layer outputs twice as many features. */
  readonly hiddenWidths: readonly number[];

  constructor(readonly obsShape: readonly number[], readonly spec: NetworkSpec, heads: readonly HeadSpec[], seed: number) {
    super();
    if (heads.length === 0) throw new Error('AgentNetwork needs at least one head');
    const rng = new Rng(seed);
    this.encoderKind = resolveEncoder(spec.encoder, obsShape);
    const { encoder, features } = buildEncoder(this.encoderKind, obsShape, spec, rng);
    this.encoder = encoder ? this.registerModule('encoder', encoder) : null;
    const act = checkLayerActivation(spec.activation);
    const factor = activationWidthFactor(act);
    const hidden: ModuleT[] = [];
    const widths: number[] = [];
    let width = features;
    const nextOut = heads.reduce((n, h) => n + h.outputs, 0);
    for (let i = 0; i < spec.hiddenLayers; i++) {
      const isHr = spec.hadamard === 'all' || (spec.hadamard === 'last' && i === spec.hiddenLayers - 1);
      const next = i === spec.hiddenLayers - 1 ? nextOut : spec.width;
      const w = !isHr && spec.matchParams ? matchedPlainWidth(width, spec.width, next, spec.layerNorm, factor) : spec.width;
      hidden.push(hiddenLayer(width, w, isHr, { activation: act, layerNorm: spec.layerNorm, init: spec.init ?? 'torch', gain: spec.gain ?? 1, rng }));
      widths.push(w);
      width = w * factor;
    }
    this.hidden = hidden;
    this.hiddenWidths = widths;
    this.registerModule('hidden', new Sequential(...hidden));
    this.heads = heads.map((h) => this.registerModule(`head_${h.name}`, new Linear(width, h.outputs, { init: h.init ?? spec.init ?? 'torch', gain: h.gain ?? 1, rng })));
    this.headNames = heads.map((h) => h.name);
  }

  /** The final hidden representation for a batch of (already scaled) observations. */
  features(x: Tensor): Tensor {
    let h = this.encoder ? this.encoder.forward(x) : x;
    for (const layer of this.hidden) h = layer.forward(h);
    return h;
  }

  /** All heads' outputs for a batch. */
  forwardHeads(x: Tensor): Tensor[] {
    const h = this.features(x);
    return this.heads.map((head) => head.forward(h));
  }

  /** The first head's output (Q-values for value-based agents). */
  forward(x: Tensor): Tensor {
    return this.heads[0]!.forward(this.features(x));
  }

  /** The representation layer (the last hidden layer) and whether it is a Hadamard layer. */
  representationLayer(): { module: ModuleT; hadamard: Hadamard | null } {
    const last = this.hidden[this.hidden.length - 1]!;
    return { module: last, hadamard: last instanceof Hadamard ? last : null };
  }
}

