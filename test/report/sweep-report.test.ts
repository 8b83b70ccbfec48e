/**
 * The sweep report's figures and words, on an in-memory sweep (tanh, tanh-HR, ReLU, ReLU-HR × 2 seeds on one game):
 * titles fit their canvas, captions are sentences, the KDE panels have axis labels, all-zero dead / saturated panels
 * say so in words, and the Fig. 2 section runs the real fit-sine protocol.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateSweep, type LoadedSweep, type RunRecord } from '../../src/experiments/aggregate/index.js';
import { DEFAULT_FIT_SINE } from '../../src/experiments/fit-sine.js';
import { diagnosticsFigure, hiddenBiasFigure, inactiveNotes, loadSine, writeSweepReport } from '../../src/experiments/report/index.js';
import type { MetricRow } from '../../src/logging/metrics-log.js';
import { figureTexts, overflowing } from '../plot/text-fit.js';

const VARIANTS = [
  { variant: 'tanh', activation: 'tanh', hadamard: 'none' }, { variant: 'tanh-hr', activation: 'tanh', hadamard: 'last' },
  { variant: 'relu', activation: 'relu', hadamard: 'none' }, { variant: 'relu-hr', activation: 'relu', hadamard: 'last' },
];

/** `inactive(variant, step)`: the dead (ReLU) or saturated (tanh) fraction of the representation. */
function sweepOf(inactive: (variant: string, step: number) => number): LoadedSweep {
  const runs: RunRecord[] = [];
  for (const v of VARIANTS) {
    for (const seed of [1, 2]) {
      const tanh = v.activation === 'tanh';
      const rows: MetricRow[] = [];
      for (let step = 50; step <= 1000; step += 50) rows.push({ kind: 'episode', step, return: step / 100 + seed, length: 10 });
      for (const step of [250, 500, 750, 1000]) {
        const frac = inactive(v.variant, step);
        const layer: Record<string, unknown> = {
          dead: tanh ? null : frac, saturated: tanh ? frac : null, dormant: frac, srank: 40 - seed, erank: 30,
          hiddenBias: { inactive: frac * 64, dead: frac > 0 ? [2, 3] : [0, 0], live: [1, 1] },
        };
        if (step === 1000) {
          const x = Array.from({ length: 41 }, (_, i) => -1.1 + (2.2 * i) / 40);
          layer['kde'] = { neurons: Array.from({ length: 16 }, (_, n) => n), x, density: Array.from({ length: 16 }, (_, n) => x.map((a) => Math.exp(-((a - n / 20) ** 2) / 0.02))) };
        }
        rows.push({ kind: 'diagnostics', step, layers: { 'hidden.0': layer } });
      }
      const name = `${v.variant}__seed${seed}`;
      runs.push({
        name, dir: name, config: { algo: 'pqn', env: 'minatar/breakout', activation: v.activation, hadamard: v.hadamard, seed },
        labels: { variant: v.variant, seed: String(seed) }, state: 'finished', step: 1000, totalSteps: 1000, rows, unfinished: null,
      });
    }
  }
  return { dir: 'in-memory', axisKeys: ['variant', 'seed'], runs, missing: [] };
}

const someInactive = sweepOf((v, step) => (v.startsWith('tanh') ? (v === 'tanh' ? 0.3 : 0.1) * (step / 1000) : 0.05));
const noneInactive = sweepOf(() => 0);

test('report figures: titles fit their canvas unshortened, captions are sentences, KDE panels have axis labels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-report-figs-'));
  try {
    const rep = writeSweepReport(someInactive, aggregateSweep(someInactive, { reps: 100 }), { outDir: dir, sine: 'none' });
    const names = rep.figures.map((f) => f.name);
    for (const n of ['diagnostics-saturated', 'diagnostics-dead', 'diagnostics-srank', 'diagnostics-erank', 'hidden-bias', 'kde']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    for (const f of rep.figures) {
      const svg = readFileSync(f.path, 'utf8');
      assert.deepEqual(overflowing(svg), [], `${f.name}: texts past the edge of their canvas`);
      for (const t of figureTexts(svg, ['title'])) assert.ok(!t.text.endsWith('…'), `${f.name}: title shortened to "${t.text}"`);
      assert.match(f.caption, /^[A-Z].*\.$/s, `${f.name}: caption "${f.caption}" is not a sentence`);
    }
    const kde = readFileSync(rep.figures.find((f) => f.name === 'kde')!.path, 'utf8');
    assert.equal((kde.match(/class="x-label">activation</g) ?? []).length, 16);
    assert.equal((kde.match(/class="y-label"[^>]*>density</g) ?? []).length, 16);
    const sat = readFileSync(rep.figures.find((f) => f.name === 'diagnostics-saturated')!.path, 'utf8');
    assert.ok(sat.includes('class="series-line"') && !sat.includes('empty-message'), 'measured saturation is drawn');
    const legend = [...(/<g class="legend">(.*?)<\/g>/.exec(sat)?.[1] ?? '').matchAll(/>([^<>]+)<\/text>/g)].map((m) => m[1]);
    assert.deepEqual(legend, ['tanh', 'tanh-hr'], 'the legend names the groups drawn (saturation does not apply to ReLU)');
    assert.deepEqual(inactiveNotes(aggregateSweep(someInactive, { reps: 100 })), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no saturated or dead neuron in any run: the panels, the notes and the report say so instead of drawing zeros', () => {
  const agg = aggregateSweep(noneInactive, { reps: 100 });
  for (const m of ['saturated', 'dead'] as const) {
    const svg = diagnosticsFigure(agg, m)!;
    assert.ok(!svg.includes('class="series-line"') && !svg.includes('class="legend"'), `${m}: no flat lines at zero, no legend for them`);
    const words = figureTexts(svg, ['empty-message']).map((t) => t.text).join(' ');
    assert.match(words, new RegExp(`No ${m} neurons in any run at this budget .*see the paper study studies/paper-minatar\\.yaml`));
    assert.deepEqual(overflowing(svg), []);
  }
  const hb = hiddenBiasFigure(agg)!;
  assert.ok(!hb.includes('class="bar"'), 'no empty bars');
  assert.match(figureTexts(hb, ['empty-message']).map((t) => t.text).join(' '), /No dead or saturated neurons .* no hidden bias to show/);
  const notes = inactiveNotes(agg);
  assert.equal(notes.length, 2);
  assert.match(notes[0]!, /^No saturated neurons in any run on minatar\/breakout at this budget/);
  assert.match(notes[1]!, /^No dead neurons in any run on minatar\/breakout/);
  const dir = mkdtempSync(join(tmpdir(), 'hrl-report-none-'));
  try {
    const html = readFileSync(writeSweepReport(noneInactive, agg, { outDir: dir, sine: 'none' }).htmlPath, 'utf8');
    assert.match(html, /Note: No saturated neurons in any run on minatar\/breakout/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a group without inactive neurons is labelled so in the hidden-bias panel', () => {
  const mixed = sweepOf((v) => (v === 'tanh' ? 0.2 : 0));
  const svg = hiddenBiasFigure(aggregateSweep(mixed, { reps: 100 }))!;
  assert.ok(svg.includes('class="bar"'));
  for (const g of ['tanh-hr', 'relu', 'relu-hr']) assert.ok(svg.includes(`>${g} (none inactive)<`), g);
  assert.ok(svg.includes('>tanh<'));
});

test('Fig. 2 without a results file runs the fit-sine protocol of `hrl fit-sine`, whose finding it shows', () => {
  const sine = loadSine('run')!;
  assert.deepEqual(sine.result.config, DEFAULT_FIT_SINE);
  const mean = (name: string): number => {
    const mse = sine.result.nets.find((n) => n.name === name)!.testMse;
    return mse.reduce((a, b) => a + b, 0) / mse.length;
  };
  assert.ok(mean('Tanh-HR') < mean('ReLU') && mean('Tanh-HR') < mean('Tanh'), `test MSE: Tanh-HR ${mean('Tanh-HR')}, Tanh ${mean('Tanh')}, ReLU ${mean('ReLU')}`);
  assert.match(sine.source, /protocol of 'hrl fit-sine' \(3 seeds × 1500 full-batch Adam steps/);
});
