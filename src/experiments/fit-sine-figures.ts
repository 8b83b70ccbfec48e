/** Figures for the Fig. 2 experiment: the target with each net's fit, and the training-loss curves. */
import { join } from 'node:path';
import { linePlot, paletteColor, smallMultiples, writeSvg, type LineSeries } from '../plot/index.js';
import type { FitSineResult } from './fit-sine.js';

/** The fit panel: target and the first seed's prediction of each net. */
export function fitFigure(r: FitSineResult): string {
  const series: LineSeries[] = [
    { name: 'target', x: r.testX, y: r.testY, color: '#000000', dash: '4 3' },
    ...r.nets.map((n, i) => ({ name: `${n.name} (${n.params} params)`, x: r.testX, y: n.prediction, color: paletteColor(i) })),
  ];
  return linePlot(series, { title: 'Fits of y = 10 sin 7x + 15 sin 10x + 5 cos 5x (seed 0)', xLabel: 'x', yLabel: 'y', width: 760, height: 420 });
}

/** The loss panel: median training MSE over seeds with a min–max band, log scale. */
export function lossFigure(r: FitSineResult): string {
  const series: LineSeries[] = r.nets.map((n, k) => {
    const at = (i: number): number[] => n.curves.map((c) => c[i]!).sort((a, b) => a - b);
    const med = r.curveSteps.map((_, i) => { const v = at(i); const m = v.length >> 1; return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2; });
    return { name: n.name, color: paletteColor(k), x: r.curveSteps, y: med, lower: r.curveSteps.map((_, i) => at(i)[0]!), upper: r.curveSteps.map((_, i) => at(i).at(-1)!) };
  });
  return linePlot(series, { title: `Training MSE (median and range over ${r.config.seeds} seeds)`, xLabel: 'Adam step', yLabel: 'MSE', yLog: true, width: 760, height: 420 });
}

/** Writes fit.svg, loss.svg and fig2.svg (both panels) into outDir; returns their paths. */
export function renderFitSineFigures(r: FitSineResult, outDir: string): string[] {
  const fit = fitFigure(r), loss = lossFigure(r);
  const files = [join(outDir, 'fig2.svg'), join(outDir, 'fit.svg'), join(outDir, 'loss.svg')];
  writeSvg(files[0]!, smallMultiples([fit, loss], { columns: 1 }));
  writeSvg(files[1]!, fit);
  writeSvg(files[2]!, loss);
  return files;
}
