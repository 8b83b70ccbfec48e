/** Shape arithmetic shared by the ops: sizes, strides, broadcasting and axis normalisation, with clear errors. */

export type Shape = readonly number[];

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function fmt(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function checkShape(shape: Shape, what = 'shape'): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`${what} ${fmt(shape)} is invalid: dimensions must be non-negative integers`);
  }
}

/** NumPy/PyTorch broadcasting of two shapes; the error names both. */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcast'): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${fmt(a)} and ${fmt(b)} cannot be broadcast together (dimension ${i - n} is ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a contiguous tensor of `shape` as if it had the (broadcast) shape `target`. */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = contiguousStrides(shape);
  const off = target.length - shape.length;
  return target.map((_, i) => {
    const j = i - off;
    if (j < 0) return 0;
    return shape[j] === 1 ? 0 : own[j]!;
  });
}

/** Normalises a possibly negative axis; the error names the tensor's shape. */
export function normAxis(axis: number, ndim: number, op: string, shape?: Shape): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= ndim) {
    throw new Error(`${op}: axis ${axis} is out of range for a ${ndim}-d tensor${shape ? ` of shape ${fmt(shape)}` : ''}`);
  }
  return a;
}

/** The [outer, n, inner] view of a shape around one axis. */
export function splitAt(shape: Shape, axis: number): { outer: number; n: number; inner: number } {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return { outer, n: shape[axis]!, inner };
}
