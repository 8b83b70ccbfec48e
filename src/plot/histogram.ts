/** Histograms: binning, and overlaid histogram plots for one or more samples. */
import { Extent, usable } from './data.js';
import { emptyPlot, makeFrame, type CommonOptions, type LegendEntry } from './frame.js';
import { paletteColor } from './palette.js';
import { type Scale } from './scale.js';
import { el } from './svg.js';

export interface Histogram {
  /** bins + 1 edges, ascending. */
  edges: Float64Array;
  counts: Float64Array;
}

/**
 * Equal-width bins over `range` (default: the finite sample range). As numpy.histogram, bins are
 * half-open [a, b) except the last, which includes its right edge; values outside the range and
 * non-finite values are not counted.
 */
export function histogram(samples: ArrayLike<number>, bins = 30, range?: readonly [number, number]): Histogram {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`histogram: bins must be a positive integer, got ${bins}`);
  let lo: number, hi: number;
  if (range) [lo, hi] = range;
  else {
    const e = new Extent();
    for (let i = 0; i < samples.length; i++) if (Number.isFinite(samples[i]!)) e.add(samples[i]!);
    if (e.empty) { lo = 0; hi = 1; } else { lo = e.lo; hi = e.hi; }
  }
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo)) throw new Error(`histogram: invalid range [${lo}, ${hi}]`);
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins));
  const counts = new Float64Array(bins);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (!(v >= lo && v <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]! += 1;
  }
  return { edges, counts };
}

export interface HistogramSeries {
  name: string;
  samples: ArrayLike<number>;
  color?: string;
}

export interface HistogramOptions extends CommonOptions {
  bins?: number;
  /** Bin range shared by all series (default: pooled sample range). */
  range?: readonly [number, number];
  /** Plot densities (area 1) instead of counts (default false). */
  density?: boolean;
}

/** Overlaid, semi-transparent histograms on shared bins. */
export function histogramPlot(series: readonly HistogramSeries[], opts: HistogramOptions = {}): string {
  const pooled = new Extent();
  for (const s of series) for (let i = 0; i < s.samples.length; i++) if (Number.isFinite(s.samples[i]!)) pooled.add(s.samples[i]!);
  if (pooled.empty && !opts.range) return emptyPlot(opts);
  const range = opts.range ?? [pooled.lo, pooled.hi] as const;
  const hists = series.map((s) => histogram(s.samples, opts.bins ?? 30, range));
  const heights = hists.map((h) => {
    const total = h.counts.reduce((a, b) => a + b, 0);
    const w = h.edges[1]! - h.edges[0]!;
    return opts.density ? h.counts.map((c) => (total > 0 ? c / (total * w) : 0)) : h.counts;
  });
  const yLog = opts.yLog ?? false;
  const ys = new Extent();
  for (const hs of heights) for (const v of hs) if (usable(v, yLog)) ys.add(v);
  if (ys.empty) return emptyPlot(opts);
  if (!yLog) ys.add(0);
  const edges = hists[0]!.edges;
  const legend: LegendEntry[] = series.map((s, k) => ({ name: s.name, color: s.color ?? paletteColor(k), kind: 'box' }));
  const frame = makeFrame(opts, { kind: 'continuous', lo: edges[0]!, hi: edges[edges.length - 1]! }, ys, series.length > 1 ? legend : []);
  const sx = frame.x as Scale, sy = frame.y;
  const base = sy.map(yLog ? sy.lo : Math.max(0, sy.lo));
  const opacity = series.length > 1 ? 0.5 : 0.85;
  let marks = '';
  heights.forEach((hs, k) => {
    hs.forEach((v, b) => {
      if (!usable(v, yLog) || v === 0) return;
      const x0 = sx.map(edges[b]!), x1 = sx.map(edges[b + 1]!), py = sy.map(v);
      marks += el('rect', {
        x: x0, y: Math.min(py, base), width: Math.max(x1 - x0, 0.5), height: Math.abs(base - py),
        fill: legend[k]!.color, 'fill-opacity': opacity, stroke: 'white', 'stroke-width': 0.5, class: 'hist-bar',
      });
    });
  });
  return frame.render(marks);
}
