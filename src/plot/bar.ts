/** Grouped bar charts with CI whiskers (e.g. aggregate metrics per algorithm, with 95% CIs). */
import { Extent, checkSameLength, usable } from './data.js';
import { boxStyle, emptyPlot, makeFrame, type BandAxis, type CommonOptions, type LegendEntry } from './frame.js';
import { paletteColor, seriesDash } from './palette.js';
import { el, fmt } from './svg.js';

export interface BarGroup {
  /** Legend name of this group (e.g. an activation); one bar per category. */
  name: string;
  values: ArrayLike<number>;
  /** Optional CI end points, drawn as whiskers. */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  color?: string;
  /** Drawn as a light box with this dashed outline (default: solid within the palette's length, dashed past it). */
  dash?: string;
}

export type BarOptions = CommonOptions;

/**
 * Categories along x; within each, one bar per group. Bars start at 0 (at the axis bottom on a log
 * axis). Missing values (NaN) leave a gap; whiskers are drawn where both CI ends are finite.
 */
export function barChart(categories: readonly string[], groups: readonly BarGroup[], opts: BarOptions = {}): string {
  const yLog = opts.yLog ?? false;
  for (const g of groups) {
    const n = checkSameLength(g.name, { values: g.values, lower: g.lower, upper: g.upper });
    if (n !== categories.length) {
      throw new Error(`barChart: group "${g.name}" has ${n} values for ${categories.length} categories`);
    }
  }
  const ys = new Extent();
  for (const g of groups) {
    for (let i = 0; i < categories.length; i++) {
      for (const v of [g.values[i]!, g.lower?.[i], g.upper?.[i]]) if (v !== undefined && usable(v, yLog)) ys.add(v);
    }
  }
  if (categories.length === 0 || groups.length === 0 || ys.empty) return emptyPlot(opts);
  if (!yLog && !opts.yDomain) ys.add(0);
  const legend: LegendEntry[] = groups.map((g, k) => ({ name: g.name, color: g.color ?? paletteColor(k), kind: 'box', dash: g.dash ?? (g.color ? undefined : seriesDash(k)) }));
  const frame = makeFrame(opts, { kind: 'band', categories }, ys, groups.length > 1 ? legend : []);
  const axis = frame.x as BandAxis;
  const sy = frame.y;
  const base = sy.map(yLog ? sy.lo : Math.min(Math.max(0, sy.lo), sy.hi));
  let bars = '', whiskers = '';
  categories.forEach((_, i) => {
    const band = axis.band(i);
    const bw = band.w / groups.length;
    groups.forEach((g, k) => {
      const v = g.values[i]!;
      const x = band.x + k * bw;
      if (usable(v, yLog)) {
        const py = sy.map(v);
        bars += el('rect', {
          x: x + bw * 0.06, y: Math.min(py, base), width: bw * 0.88, height: Math.max(Math.abs(base - py), 0.5),
          ...boxStyle(legend[k]!.color, legend[k]!.dash), class: 'bar',
        });
      }
      const lo = g.lower?.[i], hi = g.upper?.[i];
      if (lo !== undefined && hi !== undefined && usable(lo, yLog) && usable(hi, yLog)) {
        const cx = x + bw / 2, cap = Math.min(bw * 0.25, 8);
        const y0 = sy.map(lo), y1 = sy.map(hi);
        whiskers += el('path', {
          d: `M${fmt(cx)},${fmt(y0)}L${fmt(cx)},${fmt(y1)}M${fmt(cx - cap)},${fmt(y0)}L${fmt(cx + cap)},${fmt(y0)}M${fmt(cx - cap)},${fmt(y1)}L${fmt(cx + cap)},${fmt(y1)}`,
          stroke: '#222222', 'stroke-width': 1.4, fill: 'none', class: 'error-bar',
        });
      }
    });
  });
  return frame.render(bars + whiskers);
}
