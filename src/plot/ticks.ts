/** "Nice" axis ticks: steps of 1, 2 or 5 × 10^k (Heckbert 1990), and log-axis ticks. */

/** The nice step (1, 2 or 5 × 10^k) closest to `raw` from the set, never below raw/1.5. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) throw new Error(`niceStep: need a positive finite step, got ${raw}`);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return nice * mag;
}

/** Remove floating-point noise: 0.30000000000000004 → 0.3. */
function clean(v: number): number {
  return Number.parseFloat(v.toPrecision(12));
}

export interface TickSet {
  /** Tick values, ascending. */
  readonly ticks: number[];
  /** The axis domain (expanded to whole steps when `extend` is set). */
  readonly lo: number;
  readonly hi: number;
  /** The tick spacing (linear) or 0 (log). */
  readonly step: number;
}

/**
 * About `target` nice ticks covering [lo, hi]. With `extend` (default) the domain grows to the nearest
 * ticks outside it, so the data never touch the frame. A zero-width range is widened around the value.
 */
export function niceTicks(lo: number, hi: number, target = 5, extend = true): TickSet {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`niceTicks: bounds must be finite, got ${lo}, ${hi}`);
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / Math.max(1, target));
  const first = extend ? Math.floor(lo / step + 1e-9) * step : Math.ceil(lo / step - 1e-9) * step;
  const last = extend ? Math.ceil(hi / step - 1e-9) * step : Math.floor(hi / step + 1e-9) * step;
  const ticks: number[] = [];
  const n = Math.round((last - first) / step);
  for (let i = 0; i <= n; i++) ticks.push(clean(first + i * step));
  return { ticks, lo: extend ? clean(first) : lo, hi: extend ? clean(last) : hi, step };
}

/**
 * Log-axis ticks on [lo, hi] (lo > 0): powers of ten, plus 2 and 5 × 10^k when the range spans fewer
 * than three decades. The domain extends to whole decades (or to the 1-2-5 ticks around the data).
 */
export function logTicks(lo: number, hi: number): TickSet {
  if (!(lo > 0 && hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new Error(`logTicks: a log axis needs positive finite bounds, got ${lo}, ${hi}`);
  }
  if (lo > hi) [lo, hi] = [hi, lo];
  let e0 = Math.floor(Math.log10(lo) + 1e-9);
  let e1 = Math.ceil(Math.log10(hi) - 1e-9);
  if (e0 === e1) { e0 -= 0; e1 += 1; }
  const decades = e1 - e0;
  const mults = decades < 3 ? [1, 2, 5] : [1];
  const all: number[] = [];
  for (let e = e0; e <= e1; e++) for (const m of mults) all.push(clean(m * 10 ** e));
  // Trim to the ticks bracketing the data: the domain is the last tick ≤ lo to the first tick ≥ hi.
  let i0 = 0;
  while (i0 + 1 < all.length && all[i0 + 1]! <= lo) i0++;
  let i1 = all.length - 1;
  while (i1 - 1 >= 0 && all[i1 - 1]! >= hi) i1--;
  const ticks = all.slice(i0, i1 + 1);
  return { ticks, lo: ticks[0]!, hi: ticks[ticks.length - 1]!, step: 0 };
}

/** True when v is 1, 2 or 5 × 10^k (up to floating-point noise), or 0. */
export function isNiceNumber(v: number): boolean {
  if (v === 0) return true;
  const a = Math.abs(v);
  const mag = 10 ** Math.floor(Math.log10(a) + 1e-12);
  const m = a / mag;
  return [1, 2, 5, 10].some((k) => Math.abs(m - k) < 1e-9);
}

const SI: ReadonlyArray<[number, string]> = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/**
 * Tick label for v on an axis whose ticks are `step` apart: just enough decimals for the step;
 * SI suffixes (k, M, G) when the axis reaches 10,000 (RL step counts); exponent form for tiny values.
 */
export function formatTick(v: number, step: number, axisMax = Math.abs(v)): string {
  if (v === 0) return '0';
  const scaleRef = Math.max(Math.abs(axisMax), Math.abs(v));
  if (scaleRef >= 1e4) {
    for (const [div, suffix] of SI) {
      if (scaleRef >= div) return `${formatPlain(v / div, step > 0 ? step / div : 0)}${suffix}`;
    }
  }
  if (scaleRef < 1e-3) {
    const digits = step > 0 ? Math.max(0, Math.floor(Math.log10(Math.abs(v))) - Math.floor(Math.log10(step) + 1e-9)) : 0;
    return trimMantissa(v.toExponential(Math.min(digits, 6)));
  }
  return formatPlain(v, step);
}

function formatPlain(v: number, step: number): string {
  if (step > 0) {
    const decimals = Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9)));
    return v.toFixed(decimals).replace(/^-0(\.0+)?$/, '0');
  }
  return String(clean(v));
}

/** Label for a log-axis tick (1-2-5 values): plain where short, exponent form otherwise. */
export function formatLogTick(v: number): string {
  if (v >= 1e4 || v < 1e-3) {
    if (v >= 1e4) return formatTick(v, 0);
    return trimMantissa(v.toExponential(0));
  }
  return String(clean(v));
}

/** 1.0e-5 → 1e-5, 2.50e-4 → 2.5e-4: trailing zeros of an exponent-form mantissa add nothing. */
function trimMantissa(s: string): string {
  return s.replace(/\.?0+e/, 'e').replace(/e\+?/, 'e');
}
