/**
 * The chart frame shared by every plot type: layout (margins sized from the actual tick labels, title
 * and legend), left and bottom axes with outward ticks, light horizontal grid lines, axis labels, title,
 * legend and a clip path for the data. Plot types draw their marks into the returned plot rectangle.
 */
import { makeScale, type Scale, type ScaleSpec } from './scale.js';
import { contentHash, el, type AttrValue, fmt, svgRoot, text, textWidth, truncateToWidth, wrapToWidth } from './svg.js';

export interface CommonOptions {
  /** Pixel size of the whole figure (defaults 640 × 400). */
  width?: number;
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Base font size in px (default 12); tick labels use 0.9×, the title 1.2×. */
  fontSize?: number;
  /** Legend placement (default 'right', outside the plot area). */
  legend?: 'right' | 'top' | 'none';
  /** Horizontal grid lines at the y ticks (default true). */
  grid?: boolean;
  /** Fixed axis domains; otherwise fitted to the data and extended to nice ticks. */
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  /** Log10 y axis; non-positive values are left out. */
  yLog?: boolean;
  /** Log10 x axis; non-positive values are left out. */
  xLog?: boolean;
}

export interface LegendEntry {
  name: string;
  color: string;
  /** How the swatch looks: a line (optionally over a CI band), a filled box, or a dot. */
  kind: 'line' | 'band' | 'box' | 'point';
  dash?: string | undefined;
}

export interface Rect { x: number; y: number; w: number; h: number }

/** A categorical x axis: one band per category. */
export interface BandAxis {
  readonly categories: readonly string[];
  /** Left edge and width of band i's usable (padded) part. */
  band(i: number): { x: number; w: number };
}

export type XAxisSpec =
  | { kind: 'continuous'; lo: number; hi: number }
  | { kind: 'band'; categories: readonly string[] };

export interface Frame<X> {
  readonly plot: Rect;
  readonly x: X;
  readonly y: Scale;
  readonly fontSize: number;
  /** Wrap data marks (clipped to the plot area) into the finished SVG document. */
  render(marks: string, overlay?: string): string;
}

const AXIS_COLOR = '#333333';
const GRID_COLOR = '#e6e6e6';
const TICK_LEN = 5;

function baseOptions(opts: CommonOptions): Required<Pick<CommonOptions, 'width' | 'height' | 'fontSize' | 'legend' | 'grid'>> {
  const width = opts.width ?? 640;
  const height = opts.height ?? 400;
  if (!(width >= 60 && height >= 60)) throw new Error(`plot: figure size must be at least 60 × 60 px, got ${width} × ${height}`);
  return { width, height, fontSize: opts.fontSize ?? 12, legend: opts.legend ?? 'right', grid: opts.grid ?? true };
}

export interface TitleLayout {
  lines: string[];
  /** Font size in px. */
  size: number;
  /** Widest line in px (bold). */
  width: number;
}

/**
 * A title that fits `maxWidth`: wrapped at spaces onto at most `maxLines` lines at the nominal size, shrunk (never below
 * 9 px) if that is not enough, and only then its last line shortened with an ellipsis.
 */
export function fitTitle(title: string, maxWidth: number, size: number, maxLines = 3): TitleLayout {
  const wrap = (sz: number): string[] => wrapToWidth(title, maxWidth, sz, true);
  let sz = size;
  let lines = wrap(sz);
  while (lines.length > maxLines && sz > 9) lines = wrap((sz = Math.max(9, sz - 0.5)));
  if (lines.length > maxLines) lines = [...lines.slice(0, maxLines - 1), truncateToWidth(lines.slice(maxLines - 1).join(' '), maxWidth, sz, true)];
  return { lines, size: sz, width: Math.max(...lines.map((l) => textWidth(l, sz, true))) };
}

/** The title's lines as centred bold text, the first baseline at `top + size`. */
export function titleSvg(t: TitleLayout, cx: number, top: number): string {
  return t.lines.map((line, i) => text(cx, top + t.size * (1 + 1.25 * i), line, {
    'font-size': t.size, 'font-weight': 'bold', 'text-anchor': 'middle', fill: '#111', class: 'title',
  })).join('');
}

/** Extra height of a title's lines after the first. */
export const extraTitleLines = (t: TitleLayout): number => t.size * 1.25 * (t.lines.length - 1);

function titleBlock(title: string | undefined, width: number, fs: number): { svg: (cx: number) => string; height: number; width: number } {
  if (!title) return { svg: () => '', height: 0, width: 0 };
  const t = fitTitle(title, width - 16, fs * 1.2);
  return { height: t.size * 1.5 + 4 + extraTitleLines(t), width: t.width, svg: (cx) => titleSvg(t, cx, 6) };
}

/**
 * A filled box (bar, legend swatch) of a group; past the palette's length (`dash` set) a light fill with a dashed
 * outline, so that a colour's second group stays distinct from its first.
 */
export function boxStyle(color: string, dash: string | undefined): Record<string, AttrValue> {
  return dash ? { fill: color, 'fill-opacity': 0.3, stroke: color, 'stroke-width': 1.2, 'stroke-dasharray': dash } : { fill: color };
}

function swatch(e: LegendEntry, x: number, cy: number, fs: number): string {
  const w = fs * 1.8;
  switch (e.kind) {
    case 'box':
      return el('rect', { x, y: cy - fs * 0.4, width: w, height: fs * 0.8, stroke: e.color, 'fill-opacity': 0.85, ...boxStyle(e.color, e.dash) });
    case 'point':
      return el('circle', { cx: x + w / 2, cy, r: fs * 0.3, fill: e.color });
    case 'band':
      return el('rect', { x, y: cy - fs * 0.4, width: w, height: fs * 0.8, fill: e.color, 'fill-opacity': 0.2 })
        + el('line', { x1: x, y1: cy, x2: x + w, y2: cy, stroke: e.color, 'stroke-width': 2, 'stroke-dasharray': e.dash });
    default:
      return el('line', { x1: x, y1: cy, x2: x + w, y2: cy, stroke: e.color, 'stroke-width': 2, 'stroke-dasharray': e.dash });
  }
}

/** Legend geometry: entries laid out vertically (right) or in wrapped rows (top). */
export function legendBlock(entries: readonly LegendEntry[], fs: number, maxWidth: number, vertical: boolean): {
  width: number; height: number; svg: (x: number, y: number) => string;
} {
  if (entries.length === 0) return { width: 0, height: 0, svg: () => '' };
  const sw = fs * 1.8, gap = fs * 0.5, rowH = fs * 1.5;
  const nameMax = Math.max(20, maxWidth - sw - gap - 8);
  const names = entries.map((e) => truncateToWidth(e.name, nameMax, fs));
  const itemW = names.map((n) => sw + gap + textWidth(n, fs));
  const pos: { x: number; y: number }[] = [];
  let width = 0, height = 0;
  if (vertical) {
    names.forEach((_, i) => pos.push({ x: 0, y: i * rowH }));
    width = Math.max(...itemW);
    height = names.length * rowH;
  } else {
    let cx = 0, cy = 0;
    itemW.forEach((w) => {
      if (cx > 0 && cx + w > maxWidth) { cx = 0; cy += rowH; }
      pos.push({ x: cx, y: cy });
      cx += w + fs * 1.5;
      width = Math.max(width, cx - fs * 1.5);
    });
    height = cy + rowH;
  }
  return {
    width, height,
    svg: (x0, y0) => el('g', { class: 'legend' }, entries.map((e, i) => {
      const cy = y0 + pos[i]!.y + rowH / 2;
      const x = x0 + pos[i]!.x;
      return swatch(e, x, cy, fs) + text(x + sw + gap, cy + fs * 0.35, names[i]!, { 'font-size': fs, fill: '#222' });
    }).join('')),
  };
}

/**
 * Lay out a chart: `yData` is the data range for the y axis (ignored where opts.yDomain is set),
 * `x` the data range or the categories of the x axis.
 */
export function makeFrame(
  opts: CommonOptions,
  x: XAxisSpec,
  yData: { lo: number; hi: number },
  legend: readonly LegendEntry[],
): Frame<Scale | BandAxis> {
  const { width, height, fontSize: fs, grid } = baseOptions(opts);
  let legendPos = legend.length === 0 ? 'none' : opts.legend ?? 'right';
  // A right-hand legend taller than the plot area would be cut off: lay it out in rows on top instead.
  if (legendPos === 'right' && legend.length * fs * 1.5 > height - 60 - (opts.title ? fs * 2 : 0)) legendPos = 'top';
  const tickFs = fs * 0.9;
  const title = titleBlock(opts.title, width, fs);
  const legTop = legendPos === 'top' ? legendBlock(legend, fs, width - 20, false) : null;
  const legRight = legendPos === 'right' ? legendBlock(legend, fs, width * 0.3, true) : null;

  const top = 8 + title.height + (legTop ? legTop.height + 6 : 0) + (title.height || legTop ? 0 : 4);
  const xLabelH = opts.xLabel ? fs * 1.6 : 0;
  let bottom = TICK_LEN + tickFs * 1.5 + xLabelH + 8;

  // Categorical labels: rotate when they do not fit their band (decided on a provisional width).
  let rotate = false;
  let catLabels: string[] = [];
  if (x.kind === 'band') {
    const provisional = (width - 80 - (legRight ? legRight.width + 24 : 16)) / Math.max(1, x.categories.length);
    catLabels = x.categories.map((c) => truncateToWidth(c, Math.max(provisional * 0.95, 160), tickFs));
    const widest = Math.max(...catLabels.map((c) => textWidth(c, tickFs)));
    if (widest > provisional * 0.95) {
      rotate = true;
      bottom += widest * Math.sin(Math.PI / 5.5);
    }
  }
  const plotH = Math.max(20, height - top - bottom);
  const yTarget = Math.max(2, Math.min(8, Math.round(plotH / 55)));
  const ySpec: ScaleSpec = { log: opts.yLog ?? false, tickCount: yTarget, ...(opts.yDomain ? { domain: opts.yDomain } : {}) };
  const yProbe = makeScale(yData.lo, yData.hi, 0, 1, ySpec);
  const yTickW = Math.max(...yProbe.ticks.map((t) => textWidth(yProbe.format(t), tickFs)), 0);
  const left = 6 + (opts.yLabel ? fs * 1.7 : 0) + yTickW + TICK_LEN + 4;
  // Without a legend, leave room for the last x tick label, which overhangs the plot by half its width.
  const right = legRight ? legRight.width + 28 : 18;
  const plot: Rect = { x: left, y: top, w: Math.max(20, width - left - right), h: plotH };
  const y = makeScale(yData.lo, yData.hi, plot.y + plot.h, plot.y, ySpec);

  let xAxis: Scale | BandAxis;
  let xTicksSvg = '';
  if (x.kind === 'continuous') {
    const xSpec: ScaleSpec = { log: opts.xLog ?? false, ...(opts.xDomain ? { domain: opts.xDomain } : {}) };
    // Fewer ticks when their labels would crowd the axis.
    let target = Math.max(2, Math.min(10, Math.round(plot.w / 90)));
    let sx = makeScale(x.lo, x.hi, plot.x, plot.x + plot.w, { ...xSpec, tickCount: target });
    while (target > 2) {
      const labelW = Math.max(...sx.ticks.map((t) => textWidth(sx.format(t), tickFs)));
      if ((labelW + tickFs) * sx.ticks.length <= plot.w) break;
      target--;
      sx = makeScale(x.lo, x.hi, plot.x, plot.x + plot.w, { ...xSpec, tickCount: target });
    }
    xAxis = sx;
    xTicksSvg = sx.ticks.map((t) => {
      const px = sx.map(t);
      return el('line', { x1: px, y1: plot.y + plot.h, x2: px, y2: plot.y + plot.h + TICK_LEN, stroke: AXIS_COLOR })
        + text(px, plot.y + plot.h + TICK_LEN + tickFs * 1.1, sx.format(t), { 'font-size': tickFs, 'text-anchor': 'middle', fill: AXIS_COLOR, class: 'x-tick' });
    }).join('');
  } else {
    const n = x.categories.length;
    const bw = plot.w / n;
    const band = (i: number): { x: number; w: number } => ({ x: plot.x + i * bw + bw * 0.1, w: bw * 0.8 });
    xAxis = { categories: x.categories, band };
    xTicksSvg = catLabels.map((c, i) => {
      const cx = plot.x + (i + 0.5) * bw;
      const ty = plot.y + plot.h + TICK_LEN + tickFs * 1.1;
      const attrs = rotate
        ? { 'font-size': tickFs, 'text-anchor': 'end', fill: AXIS_COLOR, class: 'x-tick', transform: `rotate(-32.7 ${fmt(cx)} ${fmt(ty - tickFs * 0.35)})` }
        : { 'font-size': tickFs, 'text-anchor': 'middle', fill: AXIS_COLOR, class: 'x-tick' };
      return el('line', { x1: cx, y1: plot.y + plot.h, x2: cx, y2: plot.y + plot.h + TICK_LEN, stroke: AXIS_COLOR }) + text(cx, ty, c, attrs);
    }).join('');
  }

  const yTicksSvg = y.ticks.map((t) => {
    const py = y.map(t);
    const gl = grid ? el('line', { x1: plot.x, y1: py, x2: plot.x + plot.w, y2: py, stroke: GRID_COLOR, 'stroke-width': 1 }) : '';
    return gl + el('line', { x1: plot.x - TICK_LEN, y1: py, x2: plot.x, y2: py, stroke: AXIS_COLOR })
      + text(plot.x - TICK_LEN - 3, py + tickFs * 0.35, y.format(t), { 'font-size': tickFs, 'text-anchor': 'end', fill: AXIS_COLOR, class: 'y-tick' });
  }).join('');

  const axes = el('line', { x1: plot.x, y1: plot.y + plot.h, x2: plot.x + plot.w, y2: plot.y + plot.h, stroke: AXIS_COLOR })
    + el('line', { x1: plot.x, y1: plot.y, x2: plot.x, y2: plot.y + plot.h, stroke: AXIS_COLOR });
  const labels = (opts.xLabel
    ? text(plot.x + plot.w / 2, height - 8, truncateToWidth(opts.xLabel, plot.w + left, fs), { 'font-size': fs, 'text-anchor': 'middle', fill: '#222', class: 'x-label' })
    : '')
    + (opts.yLabel
      ? text(0, 0, truncateToWidth(opts.yLabel, plot.h + top, fs), {
        'font-size': fs, 'text-anchor': 'middle', fill: '#222', class: 'y-label',
        transform: `translate(${fmt(6 + fs * 0.9)} ${fmt(plot.y + plot.h / 2)}) rotate(-90)`,
      })
      : '');
  // Centred over the plot area, shifted only as far as needed to stay inside the figure.
  const titleCx = Math.min(Math.max(plot.x + plot.w / 2, 8 + title.width / 2), width - 8 - title.width / 2);
  const legendSvg = legTop
    ? legTop.svg(Math.max(8, (width - legTop.width) / 2), 8 + title.height)
    : legRight ? legRight.svg(plot.x + plot.w + 20, plot.y) : '';

  return {
    plot, x: xAxis, y, fontSize: fs,
    render(marks: string, overlay = ''): string {
      const clipBody = el('rect', { x: plot.x, y: plot.y - 1, width: plot.w + 1, height: plot.h + 2 });
      const id = `clip-${contentHash(marks + clipBody + (opts.title ?? ''))}`;
      const defs = el('defs', {}, el('clipPath', { id }, clipBody));
      const body = defs + el('g', { class: 'grid' }, yTicksSvg) + el('g', { class: 'marks', 'clip-path': `url(#${id})` }, marks)
        + axes + xTicksSvg + labels + title.svg(titleCx) + legendSvg + overlay;
      return svgRoot(width, height, body, opts.title);
    },
  };
}

/** A figure with a title (if any) and a centred message instead of data, e.g. "No data" (wrapped to fit). */
export function emptyPlot(opts: CommonOptions, message = 'No data to plot'): string {
  const { width, height, fontSize: fs } = baseOptions(opts);
  const title = titleBlock(opts.title, width, fs);
  const lines = wrapToWidth(message, width - 32, fs);
  const lineH = fs * 1.3;
  const firstBaseline = (height + title.height) / 2 - (lineH * (lines.length - 1)) / 2 + fs * 0.35;
  const body = title.svg(width / 2)
    + el('rect', { x: 8, y: 8 + title.height, width: width - 16, height: height - 16 - title.height, fill: 'none', stroke: '#bbbbbb', 'stroke-dasharray': '4 3' })
    + lines.map((line, i) => text(width / 2, firstBaseline + i * lineH, line, { 'font-size': fs, 'text-anchor': 'middle', fill: '#666', class: 'empty-message' })).join('');
  return svgRoot(width, height, body, opts.title);
}

