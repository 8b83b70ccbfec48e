import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interventionEvents } from '../../src/experiments/report/intervention-markers.js';
import { linePlot, paletteColor } from '../../src/plot/index.js';
import type { MetricRow } from '../../src/logging/metrics-log.js';

const intervention = (step: number, type: string): MetricRow => ({ kind: 'intervention', step, update: step - 100, type });

test('intervention rows become one tick row per group on its environment, in the group\'s colour', () => {
  const agg = {
    groups: ['tanh', 'tanh-redo', 'relu-reset'],
    runs: [
      { name: 'a1', group: 'tanh-redo', env: 'minatar/breakout' }, { name: 'a2', group: 'tanh-redo', env: 'minatar/breakout' },
      { name: 'b1', group: 'relu-reset', env: 'minatar/breakout' }, { name: 'c1', group: 'tanh', env: 'minatar/breakout' },
      { name: 'd1', group: 'tanh-redo', env: 'minatar/seaquest' },
    ],
  };
  const runs = [
    { name: 'a1', rows: [{ kind: 'episode', step: 5, return: 1 }, intervention(200, 'redo'), intervention(300, 'redo')] },
    { name: 'a2', rows: [intervention(200, 'redo'), intervention(300, 'redo')] }, // the same steps: one tick each
    { name: 'b1', rows: [intervention(1000, 'reset')] },
    { name: 'c1', rows: [{ kind: 'train', step: 10 }] },
    { name: 'd1', rows: [intervention(400, 'redo')] },
    { name: 'not-aggregated', rows: [intervention(50, 'redo')] },
  ];
  const events = interventionEvents(agg, runs);
  assert.deepEqual(events('minatar/breakout'), [
    { x: 200, color: paletteColor(1), label: 'tanh-redo: redo at step 200', row: 0 },
    { x: 300, color: paletteColor(1), label: 'tanh-redo: redo at step 300', row: 0 },
    { x: 1000, color: paletteColor(2), label: 'relu-reset: reset at step 1000', row: 1 },
  ]);
  assert.deepEqual(events('minatar/seaquest').map((e) => [e.x, e.row]), [[400, 0]]);
  assert.deepEqual(events('minatar/asterix'), []);
});

test('a line plot draws events as ticks with tooltips: one per pixel column, none outside the x range', () => {
  const series = [{ name: 's', x: [0, 1000], y: [0, 1] }];
  const svg = linePlot(series, {
    width: 400, height: 300, events: [
      { x: 100, color: '#123456', label: 'g: redo <1>' }, { x: 100.01, color: '#123456', label: 'same pixel' },
      { x: 500, color: '#654321', label: 'g2: reset', row: 1 }, { x: 5000, color: '#123456', label: 'outside' }, { x: NaN, color: '#123456', label: 'NaN' },
    ],
  });
  const ticks = [...svg.matchAll(/<line [^>]*class="event"[^>]*><title>([^<]*)<\/title><\/line>/g)].map((m) => m[1]);
  assert.deepEqual(ticks, ['g: redo &lt;1&gt;', 'g2: reset']);
  assert.equal(linePlot(series, { width: 400, height: 300 }).includes('class="event"'), false);
});
