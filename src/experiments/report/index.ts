/** The sweep report: figure builders and the HTML report writer. */
export * from './figures.js';
export { hnsFigure, hnsSection, type FigureBlock } from './hns-figure.js';
export { writeSweepReport, loadSine, type SweepReportOptions, type SweepReport } from './sweep-report.js';
export { findChromium, headlessFlags, svgToPng } from './browser.js';
