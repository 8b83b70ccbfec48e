/** Dependency-free SVG plotting: publication-style line, bar, scatter, density and histogram plots. */
export { OKABE_ITO, paletteColor, seriesDash } from './palette.js';
export { niceStep, niceTicks, logTicks, isNiceNumber, formatTick, formatLogTick, type TickSet } from './ticks.js';
export { makeScale, type Scale, type ScaleSpec } from './scale.js';
export { escapeXml, textWidth, contentHash } from './svg.js';
export { emptyPlot, legendBlock, type CommonOptions, type LegendEntry } from './frame.js';
export { linePlot, bandSeries, type LineSeries, type LineOptions, type PlotEvent } from './line.js';
export { scatterPlot, type PointSeries, type ScatterOptions } from './scatter.js';
export { barChart, type BarGroup, type BarOptions } from './bar.js';
export { densityPlot, gaussianKde, scottBandwidth, type DensitySeries, type DensityOptions } from './density.js';
export { histogram, histogramPlot, type Histogram, type HistogramSeries, type HistogramOptions } from './histogram.js';
export { smallMultiples, type GridOptions } from './grid.js';
export { kdeGrid, type KdePanel, type KdeGridOptions } from './kdeGrid.js';
export { writeFileAtomic, writeSvg } from './write.js';
export { checkWellFormedXml, isWellFormedXml } from './xml.js';
