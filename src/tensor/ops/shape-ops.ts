/** Ops that move values around: reshape, transpose/permute, slice, concat/stack, gather, expand. */
import { backend } from '../engine.js';
import { broadcastShapes, contiguousStrides, fmt, normAxis, sameShape, shapeSize, splitAt, type Shape } from '../shape.js';
import { IndexTensor, result, Tensor } from '../tensor.js';
import { expandRaw } from './elementwise.js';
import { sumToShape } from './reduce.js';

/** Same storage, new shape; one dimension may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = [...shape];
  const infer = target.indexOf(-1);
  if (infer >= 0) {
    if (target.indexOf(-1, infer + 1) >= 0) throw new Error(`reshape: only one dimension may be -1 in ${fmt(shape)}`);
    const known = target.reduce((p, d, i) => (i === infer ? p : p * d), 1);
    if (known === 0 || x.size % known !== 0) throw new Error(`reshape: cannot reshape ${fmt(x.shape)} (${x.size} values) to ${fmt(shape)}`);
    target[infer] = x.size / known;
  }
  if (shapeSize(target) !== x.size) throw new Error(`reshape: cannot reshape ${fmt(x.shape)} (${x.size} values) to ${fmt(shape)}`);
  return result(x.data, target, 'reshape', [x], (g) => [new Tensor(g.data, x.shape)]);
}

/** Collapses dimensions from startDim to the end (default 1: keeps the batch dimension). */
export function flatten(x: Tensor, startDim = 1): Tensor {
  const s = normAxis(startDim, x.ndim, 'flatten', x.shape);
  return reshape(x, [...x.shape.slice(0, s), -1]);
}

export function permute(x: Tensor, order: readonly number[]): Tensor {
  if (order.length !== x.ndim) throw new Error(`permute: order ${fmt(order)} has ${order.length} axes but the tensor of shape ${fmt(x.shape)} has ${x.ndim}`);
  const ord = order.map((a) => normAxis(a, x.ndim, 'permute', x.shape));
  if (new Set(ord).size !== ord.length) throw new Error(`permute: ${fmt(order)} is not a permutation`);
  const shape = ord.map((a) => x.shape[a]!);
  const inStrides = contiguousStrides(x.shape);
  const be = backend();
  const out = be.alloc(x.size);
  be.stridedCopy(x.data, 0, ord.map((a) => inStrides[a]!), out, 0, contiguousStrides(shape), shape);
  const inverse = new Array<number>(ord.length);
  ord.forEach((a, i) => (inverse[a] = i));
  return result(out, shape, 'permute', [x], (g) => [permute(g, inverse)]);
}

export function transpose(x: Tensor, d0 = -2, d1 = -1): Tensor {
  const a = normAxis(d0, x.ndim, 'transpose', x.shape), b = normAxis(d1, x.ndim, 'transpose', x.shape);
  const order = x.shape.map((_, i) => i);
  order[a] = b;
  order[b] = a;
  return permute(x, order);
}

/** Copies a box [start, end) per axis (null keeps the whole axis). */
export function slice(x: Tensor, ranges: readonly (readonly [number, number] | null)[]): Tensor {
  if (ranges.length > x.ndim) throw new Error(`slice: ${ranges.length} ranges for a tensor of shape ${fmt(x.shape)}`);
  const starts: number[] = [], shape: number[] = [];
  x.shape.forEach((d, i) => {
    const r = ranges[i] ?? null;
    const lo = r ? (r[0] < 0 ? r[0] + d : r[0]) : 0;
    const hi = r ? (r[1] < 0 ? r[1] + d : Math.min(r[1], d)) : d;
    if (!(lo >= 0 && lo <= hi && hi <= d)) throw new Error(`slice: range [${r?.[0]}, ${r?.[1]}) is out of bounds for axis ${i} of shape ${fmt(x.shape)}`);
    starts.push(lo);
    shape.push(hi - lo);
  });
  const strides = contiguousStrides(x.shape);
  const offset = starts.reduce((p, s, i) => p + s * strides[i]!, 0);
  const be = backend();
  const out = be.alloc(shapeSize(shape));
  be.stridedCopy(x.data, offset, strides, out, 0, contiguousStrides(shape), shape);
  return result(out, shape, 'slice', [x], (g) => {
    const gx = be.alloc(x.size);
    be.stridedCopy(g.data, 0, contiguousStrides(shape), gx, offset, strides, shape);
    return [new Tensor(gx, x.shape)];
  });
}

export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  const ax = normAxis(axis, x.ndim, 'narrow', x.shape);
  const ranges: ([number, number] | null)[] = x.shape.map(() => null);
  ranges[ax] = [start, start + length];
  return slice(x, ranges);
}

/** Joins tensors along an existing axis. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error('concat: needs at least one tensor');
  const first = xs[0]!;
  const ax = normAxis(axis, first.ndim, 'concat', first.shape);
  for (const t of xs) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new Error(`concat: shapes ${fmt(first.shape)} and ${fmt(t.shape)} differ outside axis ${ax}`);
    }
  }
  const shape = [...first.shape];
  shape[ax] = xs.reduce((p, t) => p + t.shape[ax]!, 0);
  const outStrides = contiguousStrides(shape);
  const be = backend();
  const out = be.alloc(shapeSize(shape));
  const offsets: number[] = [];
  let at = 0;
  for (const t of xs) {
    offsets.push(at * outStrides[ax]!);
    be.stridedCopy(t.data, 0, contiguousStrides(t.shape), out, at * outStrides[ax]!, outStrides, t.shape);
    at += t.shape[ax]!;
  }
  return result(out, shape, 'concat', xs, (g) =>
    xs.map((t, i) => {
      if (!t.requiresGrad) return null;
      const gx = be.alloc(t.size);
      be.stridedCopy(g.data, offsets[i]!, outStrides, gx, 0, contiguousStrides(t.shape), t.shape);
      return new Tensor(gx, t.shape);
    }),
  );
}

/** Joins same-shaped tensors along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error('stack: needs at least one tensor');
  const first = xs[0]!;
  for (const t of xs) if (!sameShape(t.shape, first.shape)) throw new Error(`stack: shapes ${fmt(first.shape)} and ${fmt(t.shape)} differ`);
  const ax = normAxis(axis, first.ndim + 1, 'stack');
  const withAxis = (t: Tensor): Tensor => reshape(t, [...t.shape.slice(0, ax), 1, ...t.shape.slice(ax)]);
  return concat(xs.map(withAxis), ax);
}

/** out[..., j, ...] = x[..., index[..., j, ...], ...] along `axis` (torch.gather); index has x's rank. */
export function gather(x: Tensor, axis: number, index: IndexTensor): Tensor {
  const ax = normAxis(axis, x.ndim, 'gather', x.shape);
  if (index.shape.length !== x.ndim || index.shape.some((d, i) => i !== ax && d !== x.shape[i])) {
    throw new Error(`gather: index shape ${fmt(index.shape)} must match input shape ${fmt(x.shape)} except along axis ${ax}`);
  }
  const { outer, n, inner } = splitAt(x.shape, ax);
  const k = index.shape[ax]!;
  for (let i = 0; i < index.data.length; i++) {
    const t = index.data[i]!;
    if (t < 0 || t >= n) throw new Error(`gather: index ${t} is out of range for axis ${ax} of size ${n}`);
  }
  const be = backend();
  const out = be.alloc(index.size);
  be.gather(x.data, index.data, out, outer, n, inner, k);
  return result(out, index.shape, 'gather', [x], (g) => {
    const gx = be.alloc(x.size);
    be.scatterAdd(g.data, index.data, gx, outer, n, inner, k);
    return [new Tensor(gx, x.shape)];
  });
}

/** Broadcasts to a larger shape (materialised); the gradient sums back. */
export function expand(x: Tensor, shape: Shape): Tensor {
  const target = broadcastShapes(x.shape, shape, 'expand');
  if (!sameShape(target, shape)) throw new Error(`expand: cannot expand ${fmt(x.shape)} to ${fmt(shape)}`);
  const e = expandRaw(x, shape);
  return result(e === x ? e.data.slice() : e.data, shape, 'expand', [x], (g) => [sumToShape(g, x.shape)]);
}
