/**
 * Tensor: a float32, n-dimensional, contiguous row-major array with reverse-mode autograd.
 *
 * Storage is a Float32Array allocated by the active backend (a native backend owns that memory). Every op produces a
 * new contiguous tensor; `reshape` shares storage. A tensor made by `fromBytes` (uint8 frames) keeps the bytes and
 * makes its floats only when something reads `data`: convolutions read the bytes instead (a quarter of the memory
 * traffic: the Nature CNN's input at batch 256 is 7 MB as bytes, 29 MB as floats). A tensor produced by an op on
 * inputs that require gradients keeps a `GradFn` that maps the output gradient to input gradients; `backward()` walks
 * that graph in reverse topological order.
 */
import { backend, isGradEnabled, noGrad } from './engine.js';
import { checkShape, fmt, shapeSize, type Shape } from './shape.js';
import * as el from './ops/elementwise.js';
import * as red from './ops/reduce.js';
import * as sh from './ops/shape-ops.js';
import * as la from './ops/linalg.js';
import * as nnf from './ops/nn-functional.js';
import type { Rng } from '../util/rng.js';
import { issueOf, lastIssue, recycleBuffer } from './buffer-pool.js';
import type { ByteFrames } from './backend.js';

/** The backward step of one op: input gradients (null where an input needs none) from the output gradient. */
export interface GradFn {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  backward(gradOut: Tensor): readonly (Tensor | null)[];
}

/** An int32 tensor of indices (for gather and cross-entropy targets). No gradient. */
export class IndexTensor {
  readonly shape: readonly number[];
  readonly data: Int32Array;
  constructor(data: Int32Array | ArrayLike<number>, shape?: Shape) {
    this.data = data instanceof Int32Array ? data : Int32Array.from(data);
    this.shape = shape ? [...shape] : [this.data.length];
    checkShape(this.shape, 'IndexTensor shape');
    if (shapeSize(this.shape) !== this.data.length) {
      throw new Error(`IndexTensor: shape ${fmt(this.shape)} needs ${shapeSize(this.shape)} values, got ${this.data.length}`);
    }
  }
  get size(): number {
    return this.data.length;
  }
  reshape(shape: Shape): IndexTensor {
    return new IndexTensor(this.data, shape);
  }
}

export type Scalar = number;
export type TensorLike = Tensor | number;

export class Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  /** The byte frames this tensor's values stand for (`fromBytes`), else null. Ops that can read bytes use them. */
  readonly bytes: ByteFrames | null;
  #data: Float32Array | null;
  requiresGrad: boolean;
  grad: Tensor | null = null;
  gradFn: GradFn | null = null;

  /**
   * Wraps existing storage (no copy): floats, or byte frames whose floats are made on the first read of `data`.
   * Prefer the factories (`tensor`, `zeros`, `fromBytes`, …) in user code.
   */
  constructor(data: Float32Array | ByteFrames, shape: Shape, requiresGrad = false) {
    checkShape(shape);
    const length = data instanceof Float32Array ? data.length : data.bytes.length;
    if (shapeSize(shape) !== length) {
      throw new Error(`Tensor: shape ${fmt(shape)} needs ${shapeSize(shape)} values, got ${length}`);
    }
    this.#data = data instanceof Float32Array ? data : null;
    this.bytes = data instanceof Float32Array ? null : data;
    this.shape = Object.freeze([...shape]);
    this.size = length;
    this.requiresGrad = requiresGrad;
  }

  /** The values (for a tensor of byte frames, converted on the first read). */
  get data(): Float32Array {
    return this.#data ?? this.#floatsFromBytes();
  }

  /** Whether the float values exist yet (false only for byte frames nothing has read as floats). */
  get hasFloats(): boolean {
    return this.#data !== null;
  }

  #floatsFromBytes(): Float32Array {
    const { bytes, scale } = this.bytes!;
    const be = backend();
    const data = be.allocEmpty(bytes.length); // every element is set below
    be.scaleBytes(bytes, scale, data);
    return (this.#data = data);
  }
  get ndim(): number {
    return this.shape.length;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item(): tensor of shape ${fmt(this.shape)} has ${this.size} values, not 1`);
    return this.data[0]!;
  }

  /** A plain copy of the values. */
  toArray(): number[] {
    return Array.from(this.data);
  }

  /** Same values, cut from the graph. Shares storage. */
  detach(): Tensor {
    return new Tensor(this.#data ?? this.bytes!, this.shape, false);
  }

  /** A copy with its own storage (recorded in the graph). */
  clone(): Tensor {
    return el.unaryOp('identity', this);
  }

  requiresGrad_(flag = true): this {
    if (!this.isLeaf) throw new Error('requiresGrad_: only leaf tensors can change requiresGrad');
    this.requiresGrad = flag;
    return this;
  }

  /** Reverse-mode differentiation from this tensor; for a non-scalar, pass the output gradient. */
  backward(gradOutput?: Tensor): void {
    runBackward(this, gradOutput);
  }

  // ---- elementwise ----
  add(o: TensorLike): Tensor { return el.add(this, o); }
  sub(o: TensorLike): Tensor { return el.sub(this, o); }
  mul(o: TensorLike): Tensor { return el.mul(this, o); }
  div(o: TensorLike): Tensor { return el.div(this, o); }
  neg(): Tensor { return el.unaryOp('neg', this); }
  exp(): Tensor { return el.unaryOp('exp', this); }
  log(): Tensor { return el.unaryOp('log', this); }
  sqrt(): Tensor { return el.unaryOp('sqrt', this); }
  abs(): Tensor { return el.unaryOp('abs', this); }
  square(): Tensor { return el.unaryOp('square', this); }
  pow(p: number): Tensor { return el.unaryOp('pow', this, p); }
  clamp(lo: number, hi: number): Tensor { return el.clamp(this, lo, hi); }
  maximum(o: TensorLike): Tensor { return el.maximum(this, o); }
  minimum(o: TensorLike): Tensor { return el.minimum(this, o); }
  relu(): Tensor { return el.unaryOp('relu', this); }
  tanh(): Tensor { return el.unaryOp('tanh', this); }
  sigmoid(): Tensor { return el.unaryOp('sigmoid', this); }

  // ---- reductions ----
  sum(axes?: number | readonly number[], keepdim = false): Tensor { return red.sum(this, axes, keepdim); }
  mean(axes?: number | readonly number[], keepdim = false): Tensor { return red.mean(this, axes, keepdim); }
  var(axes?: number | readonly number[], opts?: { unbiased?: boolean; keepdim?: boolean }): Tensor { return red.variance(this, axes, opts); }
  max(axis: number, keepdim = false): Tensor { return red.maxAlong(this, axis, keepdim); }
  min(axis: number, keepdim = false): Tensor { return red.minAlong(this, axis, keepdim); }
  argmax(axis: number): IndexTensor { return red.argmax(this, axis); }

  // ---- shape ----
  reshape(shape: readonly number[]): Tensor { return sh.reshape(this, shape); }
  flatten(startDim = 1): Tensor { return sh.flatten(this, startDim); }
  transpose(d0 = -2, d1 = -1): Tensor { return sh.transpose(this, d0, d1); }
  permute(order: readonly number[]): Tensor { return sh.permute(this, order); }
  slice(ranges: readonly (readonly [number, number] | null)[]): Tensor { return sh.slice(this, ranges); }
  narrow(axis: number, start: number, length: number): Tensor { return sh.narrow(this, axis, start, length); }
  gather(axis: number, index: IndexTensor): Tensor { return sh.gather(this, axis, index); }
  expand(shape: readonly number[]): Tensor { return sh.expand(this, shape); }

  // ---- linear algebra and nn ----
  matmul(o: Tensor): Tensor { return la.matmul(this, o); }
  softmax(axis = -1): Tensor { return nnf.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return nnf.logSoftmax(this, axis); }

  toString(): string {
    const vals = this.size <= 8 ? this.toArray().map((v) => +v.toPrecision(5)).join(', ') : `${this.size} values`;
    return `Tensor(${fmt(this.shape)}, ${vals}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Factories

function allocFrom(values: ArrayLike<number>): Float32Array {
  const data = backend().allocEmpty(values.length); // every element is set below
  data.set(values);
  return data;
}

/** A tensor from values (copied) and a shape (default: 1-D). */
export function tensor(values: ArrayLike<number> | number, shape?: Shape, requiresGrad = false): Tensor {
  if (typeof values === 'number') return new Tensor(allocFrom([values]), shape ?? [], requiresGrad);
  return new Tensor(allocFrom(values), shape ?? [values.length], requiresGrad);
}

/**
 * A float tensor of bytes scaled by `scale` (uint8 frames as network input: scale 1/255): value i is
 * float32(bytes[i] · scale). Like the Tensor constructor it wraps the bytes without copying them, so they must not
 * change while the tensor is in use; the floats are made in one pass when first read, and a convolution reads the
 * bytes directly.
 */
export function fromBytes(bytes: Uint8Array, shape: Shape, scale = 1): Tensor {
  checkShape(shape);
  if (shapeSize(shape) !== bytes.length) {
    throw new Error(`fromBytes: ${bytes.length} bytes do not fill shape [${shape.join(', ')}]`);
  }
  return new Tensor({ bytes, scale }, shape);
}

export function zeros(shape: Shape, requiresGrad = false): Tensor {
  checkShape(shape);
  return new Tensor(backend().alloc(shapeSize(shape)), shape, requiresGrad);
}

export function full(shape: Shape, value: number, requiresGrad = false): Tensor {
  const t = zeros(shape, requiresGrad);
  backend().fill(t.data, value);
  return t;
}

export function ones(shape: Shape, requiresGrad = false): Tensor {
  return full(shape, 1, requiresGrad);
}

export function randn(shape: Shape, rng: Rng, std = 1, requiresGrad = false): Tensor {
  const t = zeros(shape, requiresGrad);
  rng.fillNormal(t.data, 0, std);
  return t;
}

export function rand(shape: Shape, rng: Rng, lo = 0, hi = 1, requiresGrad = false): Tensor {
  const t = zeros(shape, requiresGrad);
  rng.fillUniform(t.data, lo, hi);
  return t;
}

export function arange(n: number): Tensor {
  const t = zeros([n]);
  for (let i = 0; i < n; i++) t.data[i] = i;
  return t;
}

// ---------------------------------------------------------------------------------------------------------------------
// Autograd

/** Builds an op's output: attaches the backward step when grad mode is on and an input requires gradients. */
export function result(data: Float32Array, shape: Shape, name: string, inputs: readonly Tensor[], backwardFn: (g: Tensor) => readonly (Tensor | null)[]): Tensor {
  const out = temporary(new Tensor(data, shape));
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradFn = { name, inputs, backward: backwardFn };
  }
  return out;
}

function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // iterative post-order DFS (deep graphs would overflow a recursive one)
  const stack: { t: Tensor; i: number }[] = [{ t: root, i: 0 }];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = top.t.gradFn?.inputs ?? [];
    if (top.i < inputs.length) {
      const next = inputs[top.i++]!;
      if (next.requiresGrad && !visited.has(next)) {
        visited.add(next);
        stack.push({ t: next, i: 0 });
      }
    } else {
      order.push(top.t);
      stack.pop();
    }
  }
  return order.reverse();
}

function runBackward(root: Tensor, gradOutput?: Tensor): void {
  if (!root.requiresGrad) throw new Error('backward(): this tensor does not require gradients (no input had requiresGrad, or it was computed under noGrad)');
  let seed: Tensor;
  if (gradOutput) {
    if (gradOutput.size !== root.size) throw new Error(`backward(): gradient of shape ${fmt(gradOutput.shape)} does not match output shape ${fmt(root.shape)}`);
    seed = gradOutput.detach();
  } else {
    if (root.size !== 1) throw new Error(`backward(): output of shape ${fmt(root.shape)} is not a scalar; pass the output gradient`);
    seed = new Tensor(allocFrom([1]), root.shape);
  }
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  const adopted = new Set<ArrayBufferLike>([seed.data.buffer]);
  noGrad(() => {
    for (const t of topoOrder(root)) {
      const g = grads.get(t);
      if (!g) continue;
      if (t.gradFn === null) {
        accumulateLeafGrad(t, g, adopted);
        continue;
      }
      grads.delete(t); // intermediate gradients are freed as soon as they are used
      const inputGrads = t.gradFn.backward(g);
      const inputs = t.gradFn.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const x = inputs[i]!;
        const gx = inputGrads[i];
        if (!gx || !x.requiresGrad) continue;
        if (gx.size !== x.size) throw new Error(`internal: ${t.gradFn.name} produced a gradient of shape ${fmt(gx.shape)} for an input of shape ${fmt(x.shape)}`);
        const prev = grads.get(x);
        if (!prev) {
          grads.set(x, gx);
          continue;
        }
        grads.set(x, el.add(prev, gx));
        const others = inputGrads.filter((_, j) => j !== i);
        recycleIfUnreachable(prev, grads, adopted, inputGrads);
        recycleIfUnreachable(gx, grads, adopted, others);
      }
      recycleIfUnreachable(g, grads, adopted, inputGrads);
    }
  });
}

/**
 * Hands a consumed intermediate gradient's storage to the buffer pool, unless something can still reach it: a leaf
 * adopted it, a pending gradient or one of the gradients just produced shares it (add passes its gradient through,
 * reshape a view of it), or it is the caller's gradOutput (registered as adopted).
 */
function recycleIfUnreachable(g: Tensor, grads: Map<Tensor, Tensor>, adopted: Set<ArrayBufferLike>, produced: readonly (Tensor | null)[] = []): void {
  const storage = g.data.buffer;
  if (adopted.has(storage)) return;
  for (const p of produced) if (p && p.data.buffer === storage) return;
  for (const pending of grads.values()) if (pending.data.buffer === storage) return;
  recycleBuffer(g.data);
}

/**
 * Drops a parameter's gradient (zeroGrad) and recycles its storage, which autograd gave to this parameter alone.
 * A gradient must therefore be read, or cloned, before the next zeroGrad().
 */
export function releaseGrad(p: Tensor): void {
  if (p.grad) {
    retained.delete(p.grad.data.buffer);
    recycleBuffer(p.grad.data);
  }
  p.grad = null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Scratch scopes

/**
 * A tensor an op created inside a scope, and which hand-out of its storage it got (see issueOf); null for byte frames
 * without floats yet (floats made later, inside the scope, are looked up when it ends).
 */
interface Created { readonly t: Tensor; readonly issue: number | null }
const scratchScopes: Created[][] = [];
/** Storage no scratch scope may recycle: parameter gradients, and tensors a forward hook has seen (it may keep them). */
const retained = new WeakSet<ArrayBufferLike>();

/** Protects t's storage from scratch scopes (forward hooks call this on what they are given). */
export function retainStorage(t: Tensor): void {
  retained.add(t.data.buffer);
}

/**
 * Marks a tensor as temporary in the innermost scratch scope: its storage is recycled when the scope ends. Every op
 * output is (see result); call it on a factory-made tensor (e.g. a minibatch of observations converted to floats).
 * Outside a scope it does nothing.
 */
export function temporary(t: Tensor): Tensor {
  if (scratchScopes.length === 0) return t;
  const issue = t.hasFloats ? issueOf(t.data) : null;
  if (issue !== undefined) scratchScopes[scratchScopes.length - 1]!.push({ t, issue }); // else: never recyclable
  return t;
}

/**
 * Runs fn and then recycles the storage that ops allocated for their outputs inside it, except the tensor(s) fn
 * returns and parameter gradients: a training step's activations are reused by the next step instead of being left
 * to the garbage collector (whose fresh buffers cost page faults). The contract: nothing an op created inside may be
 * used after fn returns, other than its return value — keep numbers (`loss.item()`), not tensors, and do not return a
 * tensor whose backward pass is still to run. Storage from outside (parameters, inputs, views of them) and tensors
 * made by factories (`zeros`, `tensor`: e.g. optimizer state created on the first step) are never touched. Scopes
 * nest; an inner scope's return value belongs to the outer scope.
 */
export function scratch<T>(fn: () => T): T {
  const created: Created[] = [];
  const start = lastIssue(); // storage handed out after this was allocated inside the scope
  scratchScopes.push(created);
  let out: T;
  try {
    out = fn();
  } finally {
    scratchScopes.pop();
  }
  const returned = new Set<ArrayBufferLike>();
  // (a returned tensor of byte frames without floats has no storage to protect)
  if (out instanceof Tensor && out.hasFloats) returned.add(out.data.buffer);
  else if (Array.isArray(out)) for (const x of out) if (x instanceof Tensor && x.hasFloats) returned.add(x.data.buffer);
  const outer = scratchScopes[scratchScopes.length - 1];
  for (const c of created) {
    // byte frames: the floats something read inside the scope, if any (none: nothing to recycle)
    const issue = c.issue ?? (c.t.hasFloats ? issueOf(c.t.data) : undefined);
    if (issue === undefined || issue <= start) continue; // allocated before the scope: a view of outside storage
    const storage = c.t.data.buffer;
    if (returned.has(storage)) {
      outer?.push({ t: c.t, issue }); // the enclosing scope's to recycle (its number is above that scope's start too)
      continue;
    }
    // skipped: protected storage, and storage that autograd or zeroGrad recycled during the scope and that was handed
    // out again (it belongs to its new owner now). Another view of a storage recycled here is ignored by recycleBuffer.
    if (retained.has(storage) || issueOf(c.t.data) !== issue) continue;
    recycleBuffer(c.t.data);
  }
  return out;
}

/**
 * Stores or adds a leaf's gradient. A fresh gradient buffer is adopted without a copy the first time it is seen in
 * this backward pass; a buffer already adopted by another leaf (e.g. add passes one gradient to both inputs, and
 * reshape passes a view of it) or the caller's gradOutput is copied, so no two leaves ever share gradient storage.
 */
function accumulateLeafGrad(leaf: Tensor, g: Tensor, adopted: Set<ArrayBufferLike>): void {
  if (leaf.grad === null) {
    if (!adopted.has(g.data.buffer)) {
      adopted.add(g.data.buffer);
      leaf.grad = new Tensor(g.data, leaf.shape);
    } else {
      const data = backend().alloc(leaf.size);
      data.set(g.data);
      leaf.grad = new Tensor(data, leaf.shape);
    }
    retained.add(leaf.grad.data.buffer);
  } else {
    backend().axpy(1, g.data, leaf.grad.data);
  }
}
