/** A multilayer perceptron whose hidden layers can be plain or Hadamard, with optional LayerNorm. */
import { activationWidthFactor, checkLayerActivation, type Tensor } from '../tensor/index.js';
import { Rng } from '../util/rng.js';
import { Hadamard } from './hadamard.js';
import { Activation, LayerNorm, Linear, Sequential, type InitOptions } from './layers.js';
import { Module } from './module.js';

export type HadamardPlacement = 'none' | 'last' | 'all';

export interface MLPOptions extends InitOptions {
  activation?: string;
  /** LayerNorm before each hidden activation (inside each branch for HR layers). */
  layerNorm?: boolean;
  /** Which hidden layers are Hadamard layers. */
  hadamard?: HadamardPlacement;
  /** Initialiser overrides for the output layer (e.g. orthogonal with a small gain for policy heads). */
  head?: InitOptions;
}

/**
 * One hidden layer as a module: Linear → (LayerNorm) → activation, or its Hadamard counterpart. With CReLU it outputs
 * 2·outFeatures features.
 */
export function hiddenLayer(inFeatures: number, outFeatures: number, hadamard: boolean, opts: MLPOptions & { rng: Rng }): Module {
  const act = checkLayerActivation(opts.activation ?? 'relu');
  if (hadamard) return Hadamard.dense(inFeatures, outFeatures, { ...opts, activation: act });
  const parts: Module[] = [new Linear(inFeatures, outFeatures, opts)];
  if (opts.layerNorm) parts.push(new LayerNorm(outFeatures));
  parts.push(new Activation(act));
  return new Sequential(...parts);
}

export class MLP extends Module {
  readonly body: Sequential;
  readonly hidden: readonly Module[];
  readonly head: Linear;
  constructor(readonly inFeatures: number, readonly hiddenSizes: readonly number[], readonly outFeatures: number, opts: MLPOptions = {}) {
    super();
    const rng = opts.rng ?? new Rng(0);
    const placement = opts.hadamard ?? 'none';
    const hidden: Module[] = [];
    let width = inFeatures;
    hiddenSizes.forEach((h, i) => {
      const isHr = placement === 'all' || (placement === 'last' && i === hiddenSizes.length - 1);
      hidden.push(hiddenLayer(width, h, isHr, { ...opts, rng }));
      width = h * activationWidthFactor(checkLayerActivation(opts.activation ?? 'relu'));
    });
    this.hidden = hidden;
    this.body = this.registerModule('body', new Sequential(...hidden));
    this.head = this.registerModule('head', new Linear(width, outFeatures, { ...opts, ...opts.head, rng }));
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.body.forward(x));
  }
  /** The last hidden representation (the input of the head), e.g. for diagnostics. */
  features(x: Tensor): Tensor {
    return this.body.forward(x);
  }
}
