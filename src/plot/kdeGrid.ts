/**
 * The per-neuron density figure (paper Fig. 3): one KDE panel per neuron in a grid, the same series
 * (e.g. tanh vs tanh-HR, or before vs after training) overlaid in every panel, one shared legend.
 */
import { densityPlot, type DensityOptions, type DensitySeries } from './density.js';
import { smallMultiples, type GridOptions } from './grid.js';
import { paletteColor } from './palette.js';

export interface KdePanel {
  /** Panel title, e.g. "neuron 17". */
  title: string;
  /** The overlaid samples; series names and order should match across panels. */
  series: readonly DensitySeries[];
}

export interface KdeGridOptions extends GridOptions {
  /** Options for every panel (default 210 × 150 px, font 10, no per-panel legend). */
  panel?: DensityOptions;
}

export function kdeGrid(panels: readonly KdePanel[], opts: KdeGridOptions = {}): string {
  if (panels.length === 0) throw new Error('kdeGrid: no panels');
  const names = panels[0]!.series.map((s) => s.name);
  const colors = panels[0]!.series.map((s, k) => s.color ?? paletteColor(k));
  const svgs = panels.map((p) => densityPlot(
    p.series.map((s, k) => ({ ...s, color: s.color ?? colors[k] ?? paletteColor(k) })),
    { width: 210, height: 150, fontSize: 10, ...opts.panel, legend: 'none', title: p.title },
  ));
  return smallMultiples(svgs, {
    columns: 4,
    ...opts,
    legend: opts.legend ?? names.map((name, k) => ({ name, color: colors[k]!, kind: 'band' as const })),
  });
}
