/**
 * The Hadamard representation (Kooi et al., arXiv 2406.09079): two independently parameterised branches
 * act(A1 x) ⊙ act(A2 x), where each A is an affine map (dense or conv), optionally followed by LayerNorm before the
 * activation (the PQN variant). With tanh the product is constant only when both factors saturate (≈ p² instead of p);
 * with ReLU it is zero whenever either factor is (≈ 2p − p²).
 */
import { checkLayerActivation, layerActivation, type LayerActivationName, type Tensor } from '../tensor/index.js';
import { Rng } from '../util/rng.js';
import { Conv2d, LayerNorm, Linear, type InitOptions } from './layers.js';
import { Module } from './module.js';

export interface HadamardOptions extends InitOptions {
  activation?: string;
  /** LayerNorm after each branch's affine map, before its activation. */
  layerNorm?: boolean;
}

/** One branch: affine → (LayerNorm) → activation. Exposed so diagnostics can read each factor. */
export class HadamardBranch extends Module {
  readonly norm: LayerNorm | null;
  constructor(readonly affine: Linear | Conv2d, normShape: readonly number[] | null, readonly act: LayerActivationName) {
    super();
    this.registerModule('affine', affine);
    this.norm = normShape ? this.registerModule('norm', new LayerNorm(normShape)) : null;
  }
  forward(x: Tensor): Tensor {
    let h = this.affine.forward(x);
    if (this.norm) h = this.norm.forward(h);
    return layerActivation(h, this.act);
  }
}

export class Hadamard extends Module {
  readonly branch1: HadamardBranch;
  readonly branch2: HadamardBranch;
  readonly act: LayerActivationName;
  private constructor(b1: HadamardBranch, b2: HadamardBranch, act: LayerActivationName, private readonly label: string) {
    super();
    this.act = act;
    this.branch1 = this.registerModule('branch1', b1);
    this.branch2 = this.registerModule('branch2', b2);
  }

  /** Dense HR layer: in → out features, each branch with its own weights. */
  static dense(inFeatures: number, outFeatures: number, opts: HadamardOptions = {}): Hadamard {
    const act = checkLayerActivation(opts.activation ?? 'tanh');
    const rng = opts.rng ?? new Rng(0);
    const branch = (): HadamardBranch =>
      new HadamardBranch(new Linear(inFeatures, outFeatures, { ...opts, rng }), opts.layerNorm ? [outFeatures] : null, act);
    return new Hadamard(branch(), branch(), act, `Hadamard(${act}, Linear(${inFeatures} → ${outFeatures})${opts.layerNorm ? ' + LayerNorm' : ''} × 2)`);
  }

  /**
   * Convolutional HR layer. `inputHW` is needed only with layerNorm (normalised over [C, H, W] of the branch output,
   * as CleanRL's PQN does).
   */
  static conv(inChannels: number, outChannels: number, kernelSize: number, opts: HadamardOptions & { stride?: number; padding?: number; inputHW?: [number, number] } = {}): Hadamard {
    const act = checkLayerActivation(opts.activation ?? 'tanh');
    const rng = opts.rng ?? new Rng(0);
    const make = (): HadamardBranch => {
      const conv = new Conv2d(inChannels, outChannels, kernelSize, { ...opts, rng });
      let normShape: number[] | null = null;
      if (opts.layerNorm) {
        if (!opts.inputHW) throw new Error('Hadamard.conv: layerNorm needs inputHW to know the normalised shape');
        normShape = conv.outputShape([inChannels, opts.inputHW[0], opts.inputHW[1]]);
      }
      return new HadamardBranch(conv, normShape, act);
    };
    return new Hadamard(make(), make(), act, `Hadamard(${act}, Conv2d(${inChannels} → ${outChannels}, ${kernelSize}×${kernelSize}) × 2)`);
  }

  forward(x: Tensor): Tensor {
    return this.branch1.forward(x).mul(this.branch2.forward(x));
  }

  override describe(): string {
    return this.label;
  }
}

// ---- parameter counting ----------------------------------------------------------------------------------------------

/** Parameters of a dense layer (weights + bias, plus LayerNorm's 2·out when used). */
export function denseParamCount(inFeatures: number, outFeatures: number, layerNorm = false): number {
  return inFeatures * outFeatures + outFeatures + (layerNorm ? 2 * outFeatures : 0);
}

/** Parameters of a dense HR layer: two dense branches. */
export function hadamardParamCount(inFeatures: number, outFeatures: number, layerNorm = false): number {
  return 2 * denseParamCount(inFeatures, outFeatures, layerNorm);
}

/**
 * The width w of a plain hidden layer (in → w → next) whose parameter count is closest to that of an HR hidden layer
 * of width `hrWidth` (in → hrWidth ⊙ hrWidth → next), counting the following layer too since it grows with w.
 * `widthFactor` is the activation's output features per unit (2 for CReLU: the next layer sees 2w inputs, for both).
 */
export function matchedPlainWidth(inFeatures: number, hrWidth: number, nextFeatures: number, layerNorm = false, widthFactor = 1): number {
  const target = hadamardParamCount(inFeatures, hrWidth, layerNorm) + denseParamCount(widthFactor * hrWidth, nextFeatures);
  const perUnit = inFeatures + 1 + (layerNorm ? 2 : 0) + widthFactor * nextFeatures; // parameters added by one more hidden unit
  const fixed = nextFeatures; // the next layer's bias
  const w = Math.max(1, Math.round((target - fixed) / perUnit));
  return w;
}
