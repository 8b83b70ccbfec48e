/** Line plots with optional shaded confidence bands (learning curves, profiles, densities). */
import { Extent, checkSameLength, usable } from './data.js';
import { emptyPlot, makeFrame, type CommonOptions, type LegendEntry } from './frame.js';
import { paletteColor, seriesDash } from './palette.js';
import { type Scale } from './scale.js';
import { el, escapeXml, fmt } from './svg.js';

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Optional CI band, same length as y. */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  color?: string;
  /** SVG dash pattern, e.g. '6 3'. */
  dash?: string;
}

/** An event on the x axis (e.g. a plasticity intervention): a tick along the top of the plot area, with a tooltip. */
export interface PlotEvent {
  x: number;
  color: string;
  label: string;
  /** Tick row from the top (rows keep several series' events apart; default 0). */
  row?: number;
}

export interface LineOptions extends CommonOptions {
  strokeWidth?: number;
  /** Band fill opacity (default 0.2). */
  bandOpacity?: number;
  /** Fill the area between each line and the x axis (for densities; default false). */
  fillArea?: boolean;
  /** Draw a dot at every data point (default false). */
  markers?: boolean;
  /** Events marked as ticks along the top of the plot area; those outside the x range are left out. */
  events?: readonly PlotEvent[];
}

/** Runs of consecutive indices for which `ok(i)` holds: NaN or off-scale points split a line. */
export function segments(n: number, ok: (i: number) => boolean): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  for (let i = 0; i < n; i++) {
    if (ok(i)) cur.push(i);
    else if (cur.length) { out.push(cur); cur = []; }
  }
  if (cur.length) out.push(cur);
  return out;
}

function pathOf(idx: number[], px: (i: number) => number, py: (i: number) => number): string {
  return idx.map((i, k) => `${k === 0 ? 'M' : 'L'}${fmt(px(i))},${fmt(py(i))}`).join('');
}

/**
 * Several series as lines, each with an optional shaded CI band. Non-finite points (and non-positive
 * ones on a log axis) are left out and break the line; if nothing is drawable the figure says so.
 */
export function linePlot(series: readonly LineSeries[], opts: LineOptions = {}): string {
  const xLog = opts.xLog ?? false, yLog = opts.yLog ?? false;
  const xs = new Extent(), ys = new Extent();
  const n = series.map((s) => checkSameLength(s.name, { x: s.x, y: s.y, lower: s.lower, upper: s.upper }));
  series.forEach((s, k) => {
    for (let i = 0; i < n[k]!; i++) {
      const x = s.x[i]!;
      if (!usable(x, xLog)) continue;
      for (const v of [s.y[i]!, s.lower?.[i], s.upper?.[i]]) {
        if (v !== undefined && usable(v, yLog)) { xs.add(x); ys.add(v); }
      }
    }
  });
  if (xs.empty || ys.empty) return emptyPlot(opts);
  if (opts.fillArea && !yLog) { ys.add(0); }
  const legend: LegendEntry[] = series.map((s, k) => ({
    name: s.name, color: s.color ?? paletteColor(k), dash: s.dash ?? seriesDash(k), kind: s.lower && s.upper ? 'band' : 'line',
  }));
  const frame = makeFrame(opts, { kind: 'continuous', lo: xs.lo, hi: xs.hi }, ys, legend);
  const sx = frame.x as Scale, sy = frame.y;
  const sw = opts.strokeWidth ?? 2;
  let bands = '', lines = '';
  series.forEach((s, k) => {
    const color = legend[k]!.color;
    const px = (i: number): number => sx.map(s.x[i]!);
    if (s.lower && s.upper) {
      const lo = s.lower, hi = s.upper;
      for (const seg of segments(n[k]!, (i) => usable(s.x[i]!, xLog) && usable(lo[i]!, yLog) && usable(hi[i]!, yLog))) {
        const d = pathOf(seg, px, (i) => sy.map(hi[i]!)) + pathOf([...seg].reverse(), px, (i) => sy.map(lo[i]!)).replace(/^M/, 'L') + 'Z';
        bands += el('path', { d, fill: color, 'fill-opacity': opts.bandOpacity ?? 0.2, stroke: 'none', class: 'series-band' });
      }
    }
    const segs = segments(n[k]!, (i) => usable(s.x[i]!, xLog) && usable(s.y[i]!, yLog));
    if (opts.fillArea) {
      const base = sy.map(yLog ? sy.lo : Math.min(Math.max(0, sy.lo), sy.hi));
      for (const seg of segs) {
        const d = pathOf(seg, px, (i) => sy.map(s.y[i]!)) + `L${fmt(px(seg[seg.length - 1]!))},${fmt(base)}L${fmt(px(seg[0]!))},${fmt(base)}Z`;
        bands += el('path', { d, fill: color, 'fill-opacity': 0.15, stroke: 'none', class: 'series-area' });
      }
    }
    const d = segs.map((seg) => pathOf(seg, px, (i) => sy.map(s.y[i]!))).join('');
    if (d) {
      lines += el('path', {
        d, fill: 'none', stroke: color, 'stroke-width': sw, 'stroke-linejoin': 'round', 'stroke-linecap': 'round',
        'stroke-dasharray': legend[k]!.dash, class: 'series-line',
      });
    }
    if (opts.markers) {
      for (const seg of segs) for (const i of seg) lines += el('circle', { cx: px(i), cy: sy.map(s.y[i]!), r: sw * 1.3, fill: color, class: 'point' });
    }
  });
  return frame.render(bands + lines + eventTicks(opts.events ?? [], sx, sy.map(sy.hi)));
}

const EVENT_TICK = 6;

/** One tick per event row, pixel column and colour (a thousand events a run stay a readable rug), with tooltips. */
function eventTicks(events: readonly PlotEvent[], sx: Scale, top: number): string {
  const seen = new Set<string>();
  let out = '';
  for (const e of events) {
    if (!(e.x >= sx.lo && e.x <= sx.hi)) continue;
    const px = Math.round(sx.map(e.x)), y = top + (e.row ?? 0) * (EVENT_TICK + 1);
    const key = `${e.row ?? 0}|${px}|${e.color}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out += el('line', { x1: px, x2: px, y1: y, y2: y + EVENT_TICK, stroke: e.color, 'stroke-width': 1.5, class: 'event' }, el('title', {}, escapeXml(e.label)));
  }
  return out;
}

/**
 * A line series from a point estimate with interval bands, e.g. the result of the stats module's
 * curveBands or performanceProfileCI.
 */
export function bandSeries(
  name: string,
  x: ArrayLike<number>,
  band: { readonly point: ArrayLike<number>; readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> },
  style: { color?: string; dash?: string } = {},
): LineSeries {
  return { name, x, y: band.point, lower: band.lower, upper: band.upper, ...style };
}
