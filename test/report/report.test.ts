import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { barChart, checkWellFormedXml, linePlot } from '../../src/plot/index.js';
import {
  buildReport, figure, formatInterval, formatNumber, paragraph, preformatted, slugify, table, writeReport, type ReportSpec,
} from '../../src/report/index.js';

const fig1 = linePlot([{ name: 'tanh', x: [0, 1, 2], y: [0, 1, 4] }], { title: 'Curve one' });
const fig2 = barChart(['IQM', 'Median'], [{ name: 'HR', values: [1, 2] }], { title: 'Bars two' });
const fig3 = linePlot([{ name: 'relu', x: [0, 1], y: [1, 0] }], { title: 'Curve three' });

const spec: ReportSpec = {
  title: 'HR <study> & "results"',
  subtitle: 'seeds 0–4',
  footer: 'hrl report --config <x>',
  sections: [
    {
      heading: 'Returns & scores',
      blocks: [
        paragraph('Tanh-HR beats tanh: P(X > Y) = 0.9 <b>not bold</b>'),
        figure(fig1, 'Mean return, 95% CI <shaded>'),
        table(['Activation', 'IQM', 'Note'], [['tanh', 0.41234567, 'a<b'], ['tanh-HR', 0.9, '&']], 'Aggregates & CIs'),
      ],
      subsections: [{ heading: 'Per game', blocks: [figure(`<?xml version="1.0"?>\n${fig2}`)] }],
    },
    {
      heading: 'Returns & scores', // duplicate heading: ids must stay unique
      blocks: [figure(fig3, 'third'), table(['k', 'v'], [['x', 1]]), preformatted('lr = 1e-4\n<config/>')],
    },
  ],
};

test('report contains every figure and table, numbered, with a table of contents', () => {
  const html = buildReport(spec);
  assert.equal(html.split('<figure ').length - 1, 3);
  assert.equal(html.split('<svg xmlns').length - 1, 3);
  for (const t of ['Curve one', 'Bars two', 'Curve three']) assert.ok(html.includes(t), t);
  assert.equal(html.split('<table ').length - 1, 2);
  assert.ok(html.includes('<b>Figure 3.</b> third'));
  assert.ok(html.includes('<b>Table 2.</b>'));
  assert.ok(!html.includes('<?xml'), 'XML declaration stripped from inline SVG');
  // TOC links point at existing, unique section ids
  const links = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
  assert.deepEqual(links, ['sec-returns-scores', 'sec-per-game', 'sec-returns-scores-2']);
  for (const id of links) assert.equal(html.split(`id="${id}"`).length - 1, 1, id);
  assert.ok(html.includes('<h2>1 Returns &amp; scores</h2>') && html.includes('<h3>1.1 Per game</h3>'));
  // numbers right-aligned and formatted
  assert.ok(html.includes('<td class="num">0.4123</td>'));
});

test('report text is escaped and the document is self-contained', () => {
  const html = buildReport(spec);
  assert.ok(html.includes('<title>HR &lt;study&gt; &amp; &quot;results&quot;</title>'));
  assert.ok(html.includes('P(X &gt; Y) = 0.9 &lt;b&gt;not bold&lt;/b&gt;'));
  assert.ok(html.includes('95% CI &lt;shaded&gt;'));
  assert.ok(html.includes('<td>a&lt;b</td>') && html.includes('<td>&amp;</td>'));
  assert.ok(html.includes('&lt;config/&gt;'));
  assert.ok(html.includes('--config &lt;x&gt;'));
  assert.ok(!/<script|<link|\ssrc=|@import|url\(http/i.test(html));
  for (const m of html.matchAll(/href="([^"]*)"/g)) assert.ok(m[1]!.startsWith('#'), m[1]);
  checkWellFormedXml(html); // written in XML-compatible syntax, so the strict checker applies
});

test('invalid input is rejected with a clear error', () => {
  const withFig = (svg: string): ReportSpec => ({ title: 't', sections: [{ heading: 'h', blocks: [figure(svg)] }] });
  assert.throws(() => buildReport(withFig('<div>no</div>')), /figure 1 is not an SVG/);
  assert.throws(() => buildReport(withFig('<svg><script>alert(1)</script></svg>')), /scripts/);
  assert.throws(() => buildReport(withFig('<svg><g></svg>')), /not well-formed/);
  assert.throws(() => buildReport({ title: 't', sections: [{ heading: 'h', blocks: [table(['a', 'b'], [['1']])] }] }), /row 0 has 1 cells for 2 columns/);
});

test('formatting helpers and atomic write', () => {
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(-2), '−2');
  assert.equal(formatNumber(NaN), '—');
  assert.equal(formatNumber(1.5e-7), '1.500e-7');
  assert.equal(formatInterval({ point: 0.5, lower: 0.41, upper: 0.612 }), '0.5 [0.41, 0.612]');
  assert.equal(slugify('Données & Résultats!'), 'donnees-resultats');
  const dir = mkdtempSync(join(tmpdir(), 'hrl-report-'));
  try {
    const p = join(dir, 'r', 'report.html');
    writeReport(p, spec);
    assert.equal(readFileSync(p, 'utf8'), buildReport(spec));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
