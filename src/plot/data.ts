/** Input checks and data-range helpers shared by the plot types. */

export function checkSameLength(name: string, fields: Record<string, ArrayLike<number> | undefined>): number {
  let n = -1;
  let first = '';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (n < 0) { n = v.length; first = k; } else if (v.length !== n) {
      throw new Error(`plot: series "${name}" has ${n} ${first} values but ${v.length} ${k} values`);
    }
  }
  return Math.max(n, 0);
}

/** Running min/max over accepted values. */
export class Extent {
  lo = Infinity;
  hi = -Infinity;
  add(v: number): void {
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
  }
  get empty(): boolean {
    return !(this.lo <= this.hi);
  }
}

/** Accept a value for an axis: finite, and positive on a log axis. */
export function usable(v: number, log: boolean): boolean {
  return Number.isFinite(v) && (!log || v > 0);
}
