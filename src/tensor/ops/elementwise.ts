/** Elementwise ops with broadcasting, and their gradients. */
import type { BinaryOp, UnaryOp } from '../backend.js';
import { backend } from '../engine.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, sameShape, shapeSize, type Shape } from '../shape.js';
import { result, Tensor, type TensorLike } from '../tensor.js';
import { sumToShape } from './reduce.js';

export function scalarTensor(v: number): Tensor {
  const data = backend().alloc(1);
  data[0] = v;
  return new Tensor(data, []);
}

function asTensor(x: TensorLike): Tensor {
  return typeof x === 'number' ? scalarTensor(x) : x;
}

/** Applies a unary kernel; p1/p2 are its scalar parameters (see UnaryOp). */
export function unaryOp(op: UnaryOp, x: Tensor, p1 = 0, p2 = 0): Tensor {
  const b = backend();
  const out = b.allocEmpty(x.size);
  b.unary(op, x.data, out, p1, p2);
  return result(out, x.shape, op, [x], (g) => {
    if (op === 'sign') return [null];
    const gx = b.allocEmpty(x.size);
    b.unaryBackward(op, x.data, out, g.data, gx, p1, p2, false);
    return [new Tensor(gx, x.shape)];
  });
}

export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  if (!(lo <= hi)) throw new Error(`clamp: lower bound ${lo} is above upper bound ${hi}`);
  return unaryOp('clamp', x, lo, hi);
}

/** The raw broadcast kernel call, without autograd. */
export function binaryRaw(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const shape = sameShape(a.shape, b.shape) ? [...a.shape] : broadcastShapes(a.shape, b.shape, op);
  const be = backend();
  const out = be.allocEmpty(shapeSize(shape));
  const contiguous = contiguousStrides(shape);
  const aStrides = sameShape(a.shape, shape) ? contiguous : broadcastStrides(a.shape, shape);
  const bStrides = sameShape(b.shape, shape) ? contiguous : broadcastStrides(b.shape, shape);
  be.binary(op, a.data, aStrides, b.data, bStrides, out, shape);
  return new Tensor(out, shape);
}

function binaryOp(op: BinaryOp, xa: TensorLike, xb: TensorLike, grads: (a: Tensor, b: Tensor, out: Tensor, g: Tensor) => [Tensor | null, Tensor | null]): Tensor {
  const a = asTensor(xa), b = asTensor(xb);
  const raw = binaryRaw(op, a, b);
  return result(raw.data, raw.shape, op, [a, b], (g) => {
    const [ga, gb] = grads(a, b, raw, g);
    return [ga && a.requiresGrad ? sumToShape(ga, a.shape) : null, gb && b.requiresGrad ? sumToShape(gb, b.shape) : null];
  });
}

export function add(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number' && typeof a !== 'number') return unaryOp('add_scalar', a, b);
  return binaryOp('add', a, b, (_a, _b, _o, g) => [g, g]);
}

export function sub(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number' && typeof a !== 'number') return unaryOp('add_scalar', a, -b);
  return binaryOp('sub', a, b, (_a, _b, _o, g) => [g, unaryOp('neg', g)]);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number' && typeof a !== 'number') return unaryOp('mul_scalar', a, b);
  return binaryOp('mul', a, b, (x, y, _o, g) => [x.requiresGrad ? binaryRaw('mul', g, y) : null, y.requiresGrad ? binaryRaw('mul', g, x) : null]);
}

export function div(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number' && typeof a !== 'number') return unaryOp('mul_scalar', a, 1 / b);
  return binaryOp('div', a, b, (x, y, out, g) => [
    x.requiresGrad ? binaryRaw('div', g, y) : null,
    // ∂(x/y)/∂y = −(x/y)/y
    y.requiresGrad ? unaryOp('neg', binaryRaw('div', binaryRaw('mul', g, out), y)) : null,
  ]);
}

/**
 * Elementwise maximum (NaN if either is NaN); on ties the gradient is split equally, and where a NaN is involved both
 * inputs get it, as in PyTorch.
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('max', a, b, (x, y, _o, g) => tieSplit(binaryRaw('lt', x, y), binaryRaw('gt', x, y), binaryRaw('eq', x, y), g));
}

export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('min', a, b, (x, y, _o, g) => tieSplit(binaryRaw('gt', x, y), binaryRaw('lt', x, y), binaryRaw('eq', x, y), g));
}

/** g·(1 − aLoses − tie/2) for a and g·(1 − bLoses − tie/2) for b (no comparison holds with a NaN: both get g). */
function tieSplit(aLoses: Tensor, bLoses: Tensor, tie: Tensor, g: Tensor): [Tensor, Tensor] {
  const half = unaryOp('mul_scalar', tie, 0.5);
  const weight = (loses: Tensor): Tensor => binaryRaw('sub', unaryOp('add_scalar', unaryOp('neg', loses), 1), half);
  return [binaryRaw('mul', g, weight(aLoses)), binaryRaw('mul', g, weight(bLoses))];
}

/** Comparison masks (1 where true, else 0); no gradient. */
export function compare(op: 'gt' | 'ge' | 'lt' | 'le' | 'eq', a: TensorLike, b: TensorLike): Tensor {
  return binaryRaw(op, asTensor(a), asTensor(b));
}

/** Expands a tensor to a broadcast shape, materialised (no gradient bookkeeping: callers reduce back). */
export function expandRaw(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const be = backend();
  const out = be.alloc(shapeSize(shape));
  be.stridedCopy(x.data, 0, broadcastStrides(x.shape, shape), out, 0, contiguousStrides(shape), shape);
  return new Tensor(out, shape);
}

/** where(cond, a, b): a where cond ≠ 0, else b, with broadcasting of all three. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const ta = asTensor(a), tb = asTensor(b);
  const shape = broadcastShapes(broadcastShapes(cond.shape, ta.shape, 'where'), tb.shape, 'where');
  const c = expandRaw(cond, shape), ea = expandRaw(ta, shape), eb = expandRaw(tb, shape);
  const be = backend();
  const out = be.alloc(shapeSize(shape));
  be.where(c.data, ea.data, eb.data, out);
  return result(out, shape, 'where', [ta, tb], (g) => {
    const zero = be.alloc(g.size);
    const ga = be.alloc(g.size), gb = be.alloc(g.size);
    be.where(c.data, g.data, zero, ga);
    be.where(c.data, zero, g.data, gb);
    return [
      ta.requiresGrad ? sumToShape(new Tensor(ga, shape), ta.shape) : null,
      tb.requiresGrad ? sumToShape(new Tensor(gb, shape), tb.shape) : null,
    ];
  });
}
