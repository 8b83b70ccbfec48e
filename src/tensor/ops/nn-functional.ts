/** Neural-network functions: activations by name, softmax, layer norm, conv2d, max-pool and losses. */
import type { Conv2dGeometry, UnaryOp } from '../backend.js';
import { backend } from '../engine.js';
import { fmt, normAxis, sameShape, shapeSize } from '../shape.js';
import { IndexTensor, result, Tensor } from '../tensor.js';
import { unaryOp } from './elementwise.js';
import { mean, sum } from './reduce.js';
import { concat, gather, permute } from './shape-ops.js';

// ---- activations ---------------------------------------------------------------------------------------------------

export const ACTIVATIONS = ['identity', 'relu', 'leaky_relu', 'elu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softplus'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Default parameters: leaky_relu slope 0.01 and elu alpha 1, as PyTorch. */
const ACTIVATION_PARAM: Record<ActivationName, number> = {
  identity: 0, relu: 0, leaky_relu: 0.01, elu: 1, gelu: 0, silu: 0, tanh: 0, sigmoid: 0, softplus: 0,
};

export function isActivation(name: string): name is ActivationName {
  return (ACTIVATIONS as readonly string[]).includes(name);
}

export function checkActivation(name: string): ActivationName {
  if (!isActivation(name)) throw new Error(`unknown activation '${name}'; choose one of: ${ACTIVATIONS.join(', ')}`);
  return name;
}

export function activation(x: Tensor, name: ActivationName, param?: number): Tensor {
  return unaryOp(checkActivation(name) as UnaryOp, x, param ?? ACTIVATION_PARAM[name]);
}

/**
 * Activations a layer may end in: the element-wise ones plus CReLU (Shang et al. 2016; against loss of plasticity:
 * Abbas et al. 2023), which is not element-wise: it doubles the feature axis.
 */
export const LAYER_ACTIVATIONS = [...ACTIVATIONS, 'crelu'] as const;
export type LayerActivationName = (typeof LAYER_ACTIVATIONS)[number];

export function checkLayerActivation(name: string): LayerActivationName {
  if (!(LAYER_ACTIVATIONS as readonly string[]).includes(name)) throw new Error(`unknown activation '${name}'; choose one of: ${LAYER_ACTIVATIONS.join(', ')}`);
  return name as LayerActivationName;
}

/** How many output features a layer activation makes of each input feature (2 for CReLU, else 1). */
export function activationWidthFactor(name: LayerActivationName): 1 | 2 {
  return name === 'crelu' ? 2 : 1;
}

/** CReLU: [relu(x), relu(−x)] concatenated along axis 1 (features of [N, D], channels of [N, C, H, W]). */
export function crelu(x: Tensor): Tensor {
  if (x.ndim < 2) throw new Error(`crelu: needs a batch of features [N, D, ...], got shape ${fmt(x.shape)}`);
  return concat([unaryOp('relu', x), unaryOp('relu', unaryOp('neg', x))], 1);
}

/** A layer activation by name: CReLU or an element-wise activation. */
export function layerActivation(x: Tensor, name: LayerActivationName, param?: number): Tensor {
  return name === 'crelu' ? crelu(x) : activation(x, name, param);
}

export const relu = (x: Tensor): Tensor => unaryOp('relu', x);
export const leakyRelu = (x: Tensor, slope = 0.01): Tensor => unaryOp('leaky_relu', x, slope);
export const elu = (x: Tensor, alpha = 1): Tensor => unaryOp('elu', x, alpha);
export const gelu = (x: Tensor): Tensor => unaryOp('gelu', x);
export const silu = (x: Tensor): Tensor => unaryOp('silu', x);
export const tanh = (x: Tensor): Tensor => unaryOp('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unaryOp('sigmoid', x);
export const softplus = (x: Tensor): Tensor => unaryOp('softplus', x);

// ---- softmax -------------------------------------------------------------------------------------------------------

function softmaxImpl(x: Tensor, axis: number, log: boolean): Tensor {
  const ax = normAxis(axis, x.ndim, log ? 'logSoftmax' : 'softmax', x.shape);
  if (ax !== x.ndim - 1) {
    // move the axis last, apply, move it back
    const order = x.shape.map((_, i) => i).filter((i) => i !== ax).concat([ax]);
    const inverse = new Array<number>(order.length);
    order.forEach((a, i) => (inverse[a] = i));
    return permute(softmaxImpl(permute(x, order), -1, log), inverse);
  }
  const cols = x.shape[ax]!;
  const rows = x.size / Math.max(cols, 1);
  const be = backend();
  const out = be.alloc(x.size);
  be.softmax(x.data, out, rows, cols, log);
  return result(out, x.shape, log ? 'logSoftmax' : 'softmax', [x], (g) => {
    const gx = be.alloc(x.size);
    be.softmaxBackward(out, g.data, gx, rows, cols, log);
    return [new Tensor(gx, x.shape)];
  });
}

export function softmax(x: Tensor, axis = -1): Tensor {
  return softmaxImpl(x, axis, false);
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return softmaxImpl(x, axis, true);
}

// ---- layer norm ----------------------------------------------------------------------------------------------------

/** Normalises over the trailing dimensions `normalizedShape` (PyTorch's F.layer_norm; biased variance). */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], gamma: Tensor | null, beta: Tensor | null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (k === 0 || k > x.ndim || !sameShape(tail, normalizedShape)) {
    throw new Error(`layerNorm: input shape ${fmt(x.shape)} does not end in normalized shape ${fmt(normalizedShape)}`);
  }
  for (const [name, p] of [['weight', gamma], ['bias', beta]] as const) {
    if (p && !sameShape(p.shape, normalizedShape)) throw new Error(`layerNorm: ${name} of shape ${fmt(p.shape)} must be ${fmt(normalizedShape)}`);
  }
  const cols = shapeSize(normalizedShape);
  const rows = x.size / cols;
  const be = backend();
  const out = be.alloc(x.size);
  const mu = be.alloc(rows), rstd = be.alloc(rows);
  be.layerNormForward(x.data, gamma?.data ?? null, beta?.data ?? null, out, mu, rstd, rows, cols, eps);
  const inputs = [x, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
  return result(out, x.shape, 'layerNorm', inputs, (g) => {
    const gx = be.alloc(x.size);
    const gg = gamma?.requiresGrad ? be.alloc(cols) : null;
    const gb = beta?.requiresGrad ? be.alloc(cols) : null;
    be.layerNormBackward(g.data, x.data, gamma?.data ?? null, mu, rstd, gx, gg, gb, rows, cols);
    const grads: (Tensor | null)[] = [new Tensor(gx, x.shape)];
    if (gamma) grads.push(gg ? new Tensor(gg, gamma.shape) : null);
    if (beta) grads.push(gb ? new Tensor(gb, beta.shape) : null);
    return grads;
  });
}

// ---- convolution and pooling ---------------------------------------------------------------------------------------

export type Pair = number | readonly [number, number];
const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

function geometry(op: string, x: Tensor, o: number, kernel: Pair, stride: Pair, padding: Pair): Conv2dGeometry {
  if (x.ndim !== 4) throw new Error(`${op}: input must be 4-D [N, C, H, W], got ${fmt(x.shape)}`);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [kh, kw] = pair(kernel), [sh, sw] = pair(stride), [ph, pw] = pair(padding);
  const whole = (v: number, min: number): boolean => Number.isInteger(v) && v >= min;
  if (!(whole(kh, 1) && whole(kw, 1))) throw new Error(`${op}: kernel size must be a whole number ≥ 1, got ${kh}×${kw}`);
  if (!(whole(sh, 1) && whole(sw, 1))) throw new Error(`${op}: stride must be a whole number ≥ 1, got ${sh}×${sw}`);
  // PyTorch rejects negative padding too; here it would silently crop the input
  if (!(whole(ph, 0) && whole(pw, 0))) throw new Error(`${op}: padding must be a whole number ≥ 0, got ${ph}×${pw}`);
  const oh = Math.floor((h + 2 * ph - kh) / sh) + 1, ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
  if (oh < 1 || ow < 1) throw new Error(`${op}: kernel ${kh}×${kw} with padding ${ph}×${pw} does not fit input ${fmt(x.shape)}`);
  return { n, c, h, w, o, kh, kw, sh, sw, ph, pw, oh, ow };
}

export interface Conv2dOptions { stride?: Pair; padding?: Pair }

/** 2-D cross-correlation, NCHW, weight [O, C, KH, KW] (PyTorch's conv2d). */
export function conv2d(x: Tensor, w: Tensor, bias: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  return conv2dImpl(x, w, bias, opts, false);
}

/**
 * relu(conv2d(x, w, bias)) in one op: the relu is applied as the convolution writes its output, and its derivative
 * is folded into the convolution's backward, saving two passes over the activation.
 */
export function conv2dRelu(x: Tensor, w: Tensor, bias: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  return conv2dImpl(x, w, bias, opts, true);
}

function conv2dImpl(x: Tensor, w: Tensor, bias: Tensor | null, opts: Conv2dOptions, relu: boolean): Tensor {
  if (w.ndim !== 4) throw new Error(`conv2d: weight must be 4-D [O, C, KH, KW], got ${fmt(w.shape)}`);
  const [o, wc, kh, kw] = w.shape as [number, number, number, number];
  if (x.ndim === 4 && x.shape[1] !== wc) throw new Error(`conv2d: input ${fmt(x.shape)} has ${x.shape[1]} channels but weight ${fmt(w.shape)} expects ${wc}`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== o)) throw new Error(`conv2d: bias of shape ${fmt(bias.shape)} must be [${o}]`);
  const g = geometry('conv2d', x, o, [kh, kw], opts.stride ?? 1, opts.padding ?? 0);
  const be = backend();
  const out = be.allocEmpty(g.n * g.o * g.oh * g.ow);
  // byte frames (fromBytes) are read as bytes: their floats need not exist
  const input = x.bytes ?? x.data;
  be.conv2dForward(input, w.data, bias?.data ?? null, out, g, relu);
  const inputs = bias ? [x, w, bias] : [x, w];
  const mask = relu ? out : null; // the relu's output: its zeros are where the gradient stops
  return result(out, [g.n, g.o, g.oh, g.ow], relu ? 'conv2dRelu' : 'conv2d', inputs, (gy) => {
    let gx: Tensor | null = null;
    if (x.requiresGrad) {
      const d = be.allocEmpty(x.size);
      be.conv2dBackwardInput(gy.data, w.data, d, g, mask);
      gx = new Tensor(d, x.shape);
    }
    let gw: Tensor | null = null, gb: Tensor | null = null;
    if (w.requiresGrad || bias?.requiresGrad) {
      const dw = be.alloc(w.size);
      const db = bias ? be.alloc(o) : null;
      be.conv2dBackwardWeight(input, gy.data, dw, db, g, mask);
      gw = w.requiresGrad ? new Tensor(dw, w.shape) : null;
      gb = bias?.requiresGrad && db ? new Tensor(db, bias.shape) : null;
    }
    return bias ? [gx, gw, gb] : [gx, gw];
  });
}

/** Max pooling, NCHW; padding counts as −∞. Stride defaults to the kernel size, as PyTorch. */
export function maxPool2d(x: Tensor, kernel: Pair, opts: { stride?: Pair; padding?: Pair } = {}): Tensor {
  const c = x.shape[1] ?? 0;
  const g = geometry('maxPool2d', x, c, kernel, opts.stride ?? kernel, opts.padding ?? 0);
  const [ph, pw] = [g.ph, g.pw];
  if (2 * ph > g.kh || 2 * pw > g.kw) throw new Error(`maxPool2d: padding ${ph}×${pw} must be at most half the kernel ${g.kh}×${g.kw}`);
  const be = backend();
  const out = be.alloc(g.n * g.c * g.oh * g.ow);
  const arg = new Int32Array(out.length);
  be.maxPool2dForward(x.data, out, arg, g);
  return result(out, [g.n, g.c, g.oh, g.ow], 'maxPool2d', [x], (gy) => {
    const gx = be.alloc(x.size);
    be.maxPool2dBackward(gy.data, arg, gx, g);
    return [new Tensor(gx, x.shape)];
  });
}

// ---- losses ----------------------------------------------------------------------------------------------------------

function checkSameShape(op: string, a: Tensor, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) throw new Error(`${op}: prediction ${fmt(a.shape)} and target ${fmt(b.shape)} must have the same shape`);
}

/** Mean squared error. */
export function mseLoss(pred: Tensor, target: Tensor): Tensor {
  checkSameShape('mseLoss', pred, target);
  return mean(pred.sub(target).square());
}

/** Huber loss with threshold δ (PyTorch's HuberLoss; equals smooth L1 at δ = 1), averaged. */
export function huberLoss(pred: Tensor, target: Tensor, delta = 1): Tensor {
  checkSameShape('huberLoss', pred, target);
  if (!(delta > 0)) throw new Error(`huberLoss: delta must be positive, got ${delta}`);
  return mean(unaryOp('huber', pred.sub(target), delta));
}

/** Cross-entropy of logits [N, C] against class indices [N], averaged over the batch. */
export function crossEntropy(logits: Tensor, targets: IndexTensor): Tensor {
  if (logits.ndim !== 2) throw new Error(`crossEntropy: logits must be [N, C], got ${fmt(logits.shape)}`);
  if (targets.shape.length !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new Error(`crossEntropy: targets of shape ${fmt(targets.shape)} must be [${logits.shape[0]}] for logits ${fmt(logits.shape)}`);
  }
  const picked = gather(logSoftmax(logits, -1), 1, targets.reshape([targets.size, 1]));
  return mean(picked).neg();
}

/** Entropy of the categorical distributions given by logits along the last axis: −Σ p log p, one value per row. */
export function categoricalEntropy(logits: Tensor): Tensor {
  const logp = logSoftmax(logits, -1);
  return sum(logp.exp().mul(logp), -1).neg();
}

