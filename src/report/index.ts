/** Self-contained HTML reports: sections, inline SVG figures, tables, table of contents. */
export {
  buildReport, writeReport, paragraph, figure, table, preformatted,
  type ReportSpec, type Section, type Block, type ParagraphBlock, type FigureBlock, type TableBlock, type PreformattedBlock,
} from './build.js';
export { escapeHtml, formatNumber, formatInterval, slugify } from './html.js';
