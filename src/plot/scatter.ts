/** Scatter plots: one dot per (x, y) point, several series. */
import { Extent, checkSameLength, usable } from './data.js';
import { emptyPlot, makeFrame, type CommonOptions, type LegendEntry } from './frame.js';
import { paletteColor } from './palette.js';
import { type Scale } from './scale.js';
import { el } from './svg.js';

export interface PointSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
}

export interface ScatterOptions extends CommonOptions {
  /** Dot radius in px (default 3.5). */
  radius?: number;
  /** Dot opacity (default 0.8), so overlapping points stay visible. */
  opacity?: number;
}

/** Non-finite points (and non-positive ones on a log axis) are left out. */
export function scatterPlot(series: readonly PointSeries[], opts: ScatterOptions = {}): string {
  const xLog = opts.xLog ?? false, yLog = opts.yLog ?? false;
  const n = series.map((s) => checkSameLength(s.name, { x: s.x, y: s.y }));
  const ok = (s: PointSeries, i: number): boolean => usable(s.x[i]!, xLog) && usable(s.y[i]!, yLog);
  const xs = new Extent(), ys = new Extent();
  series.forEach((s, k) => {
    for (let i = 0; i < n[k]!; i++) if (ok(s, i)) { xs.add(s.x[i]!); ys.add(s.y[i]!); }
  });
  if (xs.empty) return emptyPlot(opts);
  // Pad the data range so dots on the extremes are not cut by the axes.
  padExtent(xs, xLog);
  padExtent(ys, yLog);
  const legend: LegendEntry[] = series.map((s, k) => ({ name: s.name, color: s.color ?? paletteColor(k), kind: 'point' }));
  const frame = makeFrame(opts, { kind: 'continuous', lo: xs.lo, hi: xs.hi }, ys, legend);
  const sx = frame.x as Scale;
  let marks = '';
  series.forEach((s, k) => {
    for (let i = 0; i < n[k]!; i++) {
      if (!ok(s, i)) continue;
      marks += el('circle', {
        cx: sx.map(s.x[i]!), cy: frame.y.map(s.y[i]!), r: opts.radius ?? 3.5,
        fill: legend[k]!.color, 'fill-opacity': opts.opacity ?? 0.8, class: 'point',
      });
    }
  });
  return frame.render(marks);
}

function padExtent(e: Extent, log: boolean): void {
  if (log) { e.lo /= 1.1; e.hi *= 1.1; return; }
  const pad = (e.hi - e.lo) * 0.04;
  e.lo -= pad;
  e.hi += pad;
}
