/**
 * The native backend: a thin positional wrapper over the C++ addon (build/Release/hrl_native.node, built by
 * `npm install` through node-gyp). Importing this module registers its loader with the engine; the addon is loaded on
 * first selection, and a missing or broken build makes the loader return null (the engine then falls back to 'ts').
 *
 * Memory: `alloc` returns plain JS Float32Arrays. Measured here (bench `engine`, "allocation"): `new Float32Array(16)`
 * costs ~0.13 µs, while a zeroed 64-byte aligned N-API external buffer with a free() finalizer costs ~7 µs (n = 16) and
 * ~18 µs (n = 1024, vs 6 µs in JS), and V8 does not count external memory towards GC pressure, so a loop allocating
 * 64 k-float external buffers ran out of memory (numbers taken on a busy VM; the ratio is what matters). A free list
 * refilled from the finalizer could cut the malloc cost but not the N-API and finalizer overhead, and risks V8's
 * backing-store registry seeing one pointer twice; not pursued. The kernels use unaligned loads,
 * which cost nothing extra on Zen / recent Intel cores. Buffers stay where V8 put them; no copies happen per op.
 */
import { cpus } from 'node:os';
import type { Backend, BinaryOp, Conv2dGeometry, ConvInput, ReduceOp, UnaryOp } from '../backend.js';
import { BINARY_OPS, UNARY_OPS } from '../backend.js';
import { newBuffer } from '../buffer-pool.js';
import { registerBackendLoader } from '../engine.js';
import { ReferenceBackend } from './reference.js';
import { addonLoadError, loadAddon } from '../../util/addon.js';

/** The addon's instruction-set levels (native/src/cpu.cc): x86-64's scalar < avx2 < avx512, and AArch64's neon. */
export const NATIVE_ISAS = ['scalar', 'avx2', 'avx512', 'neon'] as const;
export type NativeIsa = (typeof NATIVE_ISAS)[number];

/** The levels a CPU whose best is `detected` (info().detected) can run, lowest first. */
export function usableIsas(detected: string): NativeIsa[] {
  switch (detected) {
    case 'avx512': return ['scalar', 'avx2', 'avx512'];
    case 'avx2': return ['scalar', 'avx2'];
    case 'neon': return ['scalar', 'neon'];
    default: return ['scalar'];
  }
}

/** The addon's state: the level in use (HRL_ISA or setIsa may lower it), the CPU's, and each family's copy. */
export interface NativeInfo {
  isa: string;
  detected: string;
  threads: number;
  winograd: boolean;
  /** The level each kernel family dispatches to now (gemm, elementwise, fastmath, optim, gemv, conv, winograd). */
  kernels: Record<string, string>;
}

/** What the addon exports (see native/src/addon.cc). Null typed-array arguments mean "absent". */
export interface NativeAddon {
  readonly scratch: Int32Array;
  info(): NativeInfo;
  /** Lowers (never raises) the instruction set of every kernel family, as HRL_ISA does; returns the one now in use. */
  setIsa(isa: NativeIsa): string;
  /** Limits the threads ops may use to min(n, pool size) (benchmarks); returns the limit now in force. */
  setThreads(n: number): number;
  /**
   * The measured FMA peak of `isa` (one of usableIsas(info().detected)) on min(threads, pool size) threads, GFLOP/s:
   * the best of 20 short rounds of independent vector multiply-adds on every thread at once (bench `engine`'s %pk).
   * Throws for a level this CPU cannot run or threads < 1.
   */
  fmaPeak(isa: NativeIsa, threads: number): number;
  fill(out: Float32Array, v: number): void;
  /** Benchmark-only: a zeroed Float32Array over 64-byte aligned native memory with a finalizer. */
  allocExternal(n: number): Float32Array;
  unary(op: number, x: Float32Array, out: Float32Array, p1: number, p2: number): void;
  unaryBackward(op: number, x: Float32Array, y: Float32Array, gy: Float32Array, gx: Float32Array, p1: number, p2: number, acc: boolean): void;
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array, nd: number): void;
  scale(x: Float32Array, s: number, out: Float32Array): void;
  scaleBytes(x: Uint8Array, s: number, out: Float32Array): void;
  axpy(a: number, x: Float32Array, y: Float32Array): void;
  where(cond: Float32Array, a: Float32Array, b: Float32Array, out: Float32Array): void;
  reduce(op: number, x: Float32Array, outer: number, n: number, inner: number, out: Float32Array, arg: Int32Array | null): void;
  sumSquares(x: Float32Array): number;
  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, aOff: number, lda: number, aBatchStride: number,
    b: Float32Array, bOff: number, ldb: number, bBatchStride: number,
    beta: number, c: Float32Array, cOff: number, ldc: number, cBatchStride: number, batch: number,
  ): void;
  stridedCopy(src: Float32Array, srcOff: number, dst: Float32Array, dstOff: number, nd: number): void;
  gather(x: Float32Array, idx: Int32Array, out: Float32Array, outer: number, n: number, inner: number, k: number): void;
  scatterAdd(gy: Float32Array, idx: Int32Array, gx: Float32Array, outer: number, n: number, inner: number, k: number): void;
  // x: floats, or byte frames standing for float32(byte · scale)
  conv2dForward(x: Float32Array | Uint8Array, w: Float32Array, bias: Float32Array | null, out: Float32Array, relu: boolean, scale: number): void;
  conv2dBackwardInput(gy: Float32Array, w: Float32Array, gx: Float32Array, reluOut: Float32Array | null): void;
  conv2dBackwardWeight(x: Float32Array | Uint8Array, gy: Float32Array, gw: Float32Array, gb: Float32Array | null, reluOut: Float32Array | null, scale: number): void;
  maxPool2dForward(x: Float32Array, out: Float32Array, argmax: Int32Array): void;
  maxPool2dBackward(gy: Float32Array, argmax: Int32Array, gx: Float32Array): void;
  layerNormForward(x: Float32Array, gamma: Float32Array | null, beta: Float32Array | null, out: Float32Array, mean: Float32Array, rstd: Float32Array, rows: number, cols: number, eps: number): void;
  layerNormBackward(gy: Float32Array, x: Float32Array, gamma: Float32Array | null, mean: Float32Array, rstd: Float32Array, gx: Float32Array, ggamma: Float32Array | null, gbeta: Float32Array | null, rows: number, cols: number): void;
  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number, log: boolean): void;
  softmaxBackward(y: Float32Array, gy: Float32Array, gx: Float32Array, rows: number, cols: number, log: boolean): void;
  adamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, b1: number, b2: number, eps: number, wd: number, step: number): boolean;
  radamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, b1: number, b2: number, eps: number, wd: number, step: number): boolean;
  rmspropStep(p: Float32Array, g: Float32Array, sq: Float32Array, gAvg: Float32Array | null, buf: Float32Array | null, lr: number, alpha: number, eps: number, momentum: number, wd: number): boolean;
  sgdStep(p: Float32Array, g: Float32Array, buf: Float32Array | null, lr: number, momentum: number, dampening: number, nesterov: boolean, wd: number, firstStep: boolean): boolean;
  linearActForward(x: Float32Array, w: Float32Array, bias: Float32Array | null, pre: Float32Array | null, out: Float32Array, rows: number, inF: number, outF: number, act: number, p1: number, p2: number): void;
  linearActBackward(gy: Float32Array, x: Float32Array, w: Float32Array, pre: Float32Array | null, out: Float32Array, gx: Float32Array | null, gw: Float32Array | null, gb: Float32Array | null, rows: number, inF: number, outF: number, act: number, p1: number, p2: number): void;
}

const UNARY_ID: Record<UnaryOp, number> = Object.fromEntries(UNARY_OPS.map((op, i) => [op, i])) as Record<UnaryOp, number>;
const BINARY_ID: Record<BinaryOp, number> = Object.fromEntries(BINARY_OPS.map((op, i) => [op, i])) as Record<BinaryOp, number>;
const REDUCE_ID: Record<ReduceOp, number> = { sum: 0, max: 1, min: 2 };
/** Dimensions the scratch buffer can carry (3 arrays of nd int32s in 256 slots). */
const MAX_DIMS = 32;
/**
 * Below this many elements an elementwise op runs in JS: an N-API call with 2–3 typed arrays costs ~150 ns, more than
 * the loop itself (bench `engine`: axpy n=64 is 58 ns in JS, 171 ns native). Both compute per element in double, so
 * the results are identical either way.
 */
const SMALL = 128;
/** GEMMs below this many multiply-adds run in JS for the same reason (4×4×4: 268 ns in JS, 375 ns native). */
const SMALL_GEMM = 512;
const js = new ReferenceBackend();

export class NativeBackend implements Backend {
  readonly name = 'native';
  private readonly s: Int32Array;
  private readonly small: number;
  private readonly smallGemm: number;

  /** `smallOpsInJs = false` sends every op to C++ (tests use it to cover the native kernels on tiny shapes). */
  constructor(private readonly addon: NativeAddon, smallOpsInJs = true) {
    this.s = addon.scratch;
    this.small = smallOpsInJs ? SMALL : 0;
    this.smallGemm = smallOpsInJs ? SMALL_GEMM : 0;
  }

  /** The raw addon, for tests and benchmarks. */
  get raw(): NativeAddon {
    return this.addon;
  }

  describe(): string {
    const i = this.addon.info();
    const isa = i.isa === i.detected ? `instruction set ${i.isa}` : `instruction set ${i.isa} (forced; cpu supports ${i.detected})`;
    return `native (C++ addon; ${isa}; CPU ${cpus()[0]?.model.trim() || 'unknown'}; ${i.threads} thread${i.threads === 1 ? '' : 's'}; Winograd convolutions ${i.winograd ? 'on' : 'off'})`;
  }

  alloc(size: number): Float32Array {
    return newBuffer(size, (b) => this.fill(b, 0));
  }

  allocEmpty(size: number): Float32Array {
    return newBuffer(size, null);
  }

  fill(out: Float32Array, value: number): void {
    if (out.length < this.small) { out.fill(value); return; }
    this.addon.fill(out, value);
  }

  unary(op: UnaryOp, x: Float32Array, out: Float32Array, p1: number, p2: number): void {
    if (x.length < this.small) { js.unary(op, x, out, p1, p2); return; }
    this.addon.unary(UNARY_ID[op], x, out, p1, p2);
  }

  unaryBackward(op: UnaryOp, x: Float32Array, y: Float32Array, gy: Float32Array, gx: Float32Array, p1: number, p2: number, accumulate: boolean): void {
    if (x.length < this.small) { js.unaryBackward(op, x, y, gy, gx, p1, p2, accumulate); return; }
    this.addon.unaryBackward(UNARY_ID[op], x, y, gy, gx, p1, p2, accumulate);
  }

  binary(op: BinaryOp, a: Float32Array, aStrides: readonly number[], b: Float32Array, bStrides: readonly number[], out: Float32Array, shape: readonly number[]): void {
    const nd = shape.length;
    if (out.length < this.small || nd > MAX_DIMS) { js.binary(op, a, aStrides, b, bStrides, out, shape); return; }
    const s = this.s;
    for (let d = 0; d < nd; d++) {
      s[d] = shape[d]!;
      s[nd + d] = aStrides[d]!;
      s[2 * nd + d] = bStrides[d]!;
    }
    this.addon.binary(BINARY_ID[op], a, b, out, nd);
  }

  scale(x: Float32Array, s: number, out: Float32Array): void {
    if (x.length < this.small) { js.scale(x, s, out); return; }
    this.addon.scale(x, s, out);
  }

  scaleBytes(x: Uint8Array, s: number, out: Float32Array): void {
    if (x.length < this.small) { js.scaleBytes(x, s, out); return; }
    this.addon.scaleBytes(x, s, out);
  }

  axpy(a: number, x: Float32Array, y: Float32Array): void {
    if (x.length < this.small) { js.axpy(a, x, y); return; }
    this.addon.axpy(a, x, y);
  }

  where(cond: Float32Array, a: Float32Array, b: Float32Array, out: Float32Array): void {
    this.addon.where(cond, a, b, out);
  }

  reduce(op: ReduceOp, x: Float32Array, outer: number, n: number, inner: number, out: Float32Array, argOut: Int32Array | null): void {
    this.addon.reduce(REDUCE_ID[op], x, outer, n, inner, out, argOut);
  }

  sumSquares(x: Float32Array): number {
    return this.addon.sumSquares(x);
  }

  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, aOff: number, lda: number, aBatchStride: number,
    b: Float32Array, bOff: number, ldb: number, bBatchStride: number,
    beta: number, c: Float32Array, cOff: number, ldc: number, cBatchStride: number,
    batch: number,
  ): void {
    if (m * n * k * batch < this.smallGemm) {
      js.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, aBatchStride, b, bOff, ldb, bBatchStride, beta, c, cOff, ldc, cBatchStride, batch);
      return;
    }
    this.addon.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, aBatchStride, b, bOff, ldb, bBatchStride, beta, c, cOff, ldc, cBatchStride, batch);
  }

  stridedCopy(src: Float32Array, srcOff: number, srcStrides: readonly number[], dst: Float32Array, dstOff: number, dstStrides: readonly number[], shape: readonly number[]): void {
    const nd = shape.length;
    let total = 1;
    for (let d = 0; d < nd; d++) total *= shape[d]!;
    if (nd > MAX_DIMS || total < this.small) { js.stridedCopy(src, srcOff, srcStrides, dst, dstOff, dstStrides, shape); return; }
    const s = this.s;
    for (let d = 0; d < nd; d++) {
      s[d] = shape[d]!;
      s[nd + d] = srcStrides[d]!;
      s[2 * nd + d] = dstStrides[d]!;
    }
    this.addon.stridedCopy(src, srcOff, dst, dstOff, nd);
  }

  gather(x: Float32Array, idx: Int32Array, out: Float32Array, outer: number, n: number, inner: number, k: number): void {
    this.addon.gather(x, idx, out, outer, n, inner, k);
  }

  scatterAdd(gy: Float32Array, idx: Int32Array, gx: Float32Array, outer: number, n: number, inner: number, k: number): void {
    this.addon.scatterAdd(gy, idx, gx, outer, n, inner, k);
  }

  private geom(g: Conv2dGeometry): void {
    const s = this.s;
    s[0] = g.n; s[1] = g.c; s[2] = g.h; s[3] = g.w; s[4] = g.o; s[5] = g.kh; s[6] = g.kw;
    s[7] = g.sh; s[8] = g.sw; s[9] = g.ph; s[10] = g.pw; s[11] = g.oh; s[12] = g.ow;
  }

  conv2dForward(x: ConvInput, w: Float32Array, bias: Float32Array | null, out: Float32Array, g: Conv2dGeometry, relu = false): void {
    this.geom(g);
    if (x instanceof Float32Array) this.addon.conv2dForward(x, w, bias, out, relu, 1);
    else this.addon.conv2dForward(x.bytes, w, bias, out, relu, x.scale);
  }

  conv2dBackwardInput(gy: Float32Array, w: Float32Array, gx: Float32Array, g: Conv2dGeometry, reluOut: Float32Array | null = null): void {
    this.geom(g);
    this.addon.conv2dBackwardInput(gy, w, gx, reluOut);
  }

  conv2dBackwardWeight(x: ConvInput, gy: Float32Array, gw: Float32Array, gb: Float32Array | null, g: Conv2dGeometry, reluOut: Float32Array | null = null): void {
    this.geom(g);
    if (x instanceof Float32Array) this.addon.conv2dBackwardWeight(x, gy, gw, gb, reluOut, 1);
    else this.addon.conv2dBackwardWeight(x.bytes, gy, gw, gb, reluOut, x.scale);
  }

  maxPool2dForward(x: Float32Array, out: Float32Array, argmax: Int32Array, g: Conv2dGeometry): void {
    this.geom(g);
    this.addon.maxPool2dForward(x, out, argmax);
  }

  maxPool2dBackward(gy: Float32Array, argmax: Int32Array, gx: Float32Array, g: Conv2dGeometry): void {
    this.geom(g);
    this.addon.maxPool2dBackward(gy, argmax, gx);
  }

  layerNormForward(x: Float32Array, gamma: Float32Array | null, beta: Float32Array | null, out: Float32Array, mean: Float32Array, rstd: Float32Array, rows: number, cols: number, eps: number): void {
    this.addon.layerNormForward(x, gamma, beta, out, mean, rstd, rows, cols, eps);
  }

  layerNormBackward(gy: Float32Array, x: Float32Array, gamma: Float32Array | null, mean: Float32Array, rstd: Float32Array, gx: Float32Array, ggamma: Float32Array | null, gbeta: Float32Array | null, rows: number, cols: number): void {
    this.addon.layerNormBackward(gy, x, gamma, mean, rstd, gx, ggamma, gbeta, rows, cols);
  }

  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number, log: boolean): void {
    this.addon.softmax(x, out, rows, cols, log);
  }

  softmaxBackward(y: Float32Array, gy: Float32Array, gx: Float32Array, rows: number, cols: number, log: boolean): void {
    this.addon.softmaxBackward(y, gy, gx, rows, cols, log);
  }

  adamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, step: number): boolean {
    return this.addon.adamStep(p, g, m, v, lr, beta1, beta2, eps, weightDecay, step);
  }

  radamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, step: number): boolean {
    return this.addon.radamStep(p, g, m, v, lr, beta1, beta2, eps, weightDecay, step);
  }

  rmspropStep(p: Float32Array, g: Float32Array, sq: Float32Array, gAvg: Float32Array | null, buf: Float32Array | null, lr: number, alpha: number, eps: number, momentum: number, weightDecay: number): boolean {
    return this.addon.rmspropStep(p, g, sq, gAvg, buf, lr, alpha, eps, momentum, weightDecay);
  }

  sgdStep(p: Float32Array, g: Float32Array, buf: Float32Array | null, lr: number, momentum: number, dampening: number, nesterov: boolean, weightDecay: number, firstStep: boolean): boolean {
    return this.addon.sgdStep(p, g, buf, lr, momentum, dampening, nesterov, weightDecay, firstStep);
  }

  linearActForward(x: Float32Array, w: Float32Array, bias: Float32Array | null, pre: Float32Array | null, out: Float32Array, rows: number, inF: number, outF: number, act: UnaryOp, p1: number, p2: number): void {
    this.addon.linearActForward(x, w, bias, pre, out, rows, inF, outF, UNARY_ID[act], p1, p2);
  }

  linearActBackward(gy: Float32Array, x: Float32Array, w: Float32Array, pre: Float32Array | null, out: Float32Array, gx: Float32Array | null, gw: Float32Array | null, gb: Float32Array | null, rows: number, inF: number, outF: number, act: UnaryOp, p1: number, p2: number): void {
    this.addon.linearActBackward(gy, x, w, pre, out, gx, gw, gb, rows, inF, outF, UNARY_ID[act], p1, p2);
  }
}

let cached: NativeBackend | null | undefined;
let loadError = '';

/** The native backend, or null when the addon is missing or fails to load (the reason is in nativeLoadError()). */
export function loadNativeBackend(): NativeBackend | null {
  if (cached !== undefined) return cached;
  const isa = process.env.HRL_ISA;
  if (isa !== undefined && isa !== '' && !(NATIVE_ISAS as readonly string[]).includes(isa)) {
    throw new Error(`HRL_ISA=${isa} is not an instruction set (${NATIVE_ISAS.join(', ')})`);
  }
  try {
    const addon = loadAddon();
    if (!addon) throw new Error(addonLoadError());
    cached = new NativeBackend(addon as NativeAddon);
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
    cached = null;
  }
  return cached;
}

export function nativeLoadError(): string {
  return loadError;
}

registerBackendLoader('native', loadNativeBackend);
