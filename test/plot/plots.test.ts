import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  barChart, checkWellFormedXml, densityPlot, emptyPlot, kdeGrid, gaussianKde, histogram, histogramPlot, isWellFormedXml, linePlot,
  OKABE_ITO, scatterPlot, smallMultiples, writeFileAtomic, writeSvg,
} from '../../src/plot/index.js';
import { gallery } from './gallery.js';
import { figureTexts, overflowing } from './text-fit.js';

const count = (s: string, cls: string): number => s.split(`class="${cls}"`).length - 1;

test('every gallery figure is well-formed SVG without NaN or undefined', () => {
  for (const [name, svg] of Object.entries(gallery())) {
    assert.doesNotThrow(() => checkWellFormedXml(svg), name);
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), name);
    assert.ok(!/NaN|undefined|Infinity/.test(svg), `${name} contains NaN/undefined`);
  }
});

test('line plot: one path per series, one band per series with a CI, legend names escaped', () => {
  const x = [0, 1, 2, 3];
  const svg = linePlot([
    { name: 'a <tanh> & "HR"', x, y: [0, 1, 2, 3], lower: [0, 0.5, 1.5, 2.5], upper: [0, 1.5, 2.5, 3.5] },
    { name: 'b', x, y: [1, 1, 1, 1] },
    { name: 'c', x, y: [3, 2, 1, 0], lower: [2, 1, 0, -1], upper: [4, 3, 2, 1] },
  ], { title: 'Returns <mean> & CI', xLabel: 'step', yLabel: 'return' });
  checkWellFormedXml(svg);
  assert.equal(count(svg, 'series-line'), 3);
  assert.equal(count(svg, 'series-band'), 2);
  assert.ok(svg.includes('a &lt;tanh&gt; &amp; &quot;HR&quot;'));
  assert.ok(svg.includes('Returns &lt;mean&gt; &amp; CI'));
  assert.ok(svg.includes(OKABE_ITO[0]!) && svg.includes(OKABE_ITO[1]!));
  // y ticks are nice numbers
  const ticks = [...svg.matchAll(/class="y-tick">([^<]*)</g)].map((m) => Number(m[1]!.replace('\u2212', '-')));
  assert.ok(ticks.length >= 3);
  const step = ticks[1]! - ticks[0]!;
  assert.ok([1, 2, 5].some((k) => Math.abs(step / 10 ** Math.floor(Math.log10(step)) - k) < 1e-9), `step ${step}`);
});

test('NaN points break a line instead of breaking the SVG; all-NaN or empty data give a message', () => {
  const svg = linePlot([{ name: 's', x: [0, 1, 2, 3, 4], y: [1, 2, NaN, 3, 4] }]);
  checkWellFormedXml(svg);
  const d = /class="series-line"/.test(svg) ? /d="([^"]*)"[^>]*class="series-line"/.exec(svg)![1]! : '';
  assert.equal(d.split('M').length - 1, 2, 'two segments');
  assert.ok(!svg.includes('NaN'));
  for (const empty of [
    linePlot([]),
    linePlot([{ name: 's', x: [0, 1], y: [NaN, NaN] }], { title: 'nothing' }),
    linePlot([{ name: 's', x: [1, 2], y: [-1, 0] }], { yLog: true }),
    barChart([], []),
    scatterPlot([{ name: 'p', x: [], y: [] }]),
    histogramPlot([{ name: 'h', samples: [NaN] }]),
    densityPlot([{ name: 'k', samples: [] }]),
  ]) {
    checkWellFormedXml(empty);
    assert.ok(empty.includes('class="empty-message"'));
    assert.ok(!empty.includes('NaN'));
  }
  assert.throws(() => linePlot([{ name: 'bad', x: [0, 1], y: [1] }]), /series "bad" has 2 x values but 1 y values/);
});

test('grouped bar chart: categories × groups bars and whiskers; log axis', () => {
  const groups = ['tanh', 'tanh-HR', 'ReLU'].map((name, k) => ({
    name, values: [1 + k, 2, 3, 0.5], lower: [0.5 + k, 1.5, 2.5, 0.2], upper: [1.5 + k, 2.5, 3.5, 0.9],
  }));
  const svg = barChart(['Median', 'IQM', 'Mean', 'Optimality gap'], groups, { title: 'Aggregates', legend: 'top' });
  checkWellFormedXml(svg);
  assert.equal(count(svg, 'bar'), 12);
  assert.equal(count(svg, 'error-bar'), 12);
  assert.equal(count(svg, 'x-tick'), 4);
  const withGap = barChart(['a', 'b'], [{ name: 'g', values: [1, NaN] }]);
  assert.equal(count(withGap, 'bar'), 1);
  const log = barChart(['a', 'b'], [{ name: 'g', values: [0.01, 100] }], { yLog: true });
  checkWellFormedXml(log);
  assert.equal(count(log, 'bar'), 2);
  assert.throws(() => barChart(['a'], [{ name: 'g', values: [1, 2] }]), /2 values for 1 categories/);
});

test('bar groups past the palette length stay distinct: same colour, light fill and a dashed outline, in bars and legend', () => {
  const groups = Array.from({ length: 10 }, (_, k) => ({ name: `g${k}`, values: [k + 1] }));
  const svg = barChart(['IQM'], groups);
  checkWellFormedXml(svg);
  const bars = [...svg.matchAll(/<rect [^>]*class="bar"[^>]*>/g)].map((m) => m[0]);
  assert.equal(bars.length, 10);
  const fill = (s: string): string => /fill="([^"]+)"/.exec(s)![1]!;
  assert.equal(fill(bars[8]!), fill(bars[0]!));
  assert.ok(!bars[0]!.includes('stroke-dasharray'));
  assert.ok(bars[8]!.includes('stroke-dasharray') && bars[8]!.includes('fill-opacity="0.3"'));
  const legend = /<g class="legend">(.*?)<\/g>/.exec(svg)![1]!;
  assert.equal((legend.match(/stroke-dasharray/g) ?? []).length, 2);
});

test('log y axis: labels are powers of ten, thinned when the data span many decades', () => {
  const svg = linePlot([{ name: 'a', x: [0, 1, 2, 3], y: [1e-10, 1e-3, 1e4, 1e10] }], { yLog: true });
  checkWellFormedXml(svg);
  const labels = [...svg.matchAll(/class="y-tick">([^<]*)</g)].map((m) => m[1]!);
  assert.ok(labels.length >= 3 && labels.length <= 8, labels.join(' '));
  assert.ok(labels.includes('1'));
});

test('scatter, histogram, density: marks and numbers', () => {
  const sc = scatterPlot([{ name: 'p', x: [1, 2, 3], y: [1, 4, 9] }, { name: 'q', x: [1, 2], y: [2, NaN] }]);
  checkWellFormedXml(sc);
  assert.equal(count(sc, 'point'), 4);

  const h = histogram([0, 1, 1, 2, 3], 3, [0, 3]);
  assert.deepEqual(Array.from(h.edges), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(h.counts), [1, 2, 2]); // last bin includes its right edge
  const hp = histogramPlot([{ name: 'x', samples: [0, 1, 1, 2, 3] }], { bins: 3 });
  checkWellFormedXml(hp);
  assert.equal(count(hp, 'hist-bar'), 3);

  const grid = Array.from({ length: 2001 }, (_, i) => -10 + i * 0.01);
  const dens = gaussianKde([0, 1, 2], grid, 0.5);
  const area = dens.reduce((a, b) => a + b, 0) * 0.01;
  assert.ok(Math.abs(area - 1) < 1e-3, `KDE integrates to ${area}`);
  // A constant sample (a saturated neuron) still gives a visible spike.
  const dp = densityPlot([{ name: 'sat', samples: new Array(100).fill(1) }, { name: 'live', samples: [-0.5, 0, 0.5] }], { xDomain: [-1, 1] });
  checkWellFormedXml(dp);
  assert.equal(count(dp, 'series-line'), 2);
  assert.equal(count(dp, 'series-area'), 2);
});

test('small multiples: one nested panel per plot, unique clip ids, shared legend', () => {
  const panel = linePlot([{ name: 'a', x: [0, 1], y: [0, 1] }], { width: 200, height: 150, legend: 'none' });
  const svg = smallMultiples([panel, panel, panel, panel, panel], {
    columns: 2, title: 'Grid & <panels>', legend: [{ name: 'a', color: OKABE_ITO[0]!, kind: 'line' }],
  });
  checkWellFormedXml(svg);
  assert.equal(count(svg, 'panel'), 5);
  const ids = [...svg.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 5);
  assert.equal(new Set(ids).size, 5);
  assert.ok(svg.includes('Grid &amp; &lt;panels&gt;'));
  assert.match(svg, /^<svg[^>]* width="424" height="[\d.]+"/); // 2 × 200 + 3 × 8 gap
  for (const id of ids) assert.ok(svg.includes(`clip-path="url(#${id})"`), `clip ${id} is used`);
});

test('kdeGrid: one panel per neuron, two overlaid densities each, one shared legend', () => {
  const panels = Array.from({ length: 16 }, (_, n) => ({
    title: `neuron ${n}`,
    series: [{ name: 'tanh', samples: [-1, -1, -0.99] }, { name: 'tanh-HR', samples: [-0.2, 0, 0.3, n / 20] }],
  }));
  const svg = kdeGrid(panels, { title: 'Fig. 3', panel: { xDomain: [-1, 1] } });
  checkWellFormedXml(svg);
  assert.equal(count(svg, 'panel'), 16);
  assert.equal(count(svg, 'series-line'), 32);
  assert.equal(count(svg, 'legend'), 1);
});

test('a right-hand legend too tall for the figure moves on top', () => {
  const series = Array.from({ length: 30 }, (_, k) => ({ name: `s${k}`, x: [0, 1], y: [k, k + 1] }));
  const svg = linePlot(series, { height: 300 });
  checkWellFormedXml(svg);
  const ys = [...svg.matchAll(/<g class="legend">(.*?)<\/g>/g)].flatMap((m) => [...m[1]!.matchAll(/<text x="[\d.]+" y="([\d.]+)"/g)].map((t) => Number(t[1])));
  assert.equal(ys.length, 30);
  assert.ok(Math.max(...ys) < 300, 'every legend entry is inside the figure');
});

test('the well-formedness check catches broken documents', () => {
  assert.ok(isWellFormedXml('<svg><g a="1"/><text>x &amp; y</text></svg>'));
  assert.ok(!isWellFormedXml('<svg><g></svg>'));
  assert.ok(!isWellFormedXml('<svg><text>a & b</text></svg>'));
  assert.ok(!isWellFormedXml('<svg a="1" a="2"></svg>'));
  assert.ok(!isWellFormedXml('<svg></svg><svg></svg>'));
  assert.ok(!isWellFormedXml('<svg><text>1 < 2</text></svg>'));
  assert.ok(!isWellFormedXml('<svg x=1></svg>'));
});

test('atomic write leaves only the target file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-plot-'));
  try {
    const p = join(dir, 'sub', 'fig.svg');
    writeSvg(p, linePlot([{ name: 'a', x: [0, 1], y: [0, 1] }]));
    writeFileAtomic(p.replace('.svg', '.txt'), 'hello');
    assert.deepEqual(readdirSync(join(dir, 'sub')).sort(), ['fig.svg', 'fig.txt']);
    const txt = readFileSync(p, 'utf8');
    assert.ok(txt.startsWith('<?xml'));
    checkWellFormedXml(txt);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(!existsSync(dir));
});

test('long titles wrap onto lines that fit the figure; a long empty-panel message wraps too', () => {
  const long = 'Saturated neurons (tanh-like: |a| ≥ 0.99 on every probe state) of the representation over training: mean over runs, 95% CI';
  const line = linePlot([{ name: 'a', x: [0, 1], y: [0, 1] }], { width: 460, height: 300, title: long });
  const grid = smallMultiples([linePlot([{ name: 'a', x: [0, 1], y: [0, 1] }], { width: 460, height: 300, legend: 'none', title: 'minatar/breakout' })], { title: long });
  const empty = emptyPlot({ width: 300, height: 200, title: long }, 'No saturated neurons in any run at this budget (every value is 0); see the paper study for settings where they appear');
  for (const [name, svg] of Object.entries({ line, grid, empty })) {
    checkWellFormedXml(svg);
    assert.deepEqual(overflowing(svg), [], `${name}: texts past the edge`);
    const titles = figureTexts(svg, ['title']).filter((t) => t.text !== 'minatar/breakout');
    assert.ok(titles.length >= 2, `${name}: the title is wrapped (${titles.length} line)`);
    assert.equal(titles.map((t) => t.text).join(' '), long, `${name}: every word of the title is shown`);
  }
  assert.ok(figureTexts(empty, ['empty-message']).length >= 2, 'the message is wrapped');
  // the plot area starts below the wrapped title
  const plotTop = Number(/<clipPath id="[^"]+"><rect x="[\d.]+" y="([\d.]+)"/.exec(line)![1]);
  const lastTitleY = Math.max(...[...line.matchAll(/<text x="[\d.]+" y="([\d.]+)"[^>]*class="title"/g)].map((m) => Number(m[1])));
  assert.ok(plotTop > lastTitleY, `plot top ${plotTop} is below the last title line ${lastTitleY}`);
});
