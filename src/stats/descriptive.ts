/** One-dimensional descriptive statistics with numpy/scipy semantics. */

function assertNonEmpty(values: ArrayLike<number>, what: string): void {
  if (values.length === 0) throw new Error(`${what} of an empty sample is undefined`);
}

export function mean(values: ArrayLike<number>): number {
  assertNonEmpty(values, 'mean');
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** A sorted copy (ascending, numeric). */
export function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Quantile q ∈ [0, 1] with linear interpolation between order statistics
 * (numpy's default `linear` method, Hyndman–Fan type 7).
 */
export function quantileSorted(sortedValues: ArrayLike<number>, q: number): number {
  assertNonEmpty(sortedValues, 'quantile');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: q must be in [0, 1], got ${q}`);
  const pos = q * (sortedValues.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sortedValues.length - 1);
  const frac = pos - lo;
  const a = sortedValues[lo]!;
  const b = sortedValues[hi]!;
  return frac === 0 ? a : a + (b - a) * frac;
}

export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(sorted(values), q);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/**
 * Trimmed mean as scipy.stats.trim_mean: cut floor(proportion·n) values from each end of the sorted
 * sample and average the rest.
 */
export function trimmedMean(values: ArrayLike<number>, proportion: number): number {
  assertNonEmpty(values, 'trimmedMean');
  if (!(proportion >= 0 && proportion < 0.5)) throw new Error(`trimmedMean: proportion must be in [0, 0.5), got ${proportion}`);
  const s = sorted(values);
  return trimmedMeanSorted(s, proportion);
}

export function trimmedMeanSorted(sortedValues: ArrayLike<number>, proportion: number): number {
  const n = sortedValues.length;
  const cut = Math.floor(proportion * n);
  let sum = 0;
  for (let i = cut; i < n - cut; i++) sum += sortedValues[i]!;
  return sum / (n - 2 * cut);
}

/** Interquartile mean: the 25% trimmed mean (scipy.stats.trim_mean(x, 0.25)). */
export function iqm(values: ArrayLike<number>): number {
  return trimmedMean(values, 0.25);
}

/** Sample standard deviation (ddof = 1); 0 for a single value. */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  if (values.length < 2) return 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}
