/** Reductions along axes (sum, mean, var, max, min) and their gradients. */
import type { ReduceOp } from '../backend.js';
import { backend } from '../engine.js';
import { broadcastStrides, contiguousStrides, fmt, normAxis, sameShape, shapeSize, splitAt, type Shape } from '../shape.js';
import { IndexTensor, result, Tensor } from '../tensor.js';

function normAxes(x: Tensor, axes: number | readonly number[] | undefined, op: string): number[] {
  if (axes === undefined) return x.shape.map((_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const norm = list.map((a) => normAxis(a, x.ndim, op, x.shape));
  if (new Set(norm).size !== norm.length) throw new Error(`${op}: repeated axis in ${fmt(list)}`);
  return norm.sort((a, b) => a - b);
}

function reducedShape(shape: Shape, axes: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Sum over axes without autograd (one kernel call per axis, highest axis first). */
function sumRaw(x: Tensor, axes: readonly number[]): Tensor {
  const be = backend();
  let data = x.data;
  let shape = [...x.shape];
  for (let k = axes.length - 1; k >= 0; k--) {
    const ax = axes[k]!;
    const { outer, n, inner } = splitAt(shape, ax);
    const out = be.alloc(outer * inner);
    be.reduce('sum', data, outer, n, inner, out, null);
    data = out;
    shape[ax] = 1;
  }
  return new Tensor(data, shape);
}

/** Sums a broadcast gradient back to `shape` (the inverse of broadcasting). */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    const target = i < lead ? 1 : shape[i - lead]!;
    if (target === 1 && g.shape[i] !== 1) axes.push(i);
  }
  const s = sumRaw(g, axes);
  return new Tensor(s.data, shape);
}

/** Broadcasts g (of a reduced shape with kept dims) back over `shape`. */
function expandTo(g: Tensor, keptShape: Shape, shape: Shape): Tensor {
  const be = backend();
  const out = be.alloc(shapeSize(shape));
  be.stridedCopy(g.data, 0, broadcastStrides(keptShape, shape), out, 0, contiguousStrides(shape), shape);
  return new Tensor(out, shape);
}

export function sum(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  const ax = normAxes(x, axes, 'sum');
  const s = sumRaw(x, ax);
  const kept = s.shape;
  return result(s.data, reducedShape(x.shape, ax, keepdim), 'sum', [x], (g) => [expandTo(g, kept, x.shape)]);
}

export function mean(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  const ax = normAxes(x, axes, 'mean');
  let count = 1;
  for (const a of ax) count *= x.shape[a]!;
  const s = sumRaw(x, ax);
  backend().scale(s.data, 1 / count, s.data);
  const kept = s.shape;
  return result(s.data, reducedShape(x.shape, ax, keepdim), 'mean', [x], (g) => {
    const e = expandTo(g, kept, x.shape);
    backend().scale(e.data, 1 / count, e.data);
    return [e];
  });
}

/** Variance over axes; unbiased (divide by n − 1) by default, as torch.var. */
export function variance(x: Tensor, axes?: number | readonly number[], opts: { unbiased?: boolean; keepdim?: boolean } = {}): Tensor {
  const ax = normAxes(x, axes, 'var');
  let count = 1;
  for (const a of ax) count *= x.shape[a]!;
  const denom = (opts.unbiased ?? true) ? count - 1 : count;
  if (denom <= 0) throw new Error(`var: needs more than one element along axes ${fmt(ax)} of shape ${fmt(x.shape)} for the unbiased estimate`);
  const centered = x.sub(mean(x, ax, true));
  return sum(centered.square(), ax, opts.keepdim ?? false).mul(1 / denom);
}

function extremeAlong(op: ReduceOp, x: Tensor, axis: number, keepdim: boolean): Tensor {
  const ax = normAxis(axis, x.ndim, op, x.shape);
  const { outer, n, inner } = splitAt(x.shape, ax);
  if (n === 0) throw new Error(`${op}: axis ${axis} of shape ${fmt(x.shape)} is empty`);
  const be = backend();
  const out = be.alloc(outer * inner);
  const arg = new Int32Array(outer * inner);
  be.reduce(op, x.data, outer, n, inner, out, arg);
  return result(out, reducedShape(x.shape, [ax], keepdim), op, [x], (g) => {
    const gx = be.alloc(x.size);
    be.scatterAdd(g.data, arg, gx, outer, n, inner, 1);
    return [new Tensor(gx, x.shape)];
  });
}

/** Maximum along one axis (gradient to the first maximal element). */
export function maxAlong(x: Tensor, axis: number, keepdim = false): Tensor {
  return extremeAlong('max', x, axis, keepdim);
}

export function minAlong(x: Tensor, axis: number, keepdim = false): Tensor {
  return extremeAlong('min', x, axis, keepdim);
}

export function argmax(x: Tensor, axis: number): IndexTensor {
  const ax = normAxis(axis, x.ndim, 'argmax', x.shape);
  const { outer, n, inner } = splitAt(x.shape, ax);
  const out = backend().alloc(outer * inner);
  const arg = new Int32Array(outer * inner);
  backend().reduce('max', x.data, outer, n, inner, out, arg);
  return new IndexTensor(arg, reducedShape(x.shape, [ax], false));
}
