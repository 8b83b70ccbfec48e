/**
 * Learning curves: runs logged at different steps, aligned onto a common grid; area under the curve;
 * per-step aggregates with bootstrap CI bands (rliable's sample-efficiency curves).
 */
import { Rng } from '../util/rng.js';
import { bootstrapCI, bootstrapVectorCI, resolveBootstrap, type BootstrapOptions, type IntervalVector } from './bootstrap.js';
import { type ScoreMatrix, type ScoreMatrixInput } from './matrix.js';
import { aggregateIqm, aggregateMean, aggregateMedian } from './aggregate.js';

/** One logged run: values[i] observed at steps[i] (steps strictly increasing). */
export interface Curve {
  readonly steps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

function checkCurve(c: Curve, what: string): void {
  if (c.steps.length !== c.values.length) {
    throw new Error(`${what}: ${c.steps.length} steps but ${c.values.length} values`);
  }
  if (c.steps.length === 0) throw new Error(`${what}: the curve is empty`);
  for (let i = 0; i < c.steps.length; i++) {
    if (!Number.isFinite(c.steps[i]!) || !Number.isFinite(c.values[i]!)) {
      throw new Error(`${what}: point ${i} is (${c.steps[i]}, ${c.values[i]}); steps and values must be finite`);
    }
    if (i > 0 && !(c.steps[i]! > c.steps[i - 1]!)) throw new Error(`${what}: steps must be strictly increasing (index ${i})`);
  }
}

/**
 * Area under a learning curve by the trapezoid rule, divided by the step span (last − first step),
 * so the result is the curve's average level and is comparable across run lengths. A single point
 * returns its value. Set `normalize: false` for the raw area.
 */
export function auc(curve: Curve, opts: { normalize?: boolean } = {}): number {
  checkCurve(curve, 'auc');
  const { steps, values } = curve;
  const n = steps.length;
  if (n === 1) return opts.normalize === false ? 0 : values[0]!;
  let area = 0;
  for (let i = 1; i < n; i++) area += ((values[i]! + values[i - 1]!) / 2) * (steps[i]! - steps[i - 1]!);
  return opts.normalize === false ? area : area / (steps[n - 1]! - steps[0]!);
}

/**
 * How a run is read at a grid step:
 * - 'linear': linear interpolation between the neighbouring logged points;
 * - 'last': the last value logged at or before the step (step function, as a logger sees it).
 * Outside the logged range the result is NaN (unless `extrapolate` holds the end values).
 */
export type AlignMethod = 'linear' | 'last';

export interface AlignOptions {
  method?: AlignMethod;
  /** Hold the first/last value outside a run's logged range instead of NaN (default false). */
  extrapolate?: boolean;
}

/** Resample one curve at the given grid steps. */
export function resampleCurve(curve: Curve, grid: ArrayLike<number>, opts: AlignOptions = {}): Float64Array {
  checkCurve(curve, 'resampleCurve');
  const method = opts.method ?? 'linear';
  const { steps, values } = curve;
  const n = steps.length;
  const out = new Float64Array(grid.length);
  let j = 0; // index of the last logged step <= g (grid assumed ascending, but we search robustly)
  for (let k = 0; k < grid.length; k++) {
    const g = grid[k]!;
    if (g < steps[0]!) { out[k] = opts.extrapolate ? values[0]! : NaN; continue; }
    if (g > steps[n - 1]!) {
      out[k] = opts.extrapolate ? values[n - 1]! : NaN;
      continue;
    }
    if (j > 0 && steps[j]! > g) j = 0;
    while (j + 1 < n && steps[j + 1]! <= g) j++;
    if (method === 'last' || steps[j] === g || j + 1 >= n) { out[k] = values[j]!; continue; }
    const t = (g - steps[j]!) / (steps[j + 1]! - steps[j]!);
    out[k] = values[j]! + (values[j + 1]! - values[j]!) * t;
  }
  return out;
}

/**
 * A common step grid for a set of runs: `count` evenly spaced steps over the range every run covers
 * (from the latest first step to the earliest last step), so no run needs extrapolation.
 */
export function commonGrid(curves: ReadonlyArray<Curve>, count = 100): Float64Array {
  if (curves.length === 0) throw new Error('commonGrid: no curves');
  let lo = -Infinity, hi = Infinity;
  curves.forEach((c, i) => {
    checkCurve(c, `commonGrid: curve ${i}`);
    lo = Math.max(lo, c.steps[0]!);
    hi = Math.min(hi, c.steps[c.steps.length - 1]!);
  });
  if (!(hi >= lo)) throw new Error(`commonGrid: the runs' step ranges do not overlap (latest start ${lo} > earliest end ${hi})`);
  if (hi === lo || count === 1) return Float64Array.of(lo);
  return Float64Array.from({ length: count }, (_, i) => (i === count - 1 ? hi : lo + ((hi - lo) * i) / (count - 1)));
}

/** Align runs onto one grid: returns a runs × grid.length matrix (rows are runs). */
export function alignCurves(curves: ReadonlyArray<Curve>, grid: ArrayLike<number>, opts: AlignOptions = {}): Float64Array[] {
  return curves.map((c) => resampleCurve(c, grid, opts));
}

export type CurveStatistic = 'mean' | 'median' | 'iqm';

export interface CurveBandOptions extends BootstrapOptions {
  /** Per-step aggregate over runs (default 'mean'). */
  statistic?: CurveStatistic;
}

const STAT: Record<CurveStatistic, (m: ScoreMatrix) => number> = {
  mean: aggregateMean,
  median: aggregateMedian,
  iqm: aggregateIqm,
};

/**
 * Per-step aggregate of aligned runs (rows = runs, columns = steps) with bootstrap CI bands.
 * Each replication redraws runs with replacement independently at every step (the per-step stratified
 * bootstrap rliable uses for sample-efficiency curves, steps playing the role of strata).
 * Values must be finite: align on a grid inside every run's range (see commonGrid).
 */
export function curveBands(aligned: ReadonlyArray<ArrayLike<number>>, opts: CurveBandOptions = {}): IntervalVector {
  if (aligned.length === 0) throw new Error('curveBands: no runs');
  const steps = aligned[0]!.length;
  const runs = aligned.length;
  const data = new Float64Array(runs * steps);
  aligned.forEach((row, r) => {
    if (row.length !== steps) throw new Error(`curveBands: run ${r} has ${row.length} steps, expected ${steps}`);
    for (let s = 0; s < steps; s++) data[r * steps + s] = row[s]!;
  });
  const stat = STAT[opts.statistic ?? 'mean'];
  // Treat steps as tasks: the statistic is computed per column (each a 1-task matrix).
  const column: ScoreMatrix = { data: new Float64Array(runs), runs, tasks: 1 };
  const perStep = (m: ScoreMatrix): Float64Array => {
    const out = new Float64Array(steps);
    for (let s = 0; s < steps; s++) {
      for (let r = 0; r < runs; r++) column.data[r] = m.data[r * steps + s]!;
      out[s] = stat(column);
    }
    return out;
  };
  return bootstrapVectorCI({ data, runs, tasks: steps }, perStep, opts);
}

/**
 * Sample-efficiency curve over several tasks (rliable): `perStep[s]` is the runs × tasks score matrix
 * at step s; returns the aggregate (default IQM) per step with a stratified-bootstrap CI per step.
 */
export function curveIntervals(
  perStep: ReadonlyArray<ScoreMatrixInput>,
  opts: BootstrapOptions & { statistic?: CurveStatistic | ((m: ScoreMatrix) => number) } = {},
): IntervalVector {
  if (perStep.length === 0) throw new Error('curveIntervals: no steps');
  const stat = typeof opts.statistic === 'function' ? opts.statistic : STAT[opts.statistic ?? 'iqm'];
  const { rng } = resolveBootstrap(opts);
  const point = new Float64Array(perStep.length);
  const lower = new Float64Array(perStep.length);
  const upper = new Float64Array(perStep.length);
  perStep.forEach((m, s) => {
    // One independent stream per step, seeded from the parent stream.
    const iv = bootstrapCI(m, stat, { ...opts, rng: new Rng(rng.nextU32()) });
    point[s] = iv.point;
    lower[s] = iv.lower;
    upper[s] = iv.upper;
  });
  return { point, lower, upper };
}
