/**
 * Observation and action spaces (Gymnasium's Box and Discrete), with shapes and dtypes.
 */
import type { Rng } from '../../util/rng.js';

export type Dtype = 'float32' | 'uint8';

/** An n-dimensional box of numbers; bounds are per element (length = product of shape). */
export class Box {
  readonly kind = 'box' as const;
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** Number of elements (product of the shape). */
  readonly size: number;

  constructor(shape: readonly number[], dtype: Dtype, low: number | ArrayLike<number>, high: number | ArrayLike<number>) {
    if (!shape.every((d) => Number.isInteger(d) && d > 0)) throw new Error(`Box: shape must be positive integers, got [${shape.join(', ')}]`);
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = shape.reduce((a, b) => a * b, 1);
    this.low = broadcast(low, this.size, 'low');
    this.high = broadcast(high, this.size, 'high');
    for (let i = 0; i < this.size; i++) {
      if (!(this.low[i]! <= this.high[i]!)) throw new Error(`Box: low[${i}] = ${this.low[i]} exceeds high[${i}] = ${this.high[i]}`);
    }
  }

  /** A new zero-filled array of this space's dtype and size. */
  zeros(): Float32Array | Uint8Array {
    return this.dtype === 'uint8' ? new Uint8Array(this.size) : new Float32Array(this.size);
  }

  /** Uniform sample for bounded dimensions, standard normal for unbounded ones (as Gymnasium does). */
  sample(rng: Rng): Float32Array | Uint8Array {
    const out = this.zeros();
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!, hi = this.high[i]!;
      let v: number;
      if (Number.isFinite(lo) && Number.isFinite(hi)) v = this.dtype === 'uint8' ? lo + rng.int(hi - lo + 1) : rng.uniformRange(lo, hi);
      else if (Number.isFinite(lo)) v = lo - Math.log(1 - rng.uniform());
      else if (Number.isFinite(hi)) v = hi + Math.log(1 - rng.uniform());
      else v = rng.normal();
      out[i] = v;
    }
    return out;
  }

  contains(x: ArrayLike<number>): boolean {
    if (x.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = x[i]!;
      if (!(v >= this.low[i]! && v <= this.high[i]!)) return false;
    }
    return true;
  }

  toString(): string {
    return `Box(${this.dtype}, [${this.shape.join(', ')}])`;
  }
}

/** The integers {start, ..., start + n − 1}. */
export class Discrete {
  readonly kind = 'discrete' as const;
  constructor(readonly n: number, readonly start = 0) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`Discrete: n must be a positive integer, got ${n}`);
  }
  sample(rng: Rng): number {
    return this.start + rng.int(this.n);
  }
  contains(a: number): boolean {
    return Number.isInteger(a) && a >= this.start && a < this.start + this.n;
  }
  toString(): string {
    return `Discrete(${this.n})`;
  }
}

export type Space = Box | Discrete;

function broadcast(v: number | ArrayLike<number>, size: number, name: string): Float64Array {
  const out = new Float64Array(size);
  if (typeof v === 'number') return out.fill(v);
  if (v.length !== size) throw new Error(`Box: ${name} has ${v.length} elements, expected ${size}`);
  for (let i = 0; i < size; i++) out[i] = v[i]!;
  return out;
}
