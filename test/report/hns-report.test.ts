/** The sweep report's Fig. 1 view: median and IQM human-normalised score per representation, for sweeps with Atari runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { aggregateSweep, loadSweep } from '../../src/experiments/aggregate/index.js';
import { writeSweepReport } from '../../src/experiments/report/index.js';
import { checkWellFormedXml } from '../../src/plot/index.js';
import { makeHnsSweep, rawScore } from '../aggregate/hns-sweep.js';

const report = (envs: string[]): { html: string; figures: Map<string, string>; missing: string[] } => {
  const sweep = loadSweep(makeHnsSweep(envs, rawScore));
  const r = writeSweepReport(sweep, aggregateSweep(sweep, { reps: 200 }), { sine: 'none' });
  return { html: readFileSync(r.htmlPath, 'utf8'), figures: new Map(r.figures.map((f) => [f.name, readFileSync(f.path, 'utf8')])), missing: r.missing };
};

test('a sweep with Atari runs gets the HNS section: a bar per representation and statistic, with CI whiskers', () => {
  const { html, figures } = report(['atari/breakout', 'atari/seaquest', 'atari/tetris']);
  const svg = figures.get('hns');
  assert.ok(svg, 'the hns figure is written');
  checkWellFormedXml(svg);
  // 2 representations × (median, IQM)
  assert.equal(svg.split('class="bar"').length - 1, 4);
  assert.equal(svg.split('class="error-bar"').length - 1, 4);
  for (const label of ['Median HNS', 'IQM HNS', 'tanh-hr', 'human-normalised final score over 2 game(s)']) assert.ok(svg.includes(label), label);
  assert.match(html, /Atari: human-normalised scores \(Fig\. 1\)/);
  assert.match(html, /Left out for want of human and random scores: atari\/tetris\./);
  assert.match(html, /Atari human-normalised score \(HNS\) of the final return over 2 game\(s\)/);
  assert.ok(html.indexOf('Aggregate performance') < html.indexOf('Atari: human-normalised') && html.indexOf('Atari: human-normalised') < html.indexOf('Learning curves'));
});

test('no HNS section without Atari runs; a sweep of unscored Atari games says why its HNS figure is missing', () => {
  const minatar = report(['minatar/breakout']);
  assert.ok(!minatar.figures.has('hns') && !minatar.missing.includes('hns'));
  assert.doesNotMatch(minatar.html, /human-normalised/);
  const tetris = report(['atari/tetris']);
  assert.ok(tetris.missing.includes('hns'));
  assert.match(tetris.html, /\(no group has runs on every Atari game with human and random scores\)/);
});
