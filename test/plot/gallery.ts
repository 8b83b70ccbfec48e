/**
 * One example of every plot type, built from seeded synthetic data. Used by the tests (every figure
 * must be well-formed) and, run directly, writes the SVGs to a folder for visual inspection:
 *   node dist/test/plot/gallery.js /tmp/gallery   (the folder argument is required)
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Rng } from '../../src/util/rng.js';
import {
  bandSeries, barChart, histogramPlot, kdeGrid, linePlot, scatterPlot, writeSvg,
} from '../../src/plot/index.js';
import { commonGrid, alignCurves, curveBands, performanceProfileCI, linspace, intervalEstimates } from '../../src/stats/index.js';

export function gallery(): Record<string, string> {
  const rng = new Rng(11);
  const out: Record<string, string> = {};

  // Learning curves: 5 seeds per activation, logged at irregular steps, mean ± 95% CI.
  const acts = ['tanh', 'tanh-HR', 'ReLU', 'ReLU-HR'];
  const lines = acts.map((name, k) => {
    const runs = Array.from({ length: 5 }, () => {
      const steps: number[] = [];
      const values: number[] = [];
      for (let s = 0; s <= 10_000_000; s += 200_000 + rng.int(100_000)) {
        steps.push(s);
        values.push((0.4 + 0.25 * k) * (1 - Math.exp(-s / 3e6)) + rng.normal(0, 0.05));
      }
      return { steps, values };
    });
    const grid = commonGrid(runs, 60);
    return bandSeries(name, grid, curveBands(alignCurves(runs, grid), { reps: 300, seed: k }));
  });
  out.line = linePlot(lines, { title: 'DQN on Breakout: human-normalised return', xLabel: 'Environment steps', yLabel: 'Score (mean, 95% CI)' });

  // Aggregate metrics with CIs, as grouped bars.
  const scores: Record<string, number[][]> = {};
  acts.forEach((a, k) => {
    scores[a] = Array.from({ length: 5 }, () => Array.from({ length: 6 }, () => Math.max(0, rng.normal(0.5 + 0.3 * k, 0.3))));
  });
  const table = intervalEstimates(scores, { reps: 300 });
  const metrics = ['median', 'iqm', 'mean', 'optimalityGap'] as const;
  out.bar = barChart(['Median', 'IQM', 'Mean', 'Optimality gap'], acts.map((a) => ({
    name: a,
    values: metrics.map((m) => table[a]![m]!.point),
    lower: metrics.map((m) => table[a]![m]!.lower),
    upper: metrics.map((m) => table[a]![m]!.upper),
  })), { title: 'Aggregate human-normalised scores (95% stratified bootstrap CIs)', yLabel: 'Human-normalised score', legend: 'top' });

  // Performance profiles.
  const taus = linspace(0, 2, 41);
  out.profile = linePlot(acts.map((a) => {
    const p = performanceProfileCI(scores[a]!, taus, { reps: 200 });
    return { name: a, x: taus, y: p.point, lower: p.lower, upper: p.upper };
  }), { title: 'Performance profiles', xLabel: 'Human-normalised score τ', yLabel: 'Fraction of runs with score > τ' });

  // Scatter: effective rank vs return.
  out.scatter = scatterPlot(acts.slice(0, 2).map((a, k) => {
    const x = Array.from({ length: 30 }, () => rng.normal(200 + 150 * k, 40));
    return { name: a, x, y: x.map((v) => v / 300 + rng.normal(0, 0.2)) };
  }), { title: 'Effective rank vs final score', xLabel: 'srank (δ = 0.01)', yLabel: 'Final score' });

  // Histogram of pre-activations.
  out.histogram = histogramPlot([
    { name: 'tanh', samples: Array.from({ length: 2000 }, () => rng.normal(0, 1.5)) },
    { name: 'tanh-HR', samples: Array.from({ length: 2000 }, () => rng.normal(0.5, 0.8)) },
  ], { title: 'Pre-activation histogram', xLabel: 'Pre-activation', yLabel: 'Count', bins: 40 });

  // Log-scale y: loss curve.
  const steps = Array.from({ length: 100 }, (_, i) => (i + 1) * 1000);
  out.logy = linePlot([
    { name: 'tanh', x: steps, y: steps.map((s) => 5 * Math.exp(-s / 20000) + 0.01) },
    { name: 'tanh-HR', x: steps, y: steps.map((s) => 5 * Math.exp(-s / 10000) + 0.002) },
  ], { title: 'TD loss (log scale)', xLabel: 'Update', yLabel: 'Loss', yLog: true });

  // KDE small multiples: 16 neurons, tanh vs tanh-HR; some tanh neurons saturate (Fig. 3).
  out.kde = kdeGrid(Array.from({ length: 16 }, (_, n) => {
    const sat = n % 5 === 0 ? (n % 2 === 0 ? 1 : -1) : 0;
    const a = Array.from({ length: 512 }, () => (sat ? sat * (0.995 + 0.004 * rng.uniform()) : Math.tanh(rng.normal(0, 1))));
    const b = Array.from({ length: 512 }, () => Math.tanh(rng.normal(0.1, 0.7)) * Math.tanh(rng.normal(0, 0.7)));
    return { title: `neuron ${n * 31}`, series: [{ name: 'tanh', samples: a }, { name: 'tanh-HR', samples: b }] };
  }), { title: 'Activation densities of 16 neurons (Breakout, final layer)', panel: { xDomain: [-1, 1] } });
  return out;
}

// Writes only when given a folder: the test runner also executes this file (it lives under test/), with no arguments.
const dir = process.argv[2];
if (process.argv[1] === fileURLToPath(import.meta.url) && dir) {
  for (const [name, svg] of Object.entries(gallery())) writeSvg(join(dir, `${name}.svg`), svg);
  console.log(`wrote ${dir}`);
}
