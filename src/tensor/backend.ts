/**
 * The kernel interface every compute backend implements.
 *
 * The op layer (src/tensor/ops/*) never loops over elements: it computes shapes, strides and offsets, then calls one
 * of these kernels. Kernels take flat row-major Float32Array storage (which a native backend may own: `alloc` returns
 * it) plus plain numbers, so that a C++ implementation can be called with a handful of arguments and no objects.
 *
 * Conventions shared by all kernels:
 * - `out` buffers are written, never read, unless a parameter says otherwise (`beta` in gemm, `accumulate` flags).
 * - `out` may alias an input for the elementwise kernels (`unary`, `binary`, `scale`), never for the others.
 * - Strides are in elements; a stride of 0 broadcasts that dimension.
 * - Index buffers are Int32Array.
 */

/** Elementwise single-input functions. `p1`/`p2` carry the op's scalar parameters where it has them. */
export type UnaryOp =
  | 'identity'
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'sign' // no gradient
  | 'square'
  | 'reciprocal'
  | 'pow' // x ** p1
  | 'clamp' // min(max(x, p1), p2)
  | 'relu'
  | 'leaky_relu' // p1 = negative slope
  | 'elu' // p1 = alpha
  | 'gelu' // exact (erf) form, as PyTorch's default
  | 'silu'
  | 'tanh'
  | 'sigmoid'
  | 'softplus'
  | 'huber' // elementwise Huber loss of a residual x with threshold δ = p1: 0.5x² if |x| < δ, else δ(|x| − δ/2)
  | 'add_scalar' // x + p1
  | 'mul_scalar'; // x * p1

export const UNARY_OPS: readonly UnaryOp[] = [
  'identity', 'neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'square', 'reciprocal', 'pow', 'clamp', 'relu', 'leaky_relu',
  'elu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softplus', 'huber', 'add_scalar', 'mul_scalar',
];

/** Elementwise two-input functions with broadcasting. Comparisons return 1 or 0 and have no gradient. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'gt' | 'ge' | 'lt' | 'le' | 'eq';

export const BINARY_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'gt', 'ge', 'lt', 'le', 'eq'];

export type ReduceOp = 'sum' | 'max' | 'min';

/** Geometry of a 2-D convolution or pooling window, NCHW. */
export interface Conv2dGeometry {
  readonly n: number; readonly c: number; readonly h: number; readonly w: number; // input
  readonly o: number; // output channels (conv) — equals c for pooling
  readonly kh: number; readonly kw: number;
  readonly sh: number; readonly sw: number; // stride
  readonly ph: number; readonly pw: number; // zero padding (pooling pads with -inf)
  readonly oh: number; readonly ow: number; // output size
}

/** Byte frames standing for the floats float32(bytes[i] · scale) (a tensor made by fromBytes). */
export interface ByteFrames {
  readonly bytes: Uint8Array;
  readonly scale: number;
}

/** A convolution's input: floats, or byte frames, which a backend may read without making their floats. */
export type ConvInput = Float32Array | ByteFrames;

export interface Backend {
  /** Short name: 'ts' for the reference, 'native' for the C++ addon. */
  readonly name: string;
  /** Human-readable details (instruction set, threads) for `hrl info`. */
  describe(): string;

  /** A zero-filled buffer of `size` floats. */
  alloc(size: number): Float32Array;
  /**
   * A buffer of `size` floats with unspecified contents (recycled storage keeps old values), for an output that a
   * kernel overwrites entirely: it skips the zero-fill.
   */
  allocEmpty(size: number): Float32Array;

  fill(out: Float32Array, value: number): void;

  /** out[i] = f(x[i]). */
  unary(op: UnaryOp, x: Float32Array, out: Float32Array, p1: number, p2: number): void;
  /**
   * gx[i] = gy[i] · f'(x[i]) (+ gx[i] when accumulate). `y` is the forward output f(x) (some derivatives are cheaper
   * from it, e.g. tanh, sigmoid, exp). For `clamp` and `relu` the derivative at a kink is 0 (PyTorch's convention for
   * relu; clamp passes gradient on the closed interval [p1, p2]).
   */
  unaryBackward(op: UnaryOp, x: Float32Array, y: Float32Array, gy: Float32Array, gx: Float32Array, p1: number, p2: number, accumulate: boolean): void;

  /**
   * out[idx] = a[aOff + Σ idx_d·aStrides_d] ∘ b[bOff + Σ idx_d·bStrides_d] over the row-major index space `shape`
   * (the broadcast output shape; out is contiguous). Broadcast dimensions have stride 0.
   */
  binary(op: BinaryOp, a: Float32Array, aStrides: readonly number[], b: Float32Array, bStrides: readonly number[], out: Float32Array, shape: readonly number[]): void;

  /** out[i] = x[i] · s (may alias). */
  scale(x: Float32Array, s: number, out: Float32Array): void;
  /** out[i] = x[i] · s for bytes (uint8 frames to network input), rounded to float once; out.length ≥ x.length. */
  scaleBytes(x: Uint8Array, s: number, out: Float32Array): void;
  /** y[i] += a · x[i]. */
  axpy(a: number, x: Float32Array, y: Float32Array): void;
  /** out[i] = cond[i] != 0 ? a[i] : b[i] (all contiguous, same size). */
  where(cond: Float32Array, a: Float32Array, b: Float32Array, out: Float32Array): void;

  /**
   * Reduces the middle axis of x viewed as [outer, n, inner]: out[o, i] = op_k x[o, k, i].
   * When `argOut` is given (max/min only), it receives the index k of the winner (first one on ties).
   */
  reduce(op: ReduceOp, x: Float32Array, outer: number, n: number, inner: number, out: Float32Array, argOut: Int32Array | null): void;
  /** Σ x[i]² in float64 accumulation (used by gradient clipping and norms). */
  sumSquares(x: Float32Array): number;

  /**
   * Batched GEMM: for each b < batch, C_b = alpha · op(A_b) · op(B_b) + beta · C_b, with op(A) of size m×k and
   * op(B) k×n. Matrices are row-major with leading dimensions lda/ldb/ldc; transA reads A as its transpose (A stored k×m).
   * Batch strides of 0 reuse the same matrix for every batch item.
   */
  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, aOff: number, lda: number, aBatchStride: number,
    b: Float32Array, bOff: number, ldb: number, bBatchStride: number,
    beta: number, c: Float32Array, cOff: number, ldc: number, cBatchStride: number,
    batch: number,
  ): void;

  /** Copies the strided view `shape` of src into dst at the strided positions of dst. */
  stridedCopy(src: Float32Array, srcOff: number, srcStrides: readonly number[], dst: Float32Array, dstOff: number, dstStrides: readonly number[], shape: readonly number[]): void;

  /** out[o, j, i] = x[o, idx[o, j, i], i] with x viewed as [outer, n, inner] and idx as [outer, k, inner]. */
  gather(x: Float32Array, idx: Int32Array, out: Float32Array, outer: number, n: number, inner: number, k: number): void;
  /** gx[o, idx[o, j, i], i] += gy[o, j, i] (gx is accumulated into, not cleared). */
  scatterAdd(gy: Float32Array, idx: Int32Array, gx: Float32Array, outer: number, n: number, inner: number, k: number): void;

  /**
   * out = conv2d(x, w) + bias (bias may be null), then relu(out) when `relu`. x [n,c,h,w], w [o,c,kh,kw], out [n,o,oh,ow].
   * The fused relu saves a pass over the output (conv → relu is every hidden layer of the Nature and MinAtar CNNs).
   * x may be byte frames (see ConvInput); the result is the same as for their floats.
   */
  conv2dForward(x: ConvInput, w: Float32Array, bias: Float32Array | null, out: Float32Array, g: Conv2dGeometry, relu?: boolean): void;
  /**
   * gx = ∂L/∂x given gy (gx is overwritten). With `reluOut` (the output of a fused conv + relu), gy is the gradient
   * after the relu and gy · [reluOut > 0] is used.
   */
  conv2dBackwardInput(gy: Float32Array, w: Float32Array, gx: Float32Array, g: Conv2dGeometry, reluOut?: Float32Array | null): void;
  /**
   * gw += ∂L/∂w, gb += ∂L/∂b (gb may be null); `reluOut` as for conv2dBackwardInput. Accumulating lets the caller sum
   * into existing gradients.
   */
  conv2dBackwardWeight(x: ConvInput, gy: Float32Array, gw: Float32Array, gb: Float32Array | null, g: Conv2dGeometry, reluOut?: Float32Array | null): void;

  /** Max pooling, recording the flat input index (within its [h,w] plane) of each maximum in argmax. */
  maxPool2dForward(x: Float32Array, out: Float32Array, argmax: Int32Array, g: Conv2dGeometry): void;
  /** gx (overwritten) receives gy routed to the recorded maxima. */
  maxPool2dBackward(gy: Float32Array, argmax: Int32Array, gx: Float32Array, g: Conv2dGeometry): void;

  /**
   * Layer normalisation over the last `cols` elements of each of `rows` rows: out = (x − μ)·rstd·γ + β.
   * mean/rstd (length rows) are written for the backward pass. gamma/beta may be null (no affine).
   */
  layerNormForward(x: Float32Array, gamma: Float32Array | null, beta: Float32Array | null, out: Float32Array, mean: Float32Array, rstd: Float32Array, rows: number, cols: number, eps: number): void;
  /** gx overwritten; ggamma/gbeta accumulated into when non-null. */
  layerNormBackward(gy: Float32Array, x: Float32Array, gamma: Float32Array | null, mean: Float32Array, rstd: Float32Array, gx: Float32Array, ggamma: Float32Array | null, gbeta: Float32Array | null, rows: number, cols: number): void;

  /** Softmax (or log-softmax) over each row of `cols` elements. */
  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number, log: boolean): void;
  /** gx overwritten, from the forward output y. */
  softmaxBackward(y: Float32Array, gy: Float32Array, gx: Float32Array, rows: number, cols: number, log: boolean): void;

  /**
   * Fused optimizer updates, in place on param and state buffers. See src/optim for the formulas. Each returns whether
   * every parameter it wrote is finite (the divergence guard's parameter check, free in the same pass).
   */
  adamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, step: number): boolean;
  /** RAdam (Liu et al. 2020) as in PyTorch's torch.optim.RAdam. */
  radamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, step: number): boolean;
  /** RMSprop as in PyTorch; gAvg non-null when centered, buf non-null when momentum > 0. */
  rmspropStep(p: Float32Array, g: Float32Array, sq: Float32Array, gAvg: Float32Array | null, buf: Float32Array | null, lr: number, alpha: number, eps: number, momentum: number, weightDecay: number): boolean;
  /** SGD with optional momentum/Nesterov as in PyTorch; buf non-null when momentum > 0; firstStep initialises buf. */
  sgdStep(p: Float32Array, g: Float32Array, buf: Float32Array | null, lr: number, momentum: number, dampening: number, nesterov: boolean, weightDecay: number, firstStep: boolean): boolean;

  /**
   * Optional fused dense layer: z = x·Wᵀ + b (x [rows × inF], W [outF × inF], b [outF] or null), out = act(z).
   * `pre` (rows × outF) receives z when non-null; `act` is any UnaryOp with its p1/p2.
   */
  linearActForward?(x: Float32Array, w: Float32Array, bias: Float32Array | null, pre: Float32Array | null, out: Float32Array, rows: number, inF: number, outF: number, act: UnaryOp, p1: number, p2: number): void;
  /**
   * Backward of linearActForward: gz = gy·act′(z), then gx = gz·W (overwritten), gw += gzᵀ·x, gb += Σ_rows gz
   * (each skipped when null). `pre` may be null only for activations whose derivative follows from `out`
   * (identity, relu, tanh, sigmoid, exp).
   */
  linearActBackward?(gy: Float32Array, x: Float32Array, w: Float32Array, pre: Float32Array | null, out: Float32Array, gx: Float32Array | null, gw: Float32Array | null, gb: Float32Array | null, rows: number, inF: number, outF: number, act: UnaryOp, p1: number, p2: number): void;
}
