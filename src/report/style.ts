/** The report's inline stylesheet: readable on screen, clean when printed to PDF. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #fafafa; color: #1a1a1a;
  font: 16px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 32px 40px 64px; background: #fff; }
h1 { font-size: 1.9em; margin: 0 0 0.2em; line-height: 1.2; }
.subtitle { color: #555; margin: 0 0 1.5em; }
h2 { font-size: 1.4em; margin: 2em 0 0.6em; padding-bottom: 0.2em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.15em; margin: 1.6em 0 0.5em; }
h4 { font-size: 1em; margin: 1.4em 0 0.4em; }
nav.toc { background: #f4f6f8; border: 1px solid #e1e4e8; border-radius: 6px; padding: 12px 20px; margin: 0 0 2em; }
nav.toc h2 { font-size: 1.05em; margin: 0 0 0.4em; border: 0; padding: 0; }
nav.toc ol { margin: 0; padding-left: 0; list-style: none; }
nav.toc ol ol { padding-left: 1.6em; }
nav.toc .num { display: inline-block; min-width: 1.9em; color: #555; }
nav.toc a { color: #0b5394; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
figure { margin: 1.5em 0; text-align: center; }
figure svg { max-width: 100%; height: auto; }
figcaption, caption { color: #444; font-size: 0.92em; margin-top: 0.4em; text-align: left; }
figcaption b, caption b { color: #1a1a1a; }
table { border-collapse: collapse; margin: 1.2em 0; font-size: 0.92em; font-variant-numeric: tabular-nums; }
caption { caption-side: top; margin-bottom: 0.4em; }
th, td { padding: 4px 12px; border-bottom: 1px solid #e3e3e3; }
thead th { border-bottom: 2px solid #444; text-align: left; }
td.num, th.num { text-align: right; }
tbody tr:nth-child(even) { background: #f8f8f8; }
pre { background: #f4f4f4; padding: 10px 14px; overflow-x: auto; font-size: 0.88em; border-radius: 4px; }
.table-wrap { overflow-x: auto; }
footer { margin-top: 3em; color: #777; font-size: 0.85em; }
@media print {
  body { background: #fff; }
  main { padding: 0; max-width: none; }
  figure, table { break-inside: avoid; }
  nav.toc { break-after: page; }
}
`;
