/**
 * The pure TypeScript reference backend: the oracle every native kernel is tested against.
 * Written for clarity first: one loop per kernel, the op chosen once outside the loop, float64 accumulation in
 * reductions, GEMM and normalisations. No per-element closures.
 */
import type { Backend, BinaryOp, Conv2dGeometry, ConvInput, ReduceOp, UnaryOp } from '../backend.js';
import { erf } from '../math.js';
import { newBuffer } from '../buffer-pool.js';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export class ReferenceBackend implements Backend {
  readonly name = 'ts';
  private colScratch = new Float32Array(0);

  describe(): string {
    return 'ts (pure TypeScript reference backend, 1 thread)';
  }

  alloc(size: number): Float32Array {
    return newBuffer(size, (b) => b.fill(0));
  }

  allocEmpty(size: number): Float32Array {
    return newBuffer(size, null);
  }

  fill(out: Float32Array, value: number): void {
    out.fill(value);
  }

  unary(op: UnaryOp, x: Float32Array, out: Float32Array, p1: number, p2: number): void {
    const n = x.length;
    switch (op) {
      case 'identity': out.set(x); return;
      case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]!; return;
      case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!); return;
      case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!); return;
      case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); return;
      case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); return;
      case 'sign': for (let i = 0; i < n; i++) out[i] = sign(x[i]!); return;
      case 'square': for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!; return;
      case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]!; return;
      case 'pow': for (let i = 0; i < n; i++) out[i] = pow(x[i]!, p1); return;
      case 'clamp': for (let i = 0; i < n; i++) out[i] = Math.min(Math.max(x[i]!, p1), p2); return;
      case 'relu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v < 0 ? 0 : v; } return; // NaN stays NaN
      case 'leaky_relu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v > 0 ? v : v * p1; } return;
      case 'elu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v > 0 ? v : p1 * Math.expm1(v); } return;
      case 'gelu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = 0.5 * v * (1 + erf(v * SQRT1_2)); } return;
      case 'silu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v / (1 + Math.exp(-v)); } return;
      case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!); return;
      case 'sigmoid': for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!)); return;
      case 'softplus': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))); } return;
      case 'huber': for (let i = 0; i < n; i++) { const a = Math.abs(x[i]!); out[i] = a < p1 ? 0.5 * a * a : p1 * (a - 0.5 * p1); } return;
      case 'add_scalar': for (let i = 0; i < n; i++) out[i] = x[i]! + p1; return;
      case 'mul_scalar': for (let i = 0; i < n; i++) out[i] = x[i]! * p1; return;
    }
  }

  unaryBackward(op: UnaryOp, x: Float32Array, y: Float32Array, gy: Float32Array, gx: Float32Array, p1: number, p2: number, accumulate: boolean): void {
    const n = x.length;
    // every case adds into gx: clear it first when not accumulating (it may hold anything, see allocEmpty)
    if (!accumulate) gx.fill(0);
    switch (op) {
      case 'identity': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]!; return;
      case 'neg': for (let i = 0; i < n; i++) gx[i] = gx[i]! - gy[i]!; return;
      case 'exp': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! * y[i]!; return;
      case 'log': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! / x[i]!; return;
      case 'sqrt': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! * 0.5 / y[i]!; return;
      case 'abs': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! * sign(x[i]!); return;
      case 'sign': for (let i = 0; i < n; i++) gx[i] = gx[i]!; return;
      case 'square': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! * 2 * x[i]!; return;
      case 'reciprocal': for (let i = 0; i < n; i++) gx[i] = gx[i]! - gy[i]! * y[i]! * y[i]!; return;
      case 'pow': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! * p1 * pow(x[i]!, p1 - 1); return;
      case 'clamp': for (let i = 0; i < n; i++) { const v = x[i]!; gx[i] = gx[i]! + (v >= p1 && v <= p2 ? gy[i]! : 0); } return;
      // PyTorch's threshold_backward: the gradient stops where x ≤ 0, so it passes at NaN
      case 'relu': for (let i = 0; i < n; i++) gx[i] = gx[i]! + (x[i]! <= 0 ? 0 : gy[i]!); return;
      case 'leaky_relu': for (let i = 0; i < n; i++) gx[i] = gx[i]! + (x[i]! > 0 ? gy[i]! : gy[i]! * p1); return;
      case 'elu': for (let i = 0; i < n; i++) gx[i] = gx[i]! + (x[i]! > 0 ? gy[i]! : gy[i]! * (y[i]! + p1)); return;
      case 'gelu':
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          const cdf = 0.5 * (1 + erf(v * SQRT1_2));
          gx[i] = gx[i]! + gy[i]! * (cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
        }
        return;
      case 'silu':
        for (let i = 0; i < n; i++) {
          const s = 1 / (1 + Math.exp(-x[i]!));
          gx[i] = gx[i]! + gy[i]! * s * (1 + x[i]! * (1 - s));
        }
        return;
      case 'tanh': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! * (1 - y[i]! * y[i]!); return;
      case 'sigmoid': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! * y[i]! * (1 - y[i]!); return;
      case 'softplus': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! / (1 + Math.exp(-x[i]!)); return;
      case 'huber':
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          gx[i] = gx[i]! + gy[i]! * (v <= -p1 ? -p1 : v >= p1 ? p1 : v); // NaN stays NaN
        }
        return;
      case 'add_scalar': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]!; return;
      case 'mul_scalar': for (let i = 0; i < n; i++) gx[i] = gx[i]! + gy[i]! * p1; return;
    }
    void p2;
  }

  binary(op: BinaryOp, a: Float32Array, aStrides: readonly number[], b: Float32Array, bStrides: readonly number[], out: Float32Array, shape: readonly number[]): void {
    const nd = shape.length;
    const total = out.length;
    if (nd === 0 || total === 0) {
      if (total === 1) out[0] = applyBinary(op, a[0]!, b[0]!);
      return;
    }
    // Walk the output in row-major order; the innermost dimension is a tight loop with fixed strides.
    const inner = shape[nd - 1]!;
    const as = aStrides[nd - 1]!;
    const bs = bStrides[nd - 1]!;
    const idx = new Array<number>(nd).fill(0);
    let aBase = 0;
    let bBase = 0;
    for (let o = 0; o < total; o += inner) {
      binaryRow(op, a, aBase, as, b, bBase, bs, out, o, inner);
      // increment the outer multi-index
      for (let d = nd - 2; d >= 0; d--) {
        idx[d]!++;
        aBase += aStrides[d]!;
        bBase += bStrides[d]!;
        if (idx[d]! < shape[d]!) break;
        aBase -= aStrides[d]! * shape[d]!;
        bBase -= bStrides[d]! * shape[d]!;
        idx[d] = 0;
      }
    }
  }

  scale(x: Float32Array, s: number, out: Float32Array): void {
    for (let i = 0; i < x.length; i++) out[i] = x[i]! * s;
  }

  scaleBytes(x: Uint8Array, s: number, out: Float32Array): void {
    for (let i = 0; i < x.length; i++) out[i] = x[i]! * s;
  }

  axpy(a: number, x: Float32Array, y: Float32Array): void {
    for (let i = 0; i < x.length; i++) y[i] = y[i]! + a * x[i]!;
  }

  where(cond: Float32Array, a: Float32Array, b: Float32Array, out: Float32Array): void {
    for (let i = 0; i < out.length; i++) out[i] = cond[i] !== 0 ? a[i]! : b[i]!;
  }

  reduce(op: ReduceOp, x: Float32Array, outer: number, n: number, inner: number, out: Float32Array, argOut: Int32Array | null): void {
    if (op === 'sum') {
      const acc = new Float64Array(inner);
      for (let o = 0; o < outer; o++) {
        acc.fill(0);
        const base = o * n * inner;
        for (let k = 0; k < n; k++) {
          const row = base + k * inner;
          for (let i = 0; i < inner; i++) acc[i] = acc[i]! + x[row + i]!;
        }
        for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i]!;
      }
      return;
    }
    const isMax = op === 'max';
    for (let o = 0; o < outer; o++) {
      const base = o * n * inner;
      for (let i = 0; i < inner; i++) {
        let best = x[base + i]!;
        let arg = 0;
        // NaN wins, and the first NaN keeps the index (PyTorch's max/min along a dimension)
        for (let k = 1; k < n && best === best; k++) {
          const v = x[base + k * inner + i]!;
          if (v !== v || (isMax ? v > best : v < best)) { best = v; arg = k; }
        }
        out[o * inner + i] = best;
        if (argOut) argOut[o * inner + i] = arg;
      }
    }
  }

  sumSquares(x: Float32Array): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
    return s;
  }

  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, aOff: number, lda: number, aBatchStride: number,
    b: Float32Array, bOff: number, ldb: number, bBatchStride: number,
    beta: number, c: Float32Array, cOff: number, ldc: number, cBatchStride: number,
    batch: number,
  ): void {
    // A(i,p) = a[i·ars + p·acs], B(p,j) = b[p·brs + j·bcs]
    const ars = transA ? 1 : lda, acs = transA ? lda : 1;
    const brs = transB ? 1 : ldb, bcs = transB ? ldb : 1;
    const row = new Float64Array(n);
    for (let bi = 0; bi < batch; bi++) {
      const ao = aOff + bi * aBatchStride, bo = bOff + bi * bBatchStride, co = cOff + bi * cBatchStride;
      for (let i = 0; i < m; i++) {
        row.fill(0);
        for (let p = 0; p < k; p++) {
          const aip = a[ao + i * ars + p * acs]!; // no skipping of zeros: 0·NaN and 0·Inf are NaN
          const bp = bo + p * brs;
          for (let j = 0; j < n; j++) row[j] = row[j]! + aip * b[bp + j * bcs]!;
        }
        const cr = co + i * ldc;
        if (beta === 0) for (let j = 0; j < n; j++) c[cr + j] = alpha * row[j]!;
        else for (let j = 0; j < n; j++) c[cr + j] = alpha * row[j]! + beta * c[cr + j]!;
      }
    }
  }

  stridedCopy(src: Float32Array, srcOff: number, srcStrides: readonly number[], dst: Float32Array, dstOff: number, dstStrides: readonly number[], shape: readonly number[]): void {
    const nd = shape.length;
    let total = 1;
    for (const s of shape) total *= s;
    if (total === 0) return;
    if (nd === 0) { dst[dstOff] = src[srcOff]!; return; }
    const inner = shape[nd - 1]!;
    const ss = srcStrides[nd - 1]!, ds = dstStrides[nd - 1]!;
    const idx = new Array<number>(nd).fill(0);
    let sb = srcOff, db = dstOff;
    for (let o = 0; o < total; o += inner) {
      for (let i = 0; i < inner; i++) dst[db + i * ds] = src[sb + i * ss]!;
      for (let d = nd - 2; d >= 0; d--) {
        idx[d]!++;
        sb += srcStrides[d]!;
        db += dstStrides[d]!;
        if (idx[d]! < shape[d]!) break;
        sb -= srcStrides[d]! * shape[d]!;
        db -= dstStrides[d]! * shape[d]!;
        idx[d] = 0;
      }
    }
  }

  gather(x: Float32Array, idx: Int32Array, out: Float32Array, outer: number, n: number, inner: number, k: number): void {
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < k; j++) {
        const ib = (o * k + j) * inner;
        for (let i = 0; i < inner; i++) {
          const t = idx[ib + i]!;
          if (t < 0 || t >= n) throw new RangeError(`gather: index ${t} out of range [0, ${n})`);
          out[ib + i] = x[(o * n + t) * inner + i]!;
        }
      }
    }
  }

  scatterAdd(gy: Float32Array, idx: Int32Array, gx: Float32Array, outer: number, n: number, inner: number, k: number): void {
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < k; j++) {
        const ib = (o * k + j) * inner;
        for (let i = 0; i < inner; i++) {
          const t = idx[ib + i]!;
          gx[(o * n + t) * inner + i] = gx[(o * n + t) * inner + i]! + gy[ib + i]!;
        }
      }
    }
  }

  /** im2col for one image: col[(c·kh·kw) × (oh·ow)], zero where the window reads padding. */
  private im2col(x: Float32Array, xOff: number, g: Conv2dGeometry): Float32Array {
    const rows = g.c * g.kh * g.kw, cols = g.oh * g.ow;
    if (this.colScratch.length < rows * cols) this.colScratch = new Float32Array(rows * cols);
    const col = this.colScratch;
    for (let c = 0; c < g.c; c++) {
      for (let ki = 0; ki < g.kh; ki++) {
        for (let kj = 0; kj < g.kw; kj++) {
          const r = (c * g.kh + ki) * g.kw + kj;
          for (let oy = 0; oy < g.oh; oy++) {
            const iy = oy * g.sh - g.ph + ki;
            const dst = r * cols + oy * g.ow;
            if (iy < 0 || iy >= g.h) { col.fill(0, dst, dst + g.ow); continue; }
            const srcRow = xOff + (c * g.h + iy) * g.w;
            for (let ox = 0; ox < g.ow; ox++) {
              const ix = ox * g.sw - g.pw + kj;
              col[dst + ox] = ix >= 0 && ix < g.w ? x[srcRow + ix]! : 0;
            }
          }
        }
      }
    }
    return col;
  }

  /** A conv input as floats (byte frames converted as scaleBytes converts them). */
  private convFloats(x: ConvInput): Float32Array {
    if (x instanceof Float32Array) return x;
    const out = new Float32Array(x.bytes.length);
    this.scaleBytes(x.bytes, x.scale, out);
    return out;
  }

  conv2dForward(input: ConvInput, w: Float32Array, bias: Float32Array | null, out: Float32Array, g: Conv2dGeometry, relu = false): void {
    const x = this.convFloats(input);
    const K = g.c * g.kh * g.kw, P = g.oh * g.ow;
    for (let b = 0; b < g.n; b++) {
      const col = this.im2col(x, b * g.c * g.h * g.w, g);
      // out_b [o × P] = W [o × K] · col [K × P]
      this.gemm(false, false, g.o, P, K, 1, w, 0, K, 0, col, 0, P, 0, 0, out, b * g.o * P, P, 0, 1);
      if (bias) {
        for (let o = 0; o < g.o; o++) {
          const base = b * g.o * P + o * P, bv = bias[o]!;
          for (let p = 0; p < P; p++) out[base + p] = out[base + p]! + bv;
        }
      }
    }
    if (relu) this.unary('relu', out, out, 0, 0);
  }

  /** gy · [reluOut > 0] (relu's own backward, into a copy), or gy itself without a fused relu. */
  private reluMasked(gy: Float32Array, reluOut: Float32Array | null | undefined, n: number): Float32Array {
    if (!reluOut) return gy;
    const m = new Float32Array(n);
    this.unaryBackward('relu', reluOut, reluOut, gy, m, 0, 0, false);
    return m;
  }

  conv2dBackwardInput(gyIn: Float32Array, w: Float32Array, gx: Float32Array, g: Conv2dGeometry, reluOut: Float32Array | null = null): void {
    const K = g.c * g.kh * g.kw, P = g.oh * g.ow;
    const gy = this.reluMasked(gyIn, reluOut, g.n * g.o * P);
    const col = new Float32Array(K * P);
    gx.fill(0, 0, g.n * g.c * g.h * g.w);
    for (let b = 0; b < g.n; b++) {
      // col [K × P] = Wᵀ [K × o] · gy_b [o × P], then col2im accumulates into gx
      this.gemm(true, false, K, P, g.o, 1, w, 0, K, 0, gy, b * g.o * P, P, 0, 0, col, 0, P, 0, 1);
      const xOff = b * g.c * g.h * g.w;
      for (let c = 0; c < g.c; c++) {
        for (let ki = 0; ki < g.kh; ki++) {
          for (let kj = 0; kj < g.kw; kj++) {
            const r = (c * g.kh + ki) * g.kw + kj;
            for (let oy = 0; oy < g.oh; oy++) {
              const iy = oy * g.sh - g.ph + ki;
              if (iy < 0 || iy >= g.h) continue;
              const rowBase = xOff + (c * g.h + iy) * g.w;
              for (let ox = 0; ox < g.ow; ox++) {
                const ix = ox * g.sw - g.pw + kj;
                if (ix >= 0 && ix < g.w) gx[rowBase + ix] = gx[rowBase + ix]! + col[r * P + oy * g.ow + ox]!;
              }
            }
          }
        }
      }
    }
  }

  conv2dBackwardWeight(input: ConvInput, gyIn: Float32Array, gw: Float32Array, gb: Float32Array | null, g: Conv2dGeometry, reluOut: Float32Array | null = null): void {
    const x = this.convFloats(input);
    const K = g.c * g.kh * g.kw, P = g.oh * g.ow;
    const gy = this.reluMasked(gyIn, reluOut, g.n * g.o * P);
    for (let b = 0; b < g.n; b++) {
      const col = this.im2col(x, b * g.c * g.h * g.w, g);
      // gW [o × K] += gy_b [o × P] · colᵀ [P × K]
      this.gemm(false, true, g.o, K, P, 1, gy, b * g.o * P, P, 0, col, 0, P, 0, 1, gw, 0, K, 0, 1);
      if (gb) {
        for (let o = 0; o < g.o; o++) {
          let s = 0;
          const base = b * g.o * P + o * P;
          for (let p = 0; p < P; p++) s += gy[base + p]!;
          gb[o] = gb[o]! + s;
        }
      }
    }
  }

  maxPool2dForward(x: Float32Array, out: Float32Array, argmax: Int32Array, g: Conv2dGeometry): void {
    for (let plane = 0; plane < g.n * g.c; plane++) {
      const xb = plane * g.h * g.w, ob = plane * g.oh * g.ow;
      for (let oy = 0; oy < g.oh; oy++) {
        for (let ox = 0; ox < g.ow; ox++) {
          let best = -Infinity, arg = -1;
          for (let ki = 0; ki < g.kh; ki++) {
            const iy = oy * g.sh - g.ph + ki;
            if (iy < 0 || iy >= g.h) continue;
            for (let kj = 0; kj < g.kw; kj++) {
              const ix = ox * g.sw - g.pw + kj;
              if (ix < 0 || ix >= g.w) continue;
              const v = x[xb + iy * g.w + ix]!;
              if (v > best || v !== v || arg < 0) { best = v; arg = iy * g.w + ix; } // the last NaN wins, as PyTorch
            }
          }
          out[ob + oy * g.ow + ox] = best;
          argmax[ob + oy * g.ow + ox] = arg;
        }
      }
    }
  }

  maxPool2dBackward(gy: Float32Array, argmax: Int32Array, gx: Float32Array, g: Conv2dGeometry): void {
    gx.fill(0, 0, g.n * g.c * g.h * g.w);
    for (let plane = 0; plane < g.n * g.c; plane++) {
      const xb = plane * g.h * g.w, ob = plane * g.oh * g.ow;
      for (let q = 0; q < g.oh * g.ow; q++) {
        const t = xb + argmax[ob + q]!;
        gx[t] = gx[t]! + gy[ob + q]!;
      }
    }
  }

  layerNormForward(x: Float32Array, gamma: Float32Array | null, beta: Float32Array | null, out: Float32Array, mean: Float32Array, rstd: Float32Array, rows: number, cols: number, eps: number): void {
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      let s = 0;
      for (let j = 0; j < cols; j++) s += x[base + j]!;
      const mu = s / cols;
      let ss = 0;
      for (let j = 0; j < cols; j++) { const d = x[base + j]! - mu; ss += d * d; }
      const rs = 1 / Math.sqrt(ss / cols + eps);
      mean[r] = mu;
      rstd[r] = rs;
      for (let j = 0; j < cols; j++) {
        const xhat = (x[base + j]! - mu) * rs;
        out[base + j] = gamma ? xhat * gamma[j]! + (beta ? beta[j]! : 0) : xhat + (beta ? beta[j]! : 0);
      }
    }
  }

  layerNormBackward(gy: Float32Array, x: Float32Array, gamma: Float32Array | null, mean: Float32Array, rstd: Float32Array, gx: Float32Array, ggamma: Float32Array | null, gbeta: Float32Array | null, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const base = r * cols, mu = mean[r]!, rs = rstd[r]!;
      // dxhat = gy·γ; gx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat · xhat))
      let sumD = 0, sumDX = 0;
      for (let j = 0; j < cols; j++) {
        const xhat = (x[base + j]! - mu) * rs;
        const d = gy[base + j]! * (gamma ? gamma[j]! : 1);
        sumD += d;
        sumDX += d * xhat;
        if (ggamma) ggamma[j] = ggamma[j]! + gy[base + j]! * xhat;
        if (gbeta) gbeta[j] = gbeta[j]! + gy[base + j]!;
      }
      const mD = sumD / cols, mDX = sumDX / cols;
      for (let j = 0; j < cols; j++) {
        const xhat = (x[base + j]! - mu) * rs;
        const d = gy[base + j]! * (gamma ? gamma[j]! : 1);
        gx[base + j] = rs * (d - mD - xhat * mDX);
      }
    }
  }

  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number, log: boolean): void {
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      let mx = -Infinity;
      for (let j = 0; j < cols; j++) mx = Math.max(mx, x[base + j]!);
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.exp(x[base + j]! - mx);
      if (log) {
        const lse = mx + Math.log(s);
        for (let j = 0; j < cols; j++) out[base + j] = x[base + j]! - lse;
      } else {
        for (let j = 0; j < cols; j++) out[base + j] = Math.exp(x[base + j]! - mx) / s;
      }
    }
  }

  softmaxBackward(y: Float32Array, gy: Float32Array, gx: Float32Array, rows: number, cols: number, log: boolean): void {
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      if (log) {
        // y = log p: gx = gy − p · Σ gy
        let s = 0;
        for (let j = 0; j < cols; j++) s += gy[base + j]!;
        for (let j = 0; j < cols; j++) gx[base + j] = gy[base + j]! - Math.exp(y[base + j]!) * s;
      } else {
        // y = p: gx = p · (gy − Σ gy·p)
        let s = 0;
        for (let j = 0; j < cols; j++) s += gy[base + j]! * y[base + j]!;
        for (let j = 0; j < cols; j++) gx[base + j] = y[base + j]! * (gy[base + j]! - s);
      }
    }
  }

  adamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, step: number): boolean {
    let check = 0; // + x·0 per parameter: NaN once one is NaN or ±Inf
    const bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
    const stepSize = lr / bc1, sqrtBc2 = Math.sqrt(bc2);
    for (let i = 0; i < p.length; i++) {
      const gi = weightDecay !== 0 ? g[i]! + weightDecay * p[i]! : g[i]!;
      const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * gi);
      const vi = (v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi);
      p[i] = p[i]! - (stepSize * mi) / (Math.sqrt(vi) / sqrtBc2 + eps);
      check += p[i]! * 0;
    }
    return check === 0;
  }

  radamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, step: number): boolean {
    let check = 0; // + x·0 per parameter: NaN once one is NaN or ±Inf
    const bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
    const rhoInf = 2 / (1 - beta2) - 1;
    const rho = rhoInf - (2 * step * Math.pow(beta2, step)) / bc2;
    const rectified = rho > 5;
    const rect = rectified ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
    for (let i = 0; i < p.length; i++) {
      const gi = weightDecay !== 0 ? g[i]! + weightDecay * p[i]! : g[i]!;
      const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * gi);
      const vi = (v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi);
      const mHat = mi / bc1;
      if (rectified) {
        const adaptive = Math.sqrt(bc2) / (Math.sqrt(vi) + eps);
        p[i] = p[i]! - lr * mHat * rect * adaptive;
      } else {
        p[i] = p[i]! - lr * mHat;
      }
      check += p[i]! * 0;
    }
    return check === 0;
  }

  rmspropStep(p: Float32Array, g: Float32Array, sq: Float32Array, gAvg: Float32Array | null, buf: Float32Array | null, lr: number, alpha: number, eps: number, momentum: number, weightDecay: number): boolean {
    let check = 0; // + x·0 per parameter: NaN once one is NaN or ±Inf
    for (let i = 0; i < p.length; i++) {
      const gi = weightDecay !== 0 ? g[i]! + weightDecay * p[i]! : g[i]!;
      const si = (sq[i] = alpha * sq[i]! + (1 - alpha) * gi * gi);
      let denom: number;
      if (gAvg) {
        const ai = (gAvg[i] = alpha * gAvg[i]! + (1 - alpha) * gi);
        denom = Math.sqrt(Math.max(si - ai * ai, 0)) + eps; // rounding can leave a tiny negative variance
      } else {
        denom = Math.sqrt(si) + eps;
      }
      if (buf) {
        const bi = (buf[i] = momentum * buf[i]! + gi / denom);
        p[i] = p[i]! - lr * bi;
      } else {
        p[i] = p[i]! - (lr * gi) / denom;
      }
      check += p[i]! * 0;
    }
    return check === 0;
  }

  sgdStep(p: Float32Array, g: Float32Array, buf: Float32Array | null, lr: number, momentum: number, dampening: number, nesterov: boolean, weightDecay: number, firstStep: boolean): boolean {
    let check = 0; // + x·0 per parameter: NaN once one is NaN or ±Inf
    for (let i = 0; i < p.length; i++) {
      let d = weightDecay !== 0 ? g[i]! + weightDecay * p[i]! : g[i]!;
      if (buf) {
        const bi = (buf[i] = firstStep ? d : momentum * buf[i]! + (1 - dampening) * d);
        d = nesterov ? d + momentum * bi : bi;
      }
      p[i] = p[i]! - lr * d;
      check += p[i]! * 0;
    }
    return check === 0;
  }

  linearActForward(x: Float32Array, w: Float32Array, bias: Float32Array | null, pre: Float32Array | null, out: Float32Array, rows: number, inF: number, outF: number, act: UnaryOp, p1: number, p2: number): void {
    const z = pre ?? new Float32Array(rows * outF);
    if (bias) for (let r = 0; r < rows; r++) z.set(bias.subarray(0, outF), r * outF);
    this.gemm(false, true, rows, outF, inF, 1, x, 0, inF, 0, w, 0, inF, 0, bias ? 1 : 0, z, 0, outF, 0, 1);
    this.unary(act, z.length === rows * outF ? z : z.subarray(0, rows * outF), out, p1, p2);
  }

  linearActBackward(gy: Float32Array, x: Float32Array, w: Float32Array, pre: Float32Array | null, out: Float32Array, gx: Float32Array | null, gw: Float32Array | null, gb: Float32Array | null, rows: number, inF: number, outF: number, act: UnaryOp, p1: number, p2: number): void {
    const gz = new Float32Array(rows * outF);
    this.unaryBackward(act, pre ?? out, out, gy, gz, p1, p2, false);
    if (gx) this.gemm(false, false, rows, inF, outF, 1, gz, 0, outF, 0, w, 0, inF, 0, 0, gx, 0, inF, 0, 1);
    if (gw) this.gemm(true, false, outF, inF, rows, 1, gz, 0, outF, 0, x, 0, inF, 0, 1, gw, 0, inF, 0, 1);
    if (gb) {
      for (let j = 0; j < outF; j++) {
        let s = 0;
        for (let r = 0; r < rows; r++) s += gz[r * outF + j]!;
        gb[j] = gb[j]! + s;
      }
    }
  }
}

/** PyTorch's sign: 0 at NaN (and at ±0). */
function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** PyTorch's pow by a scalar: x^±0.5 is (1/)sqrt(x), so (−Inf)^0.5 is NaN, not Inf as Math.pow has it. */
function pow(v: number, p: number): number {
  return p === 0.5 ? Math.sqrt(v) : p === -0.5 ? 1 / Math.sqrt(v) : Math.pow(v, p);
}

function applyBinary(op: BinaryOp, x: number, y: number): number {
  switch (op) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return x * y;
    case 'div': return x / y;
    case 'max': return x > y || Number.isNaN(x) ? x : y;
    case 'min': return x < y || Number.isNaN(x) ? x : y;
    case 'gt': return x > y ? 1 : 0;
    case 'ge': return x >= y ? 1 : 0;
    case 'lt': return x < y ? 1 : 0;
    case 'le': return x <= y ? 1 : 0;
    case 'eq': return x === y ? 1 : 0;
  }
}

/** One contiguous output row of a broadcast binary op; the switch sits outside the loop. */
function binaryRow(op: BinaryOp, a: Float32Array, ab: number, as: number, b: Float32Array, bb: number, bs: number, out: Float32Array, ob: number, n: number): void {
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) out[ob + i] = a[ab + i * as]! + b[bb + i * bs]!; return;
    case 'sub': for (let i = 0; i < n; i++) out[ob + i] = a[ab + i * as]! - b[bb + i * bs]!; return;
    case 'mul': for (let i = 0; i < n; i++) out[ob + i] = a[ab + i * as]! * b[bb + i * bs]!; return;
    case 'div': for (let i = 0; i < n; i++) out[ob + i] = a[ab + i * as]! / b[bb + i * bs]!; return;
    default: for (let i = 0; i < n; i++) out[ob + i] = applyBinary(op, a[ab + i * as]!, b[bb + i * bs]!);
  }
}
