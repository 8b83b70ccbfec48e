/**
 * Per-run quantities from metrics.jsonl rows: the learning curve (a moving average of episode returns read on a step
 * grid), the final return (mean return of the episodes that end in the last `finalFraction` of the run, at least one
 * episode), the area under the learning curve (its average level, stats.auc), and diagnostics over training for the
 * representation layer (the layer with a `hiddenBias` entry: the one before the head).
 */
import { auc } from '../../stats/index.js';
import type { MetricRow } from '../../logging/metrics-log.js';

export interface EpisodeSeries { steps: number[]; returns: number[] }

export function episodes(rows: readonly MetricRow[]): EpisodeSeries {
  const steps: number[] = [], returns: number[] = [];
  for (const r of rows) {
    if (r.kind === 'episode' && typeof r['return'] === 'number' && Number.isFinite(r['return'])) { steps.push(r.step); returns.push(r['return']); }
  }
  return { steps, returns };
}

/**
 * The learning curve at `grid` steps: the mean return of the last `window` episodes that ended at or before each step
 * (NaN before the first episode).
 */
export function returnCurve(ep: EpisodeSeries, grid: ArrayLike<number>, window = 10): Float64Array {
  const out = new Float64Array(grid.length);
  let j = 0;
  for (let i = 0; i < grid.length; i++) {
    while (j < ep.steps.length && ep.steps[j]! <= grid[i]!) j++;
    if (j === 0) { out[i] = NaN; continue; }
    const from = Math.max(0, j - window);
    let s = 0;
    for (let k = from; k < j; k++) s += ep.returns[k]!;
    out[i] = s / (j - from);
  }
  return out;
}

/** Mean return of the episodes ending after (1 − fraction) × totalSteps; the last episode when none does. NaN if none. */
export function finalReturn(ep: EpisodeSeries, totalSteps: number, fraction = 0.1): number {
  if (ep.returns.length === 0) return NaN;
  const from = totalSteps * (1 - fraction);
  let s = 0, n = 0;
  for (let i = 0; i < ep.steps.length; i++) if (ep.steps[i]! > from) { s += ep.returns[i]!; n++; }
  return n > 0 ? s / n : ep.returns.at(-1)!;
}

/** Area under the learning curve on `grid` (average return over training), skipping grid points before the first episode. */
export function aucReturn(ep: EpisodeSeries, grid: ArrayLike<number>, window = 10): number {
  const y = returnCurve(ep, grid, window);
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]!)) { xs.push(grid[i]!); ys.push(y[i]!); }
  return xs.length === 0 ? NaN : auc({ steps: xs, values: ys });
}

/** `count` evenly spaced steps in (0, totalSteps]. */
export function stepGrid(totalSteps: number, count = 50): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => (totalSteps * (i + 1)) / count);
}

export type LayerSummary = Record<string, unknown>;

/** The representation layer of a diagnostics row: the one with hiddenBias, else the last non-branch layer. */
export function representationLayer(layers: Readonly<Record<string, LayerSummary>>): string | null {
  const names = Object.keys(layers);
  return names.find((n) => layers[n]!['hiddenBias'] !== undefined) ?? names.filter((n) => !/\.branch\d+$/.test(n)).at(-1) ?? null;
}

export const DIAG_METRICS = ['dead', 'saturated', 'dormant', 'srank', 'erank'] as const;
export type DiagMetric = (typeof DIAG_METRICS)[number];

export interface DiagSeries {
  layer: string;
  steps: number[];
  /** Per metric, one value per step (NaN where the metric does not apply, e.g. `dead` for tanh). */
  values: Record<DiagMetric, number[]>;
  /** hiddenBias of the last row: mean over actions of the dead and live neurons' Q contributions. */
  hiddenBias: { dead: number; live: number; inactive: number } | null;
  /** The last row's KDE of 16 neurons, if logged. */
  kde: { neurons: number[]; x: number[]; density: number[][] } | null;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
const meanOf = (v: unknown): number => (Array.isArray(v) && v.length > 0 ? v.reduce((a: number, b) => a + num(b), 0) / v.length : NaN);

export function diagnostics(rows: readonly MetricRow[], layerName?: string): DiagSeries | null {
  const diag = rows.filter((r) => r.kind === 'diagnostics' && r['layers'] && typeof r['layers'] === 'object');
  if (diag.length === 0) return null;
  const last = diag.at(-1)!['layers'] as Record<string, LayerSummary>;
  const layer = layerName ?? representationLayer(last);
  if (!layer) return null;
  const out: DiagSeries = { layer, steps: [], values: { dead: [], saturated: [], dormant: [], srank: [], erank: [] }, hiddenBias: null, kde: null };
  for (const r of diag) {
    const l = (r['layers'] as Record<string, LayerSummary>)[layer];
    if (!l) continue;
    if (out.steps.length > 0 && r.step < out.steps.at(-1)!) continue;
    // A second row at the same step (the final diagnostics with the KDE) replaces the first.
    const same = out.steps.length > 0 && r.step === out.steps.at(-1)!;
    if (!same) out.steps.push(r.step);
    for (const m of DIAG_METRICS) {
      if (same) out.values[m][out.values[m].length - 1] = num(l[m]);
      else out.values[m].push(num(l[m]));
    }
    const hb = l['hiddenBias'] as { dead?: unknown; live?: unknown; inactive?: unknown } | undefined;
    if (hb) out.hiddenBias = { dead: meanOf(hb.dead), live: meanOf(hb.live), inactive: num(hb.inactive) };
    const kde = l['kde'] as DiagSeries['kde'] | undefined;
    if (kde && Array.isArray(kde.x) && Array.isArray(kde.density)) out.kde = kde;
  }
  return out;
}
