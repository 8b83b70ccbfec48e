/** Small multiples: several finished plots arranged in a grid under one title and a shared legend. */
import { extraTitleLines, fitTitle, legendBlock, titleSvg, type LegendEntry } from './frame.js';
import { fmt, svgRoot } from './svg.js';

export interface GridOptions {
  /** Panels per row (default: ⌈√n⌉). */
  columns?: number;
  title?: string;
  /** A legend shared by all panels, drawn once under the title (panels should use legend: 'none'). */
  legend?: readonly LegendEntry[];
  /** Space between panels in px (default 8). */
  gap?: number;
  fontSize?: number;
}

const ROOT = /^<svg\b[^>]*>/;

function rootSize(svg: string): { width: number; height: number; inner: string } {
  const m = ROOT.exec(svg);
  if (!m || !svg.endsWith('</svg>')) throw new Error('smallMultiples: each panel must be an SVG document produced by this module');
  const w = /\bwidth="([\d.]+)"/.exec(m[0]);
  const h = /\bheight="([\d.]+)"/.exec(m[0]);
  if (!w || !h) throw new Error('smallMultiples: panel SVG lacks width/height');
  return { width: Number(w[1]), height: Number(h[1]), inner: svg.slice(m[0].length, -'</svg>'.length) };
}

/** Lay out `panels` (SVG strings from this module) in a grid; returns one SVG document. */
export function smallMultiples(panels: readonly string[], opts: GridOptions = {}): string {
  const fs = opts.fontSize ?? 12;
  const gap = opts.gap ?? 8;
  if (panels.length === 0) throw new Error('smallMultiples: no panels');
  const parsed = panels.map(rootSize);
  const cols = Math.max(1, Math.min(panels.length, opts.columns ?? Math.ceil(Math.sqrt(panels.length))));
  const rows = Math.ceil(panels.length / cols);
  const cellW = Math.max(...parsed.map((p) => p.width));
  const cellH = Math.max(...parsed.map((p) => p.height));
  const width = cols * cellW + (cols + 1) * gap;
  const title = opts.title ? fitTitle(opts.title, width - 16, fs * 1.3) : null;
  const titleH = title ? title.size * 1.6 + 6 + extraTitleLines(title) : 0;
  const legend = legendBlock(opts.legend ?? [], fs, width - 2 * gap, false);
  const top = gap + titleH + (legend.height ? legend.height + 6 : 0);
  const height = top + rows * cellH + rows * gap;
  let body = '';
  if (title) body += titleSvg(title, width / 2, gap);
  body += legend.svg((width - legend.width) / 2, gap + titleH);
  parsed.forEach((p, i) => {
    const x = gap + (i % cols) * (cellW + gap);
    const y = top + Math.floor(i / cols) * (cellH + gap);
    // Suffix the panel's clip-path ids so that two identical panels never share an id in one document.
    const inner = p.inner.replace(/(id="|url\(#)(clip-[0-9a-z]+)/g, `$1$2-p${i}`);
    body += `<svg x="${fmt(x)}" y="${fmt(y)}" width="${fmt(p.width)}" height="${fmt(p.height)}" viewBox="0 0 ${fmt(p.width)} ${fmt(p.height)}" class="panel">${inner}</svg>`;
  });
  return svgRoot(width, height, body, opts.title);
}

