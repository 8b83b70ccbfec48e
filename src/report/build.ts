/**
 * A self-contained HTML report: title, table of contents, numbered sections with paragraphs, inline SVG
 * figures with numbered captions, tables and preformatted text. One file, inline CSS, no scripts and
 * no external resources, so it can be archived, mailed or opened offline. All text is escaped; figures
 * must be SVG documents (checked to be well-formed and script-free).
 */
import { checkWellFormedXml } from '../plot/xml.js';
import { writeFileAtomic } from '../plot/write.js';
import { escapeHtml, formatNumber, slugify } from './html.js';
import { REPORT_CSS } from './style.js';

export interface ParagraphBlock { kind: 'paragraph'; text: string }
export interface FigureBlock { kind: 'figure'; svg: string; caption?: string }
export interface TableBlock {
  kind: 'table';
  header: readonly string[];
  /** Cells: strings as given, numbers formatted (4 significant digits) and right-aligned. */
  rows: ReadonlyArray<ReadonlyArray<string | number>>;
  caption?: string;
}
export interface PreformattedBlock { kind: 'pre'; text: string }
export type Block = ParagraphBlock | FigureBlock | TableBlock | PreformattedBlock;

export interface Section {
  heading: string;
  blocks?: readonly Block[];
  subsections?: readonly Section[];
}

export interface ReportSpec {
  title: string;
  subtitle?: string;
  sections: readonly Section[];
  /** Free text for the footer, e.g. the command and commit that produced the report. */
  footer?: string;
  /** Include the table of contents (default true). */
  toc?: boolean;
}

export const paragraph = (text: string): ParagraphBlock => ({ kind: 'paragraph', text });
export const figure = (svg: string, caption?: string): FigureBlock => (caption === undefined ? { kind: 'figure', svg } : { kind: 'figure', svg, caption });
export const table = (header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>, caption?: string): TableBlock =>
  (caption === undefined ? { kind: 'table', header, rows } : { kind: 'table', header, rows, caption });
export const preformatted = (text: string): PreformattedBlock => ({ kind: 'pre', text });

/** Validate an SVG for inlining; returns it without any XML declaration. */
function inlineSvg(svg: string, where: string): string {
  const body = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim();
  if (!body.startsWith('<svg')) throw new Error(`report: ${where} is not an SVG document`);
  if (/<script\b|\son[a-z]+\s*=|<foreignObject\b/i.test(body)) throw new Error(`report: ${where} contains scripts or foreign content`);
  try {
    checkWellFormedXml(body);
  } catch (err) {
    throw new Error(`report: ${where}: ${(err as Error).message}`);
  }
  return body;
}

interface Counters { figure: number; table: number }

function renderTable(b: TableBlock, n: number, where: string): string {
  const cols = b.header.length;
  b.rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`report: ${where}, row ${i} has ${r.length} cells for ${cols} columns`);
  });
  // A column is numeric (right-aligned) when every cell in it is a number.
  const numeric = b.header.map((_, c) => b.rows.length > 0 && b.rows.every((r) => typeof r[c] === 'number'));
  const cls = (c: number): string => (numeric[c] ? ' class="num"' : '');
  const cell = (v: string | number): string => escapeHtml(typeof v === 'number' ? formatNumber(v) : v);
  const caption = `<caption><b>Table ${n}.</b>${b.caption ? ` ${escapeHtml(b.caption)}` : ''}</caption>`;
  const head = `<thead><tr>${b.header.map((h, c) => `<th${cls(c)}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = `<tbody>${b.rows.map((r) => `<tr>${r.map((v, c) => `<td${cls(c)}>${cell(v)}</td>`).join('')}</tr>`).join('')}</tbody>`;
  return `<div class="table-wrap"><table id="table-${n}">${caption}${head}${body}</table></div>`;
}

function renderBlock(b: Block, counters: Counters, where: string): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'pre':
      return `<pre>${escapeHtml(b.text)}</pre>`;
    case 'figure': {
      const n = ++counters.figure;
      const svg = inlineSvg(b.svg, `${where}, figure ${n}`);
      const cap = `<figcaption><b>Figure ${n}.</b>${b.caption ? ` ${escapeHtml(b.caption)}` : ''}</figcaption>`;
      return `<figure id="figure-${n}">${svg}${cap}</figure>`;
    }
    case 'table':
      return renderTable(b, ++counters.table, where);
  }
}

interface TocEntry { id: string; number: string; heading: string; children: TocEntry[] }

/** Build the HTML document. */
export function buildReport(spec: ReportSpec): string {
  const used = new Set<string>();
  const uniqueId = (heading: string): string => {
    const base = `sec-${slugify(heading)}`;
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    return id;
  };
  const counters: Counters = { figure: 0, table: 0 };

  const renderSections = (sections: readonly Section[], prefix: string, depth: number): { html: string; toc: TocEntry[] } => {
    let html = '';
    const toc: TocEntry[] = [];
    sections.forEach((s, i) => {
      const number = `${prefix}${i + 1}`;
      const id = uniqueId(s.heading);
      const level = Math.min(2 + depth, 6);
      html += `<section id="${id}"><h${level}>${escapeHtml(`${number} ${s.heading}`)}</h${level}>`;
      for (const b of s.blocks ?? []) html += renderBlock(b, counters, `section "${s.heading}"`);
      const sub = renderSections(s.subsections ?? [], `${number}.`, depth + 1);
      html += `${sub.html}</section>`;
      toc.push({ id, number, heading: s.heading, children: sub.toc });
    });
    return { html, toc };
  };

  const { html: body, toc } = renderSections(spec.sections, '', 0);
  const tocList = (entries: TocEntry[]): string => (entries.length === 0 ? '' : `<ol>${entries.map((e) =>
    `<li><a href="#${e.id}"><span class="num">${e.number}</span> ${escapeHtml(e.heading)}</a>${tocList(e.children)}</li>`).join('')}</ol>`);
  const tocHtml = spec.toc === false || toc.length === 0 ? '' : `<nav class="toc"><h2>Contents</h2>${tocList(toc)}</nav>`;
  const subtitle = spec.subtitle ? `<p class="subtitle">${escapeHtml(spec.subtitle)}</p>` : '';
  const footer = spec.footer ? `<footer>${escapeHtml(spec.footer)}</footer>` : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>${escapeHtml(spec.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(spec.title)}</h1>
${subtitle}${tocHtml}
${body}
${footer}
</main>
</body>
</html>
`;
}

/** Build the report and write it atomically to `path`. */
export function writeReport(path: string, spec: ReportSpec): void {
  writeFileAtomic(path, buildReport(spec));
}
