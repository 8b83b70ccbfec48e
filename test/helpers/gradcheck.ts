/**
 * Finite-difference gradient checker. The scalar checked is L = Σ w_i · f(x)_i with fixed random weights w, evaluated
 * in float64 from the float32 outputs; central differences with step `eps` on every input element (or a sample of
 * them for large inputs) are compared with autograd's gradients: |analytic − numeric| ≤ atol + rtol·|numeric|.
 */
import assert from 'node:assert/strict';
import { Tensor, tensor, noGrad } from '../../src/tensor/index.js';
import { Rng } from '../../src/util/rng.js';

export interface GradCheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Check at most this many elements per input (sampled); default all up to 200. */
  maxPerInput?: number;
  seed?: number;
}

export function gradCheck(name: string, f: (xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradCheckOptions = {}): void {
  const eps = opts.eps ?? 3e-3, atol = opts.atol ?? 2e-3, rtol = opts.rtol ?? 2e-2;
  const rng = new Rng(opts.seed ?? 1234);
  for (const x of inputs) { x.requiresGrad = true; x.grad = null; }
  const y = f(inputs);
  const w = new Float64Array(y.size);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform() * 2 - 1;
  const wT = tensor(Float32Array.from(w), y.shape);
  y.mul(wT).sum().backward();
  const loss = (): number => {
    const out = noGrad(() => f(inputs));
    let s = 0;
    for (let i = 0; i < out.size; i++) s += w[i]! * out.data[i]!;
    return s;
  };
  inputs.forEach((x, k) => {
    const grad = x.grad;
    assert.ok(grad, `${name}: input ${k} received no gradient`);
    const limit = opts.maxPerInput ?? 200;
    const idxs = x.size <= limit ? Array.from({ length: x.size }, (_, i) => i) : Array.from({ length: limit }, () => rng.int(x.size));
    for (const i of idxs) {
      const orig = x.data[i]!;
      x.data[i] = orig + eps;
      const lp = loss();
      x.data[i] = orig - eps;
      const lm = loss();
      x.data[i] = orig;
      const numeric = (lp - lm) / (2 * eps);
      const analytic = grad.data[i]!;
      assert.ok(
        Math.abs(analytic - numeric) <= atol + rtol * Math.abs(numeric),
        `${name}: input ${k} element ${i}: autograd ${analytic} vs finite difference ${numeric}`,
      );
    }
  });
}

/** Uniform values in [lo, hi) whose magnitude is at least `gap` (keeps inputs away from kinks at 0). */
export function randTensor(shape: number[], rng: Rng, lo = -2, hi = 2, gap = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = lo + (hi - lo) * rng.uniform();
    while (Math.abs(v) < gap) v = lo + (hi - lo) * rng.uniform();
    data[i] = v;
  }
  return tensor(data, shape);
}
