/** Matrix products: matmul (2-D and batched) and linear (x·Wᵀ + b, PyTorch's weight layout). */
import { backend } from '../engine.js';
import { fmt, shapeSize } from '../shape.js';
import { result, Tensor } from '../tensor.js';

interface MatmulPlan {
  batch: number; m: number; k: number; n: number;
  aBatchStride: number; bBatchStride: number;
  outShape: number[];
}

function plan(a: Tensor, b: Tensor): MatmulPlan {
  if (a.ndim < 2 || b.ndim < 2) throw new Error(`matmul: needs tensors of rank ≥ 2, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  const m = a.shape[a.ndim - 2]!, k = a.shape[a.ndim - 1]!;
  const kb = b.shape[b.ndim - 2]!, n = b.shape[b.ndim - 1]!;
  if (k !== kb) throw new Error(`matmul: inner dimensions differ: ${fmt(a.shape)} @ ${fmt(b.shape)} (${k} vs ${kb})`);
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const aCount = shapeSize(aBatch), bCount = shapeSize(bBatch);
  let batchShape: readonly number[];
  if (b.ndim === 2) batchShape = aBatch;
  else if (a.ndim === 2) batchShape = bBatch;
  else if (aBatch.length === bBatch.length && aBatch.every((d, i) => d === bBatch[i])) batchShape = aBatch;
  else throw new Error(`matmul: batch dimensions of ${fmt(a.shape)} and ${fmt(b.shape)} must match (or one operand must be 2-D)`);
  return {
    batch: Math.max(aCount, bCount), m, k, n,
    aBatchStride: a.ndim === 2 ? 0 : m * k,
    bBatchStride: b.ndim === 2 ? 0 : k * n,
    outShape: [...batchShape, m, n],
  };
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  const p = plan(a, b);
  const be = backend();
  const out = be.alloc(shapeSize(p.outShape));
  be.gemm(false, false, p.m, p.n, p.k, 1, a.data, 0, p.k, p.aBatchStride, b.data, 0, p.n, p.bBatchStride, 0, out, 0, p.n, p.m * p.n, p.batch);
  return result(out, p.outShape, 'matmul', [a, b], (g) => {
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (a.requiresGrad) {
      // gA = gY · Bᵀ; when A is shared across the batch (2-D), sum over the batch via beta = 1
      const d = be.alloc(a.size);
      if (p.aBatchStride === 0) {
        for (let i = 0; i < p.batch; i++) {
          be.gemm(false, true, p.m, p.k, p.n, 1, g.data, i * p.m * p.n, p.n, 0, b.data, i * p.bBatchStride, p.n, 0, 1, d, 0, p.k, 0, 1);
        }
      } else {
        be.gemm(false, true, p.m, p.k, p.n, 1, g.data, 0, p.n, p.m * p.n, b.data, 0, p.n, p.bBatchStride, 0, d, 0, p.k, p.m * p.k, p.batch);
      }
      ga = new Tensor(d, a.shape);
    }
    if (b.requiresGrad) {
      const d = be.alloc(b.size);
      if (p.bBatchStride === 0) {
        // B shared: gB = Σ_b A_bᵀ gY_b = A_flatᵀ · gY_flat when A is batched contiguously
        if (p.aBatchStride === 0) {
          for (let i = 0; i < p.batch; i++) be.gemm(true, false, p.k, p.n, p.m, 1, a.data, 0, p.k, 0, g.data, i * p.m * p.n, p.n, 0, 1, d, 0, p.n, 0, 1);
        } else {
          be.gemm(true, false, p.k, p.n, p.m * p.batch, 1, a.data, 0, p.k, 0, g.data, 0, p.n, 0, 0, d, 0, p.n, 0, 1);
        }
      } else {
        be.gemm(true, false, p.k, p.n, p.m, 1, a.data, 0, p.k, p.aBatchStride, g.data, 0, p.n, p.m * p.n, 0, d, 0, p.n, p.k * p.n, p.batch);
      }
      gb = new Tensor(d, b.shape);
    }
    return [ga, gb];
  });
}

/**
 * y = x · Wᵀ + b over the last axis of x, with W of shape [out, in] (PyTorch's layout, so checkpoints interoperate).
 * Transposes are read by the GEMM, never materialised.
 */
export function linear(x: Tensor, w: Tensor, bias: Tensor | null): Tensor {
  if (w.ndim !== 2) throw new Error(`linear: weight must be 2-D [out, in], got ${fmt(w.shape)}`);
  const [outF, inF] = w.shape as [number, number];
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== inF) throw new Error(`linear: input of shape ${fmt(x.shape)} does not end in ${inF} features (weight ${fmt(w.shape)})`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outF)) throw new Error(`linear: bias of shape ${fmt(bias.shape)} must be [${outF}]`);
  const rows = x.size / inF;
  const be = backend();
  const out = be.allocEmpty(rows * outF); // every element: bias rows then β = 1, or β = 0
  if (bias) for (let r = 0; r < rows; r++) out.set(bias.data, r * outF);
  be.gemm(false, true, rows, outF, inF, 1, x.data, 0, inF, 0, w.data, 0, inF, 0, bias ? 1 : 0, out, 0, outF, 0, 1);
  const outShape = [...x.shape.slice(0, -1), outF];
  const inputs = bias ? [x, w, bias] : [x, w];
  return result(out, outShape, 'linear', inputs, (g) => {
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (x.requiresGrad) {
      const d = be.allocEmpty(x.size);
      be.gemm(false, false, rows, inF, outF, 1, g.data, 0, outF, 0, w.data, 0, inF, 0, 0, d, 0, inF, 0, 1);
      gx = new Tensor(d, x.shape);
    }
    if (w.requiresGrad) {
      const d = be.allocEmpty(w.size);
      be.gemm(true, false, outF, inF, rows, 1, g.data, 0, outF, 0, x.data, 0, inF, 0, 0, d, 0, inF, 0, 1);
      gw = new Tensor(d, w.shape);
    }
    if (bias && bias.requiresGrad) {
      const d = be.alloc(outF);
      be.reduce('sum', g.data, 1, rows, outF, d, null);
      gb = new Tensor(d, bias.shape);
    }
    return bias ? [gx, gw, gb] : [gx, gw];
  });
}
