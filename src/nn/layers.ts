/** The basic layers: Linear, Conv2d, LayerNorm, activations, pooling, flatten and Sequential. */
import {
  checkLayerActivation, conv2d, conv2dRelu, layerActivation, layerNorm, linear, maxPool2d, zeros, ones,
  type LayerActivationName, type Pair, type Tensor,
} from '../tensor/index.js';
import { Rng } from '../util/rng.js';
import { initLayer, type InitName } from './init.js';
import { Module } from './module.js';

export interface InitOptions {
  /** Weight initialiser (default 'torch': PyTorch's default). */
  init?: InitName;
  /** Gain for orthogonal/xavier initialisers. */
  gain?: number;
  /** Random stream for the initial weights (default: a fixed seed 0 stream). */
  rng?: Rng;
}

/** The initialiser a layer was built with (kept so its parameters can be drawn afresh: resets, ReDo, shrink-and-perturb). */
export interface InitSpec {
  readonly init: InitName;
  readonly gain: number;
}

const initSpecOf = (opts: InitOptions): InitSpec => ({ init: opts.init ?? 'torch', gain: opts.gain ?? 1 });

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly initSpec: InitSpec;
  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: InitOptions & { bias?: boolean } = {}) {
    super();
    this.weight = this.registerParameter('weight', zeros([outFeatures, inFeatures]));
    this.bias = opts.bias === false ? null : this.registerParameter('bias', zeros([outFeatures]));
    this.initSpec = initSpecOf(opts);
    initLayer(this.weight, this.bias, this.initSpec.init, opts.rng ?? new Rng(0), this.initSpec.gain);
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
  override describe(): string {
    return `Linear(${this.inFeatures} → ${this.outFeatures}${this.bias ? '' : ', no bias'})`;
  }
}

export interface Conv2dOptions extends InitOptions {
  stride?: number;
  padding?: number;
  bias?: boolean;
}

export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly stride: number;
  readonly padding: number;
  readonly initSpec: InitSpec;
  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: number, opts: Conv2dOptions = {}) {
    super();
    this.stride = opts.stride ?? 1;
    this.padding = opts.padding ?? 0;
    this.weight = this.registerParameter('weight', zeros([outChannels, inChannels, kernelSize, kernelSize]));
    this.bias = opts.bias === false ? null : this.registerParameter('bias', zeros([outChannels]));
    this.initSpec = initSpecOf(opts);
    initLayer(this.weight, this.bias, this.initSpec.init, opts.rng ?? new Rng(0), this.initSpec.gain);
  }
  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }
  /** relu(forward(x)) as one fused op (what Sequential runs for a Conv2d followed by a relu Activation). */
  forwardRelu(x: Tensor): Tensor {
    return conv2dRelu(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }
  /** Output [channels, height, width] for an input of [channels, height, width]. */
  outputShape(input: readonly [number, number, number]): [number, number, number] {
    const o = (n: number): number => Math.floor((n + 2 * this.padding - this.kernelSize) / this.stride) + 1;
    return [this.outChannels, o(input[1]), o(input[2])];
  }
  override describe(): string {
    return `Conv2d(${this.inChannels} → ${this.outChannels}, ${this.kernelSize}×${this.kernelSize}, stride ${this.stride}${this.padding ? `, padding ${this.padding}` : ''})`;
  }
}

/** Layer normalisation over the trailing `normalizedShape` dimensions, with a learnable affine map by default. */
export class LayerNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly normalizedShape: readonly number[];
  constructor(normalizedShape: number | readonly number[], readonly opts: { eps?: number; elementwiseAffine?: boolean } = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? this.registerParameter('weight', ones(this.normalizedShape)) : null;
    this.bias = affine ? this.registerParameter('bias', zeros(this.normalizedShape)) : null;
  }
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.opts.eps ?? 1e-5);
  }
  override describe(): string {
    return `LayerNorm([${this.normalizedShape.join(', ')}])`;
  }
}

/** An activation by name; 'crelu' doubles the feature axis (the next layer takes twice the width). */
export class Activation extends Module {
  readonly name: LayerActivationName;
  constructor(name: string, readonly param?: number) {
    super();
    this.name = checkLayerActivation(name);
  }
  forward(x: Tensor): Tensor {
    return layerActivation(x, this.name, this.param);
  }
  override describe(): string {
    return this.name;
  }
}

export class MaxPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly stride?: Pair, readonly padding: Pair = 0) {
    super();
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { stride: this.stride ?? this.kernelSize, padding: this.padding });
  }
  override describe(): string {
    return `MaxPool2d(${String(this.kernelSize)})`;
  }
}

/** Flattens all dimensions after the batch dimension. */
export class Flatten extends Module {
  forward(x: Tensor): Tensor {
    return x.flatten(1);
  }
}

export class Sequential extends Module {
  readonly layers: readonly Module[];
  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.registerModule(String(i), m));
  }
  forward(x: Tensor): Tensor {
    const layers = this.layers;
    let y = x;
    for (let i = 0; i < layers.length; i++) {
      const m = layers[i]!, next = layers[i + 1];
      if (next !== undefined && fusesConvRelu(m, next)) {
        y = m.forwardRelu(y);
        i++;
      } else {
        y = m.forward(y);
      }
    }
    return y;
  }
}

/**
 * A plain Conv2d followed by a plain relu runs as one fused op (same values and gradients, two passes fewer), unless
 * either has forward hooks (they must see the conv's own output) or is a subclass with its own forward.
 */
function fusesConvRelu(m: Module, next: Module): m is Conv2d {
  return Object.getPrototypeOf(m) === Conv2d.prototype && Object.getPrototypeOf(next) === Activation.prototype &&
    (next as Activation).name === 'relu' && !m.hasForwardHooks && !next.hasForwardHooks;
}
