/**
 * Weight initialisers (in place, like torch.nn.init). Fan-in/fan-out follow PyTorch: for a weight [out, in, ...k],
 * fan_in = in·Πk and fan_out = out·Πk.
 */
import type { Tensor } from '../tensor/index.js';
import type { ActivationName } from '../tensor/index.js';
import type { Rng } from '../util/rng.js';

export function fans(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) throw new Error(`fan-in/fan-out need a tensor of rank ≥ 2, got shape [${t.shape.join(', ')}]`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

/** torch.nn.init.calculate_gain. */
export function calculateGain(nonlinearity: ActivationName | 'linear' | 'conv', param?: number): number {
  switch (nonlinearity) {
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leaky_relu': { const a = param ?? 0.01; return Math.sqrt(2 / (1 + a * a)); }
    case 'elu': case 'gelu': case 'silu': case 'softplus': return 1; // PyTorch has no entry; 1 is its fallback for linear-like use
    default: return 1;
  }
}

export function constant_(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}

export function uniform_(t: Tensor, lo: number, hi: number, rng: Rng): Tensor {
  rng.fillUniform(t.data, lo, hi);
  return t;
}

export function normal_(t: Tensor, mean: number, std: number, rng: Rng): Tensor {
  rng.fillNormal(t.data, mean, std);
  return t;
}

export function xavierUniform_(t: Tensor, rng: Rng, gain = 1): Tensor {
  const { fanIn, fanOut } = fans(t);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -a, a, rng);
}

export function xavierNormal_(t: Tensor, rng: Rng, gain = 1): Tensor {
  const { fanIn, fanOut } = fans(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), rng);
}

export interface KaimingOptions {
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: 'relu' | 'leaky_relu';
}

function kaimingStd(t: Tensor, o: KaimingOptions): number {
  const { fanIn, fanOut } = fans(t);
  const fan = (o.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  const gain = calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0);
  return gain / Math.sqrt(fan);
}

/** He initialisation, uniform. */
export function kaimingUniform_(t: Tensor, rng: Rng, o: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, o);
  return uniform_(t, -bound, bound, rng);
}

/** He initialisation, normal. */
export function kaimingNormal_(t: Tensor, rng: Rng, o: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, o), rng);
}

/**
 * PyTorch's default for Linear/Conv weights and biases: weight U(±1/√fan_in) (kaiming_uniform with a = √5), and
 * bias U(±1/√fan_in).
 */
export function torchDefault_(weight: Tensor, bias: Tensor | null, rng: Rng): void {
  const { fanIn } = fans(weight);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform_(weight, -bound, bound, rng);
  if (bias) uniform_(bias, -bound, bound, rng);
}

/**
 * Orthogonal initialisation (Saxe et al. 2014): the weight viewed as rows = shape[0] by cols = the rest gets
 * orthonormal rows (if rows ≤ cols) or columns, scaled by `gain`. A normal matrix is orthonormalised by Gram–Schmidt in
 * float64, which equals QR with a positive-diagonal R, so the result is Haar-distributed (as PyTorch's sign-corrected QR).
 */
export function orthogonal_(t: Tensor, rng: Rng, gain = 1): Tensor {
  if (t.ndim < 2) throw new Error(`orthogonal_ needs a tensor of rank ≥ 2, got shape [${t.shape.join(', ')}]`);
  const rows = t.shape[0]!, cols = t.size / rows;
  const tall = rows >= cols;
  const n = tall ? rows : cols; // length of each vector to orthonormalise
  const k = tall ? cols : rows; // number of vectors
  const q = new Float64Array(n * k); // vector j at q[j*n ...]
  rng.fillNormal(q);
  for (let j = 0; j < k; j++) {
    const vj = j * n;
    for (let pass = 0; pass < 2; pass++) {
      // two passes of Gram–Schmidt ("twice is enough") for numerical orthogonality
      for (let i = 0; i < j; i++) {
        const vi = i * n;
        let dot = 0;
        for (let r = 0; r < n; r++) dot += q[vi + r]! * q[vj + r]!;
        for (let r = 0; r < n; r++) q[vj + r] = q[vj + r]! - dot * q[vi + r]!;
      }
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += q[vj + r]! * q[vj + r]!;
    norm = Math.sqrt(norm);
    if (norm === 0) throw new Error('orthogonal_: degenerate random matrix (try another seed)');
    for (let r = 0; r < n; r++) q[vj + r] = q[vj + r]! / norm;
  }
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) {
      t.data[i * cols + c] = gain * (tall ? q[c * n + i]! : q[i * n + c]!);
    }
  }
  return t;
}

export const INITIALIZERS = ['torch', 'orthogonal', 'kaiming_uniform', 'kaiming_normal', 'xavier_uniform', 'xavier_normal'] as const;
export type InitName = (typeof INITIALIZERS)[number];

/** Initialises a layer's weight (and zeroes or torch-initialises its bias) by name. */
export function initLayer(weight: Tensor, bias: Tensor | null, init: InitName, rng: Rng, gain = 1): void {
  switch (init) {
    case 'torch': torchDefault_(weight, bias, rng); return;
    case 'orthogonal': orthogonal_(weight, rng, gain); break;
    case 'kaiming_uniform': kaimingUniform_(weight, rng, { nonlinearity: 'relu' }); break;
    case 'kaiming_normal': kaimingNormal_(weight, rng, { nonlinearity: 'relu' }); break;
    case 'xavier_uniform': xavierUniform_(weight, rng, gain); break;
    case 'xavier_normal': xavierNormal_(weight, rng, gain); break;
    default: throw new Error(`unknown initialiser '${String(init)}'; choose one of: ${INITIALIZERS.join(', ')}`);
  }
  if (bias) constant_(bias, 0);
}
