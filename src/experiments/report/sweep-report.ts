/**
 * The sweep report: aggregate statistics, figures and tables of a sweep folder in one self-contained HTML file
 * (DIR/report/index.html), with every figure also written as an SVG file (DIR/report/figures/NAME.svg).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { smallMultiples, writeSvg } from '../../plot/index.js';
import { figure, paragraph, table, writeReport, type Block, type Section } from '../../report/index.js';
import { aggregateTables, DIAG_METRICS, excludedTable, type AggregateResult, type LoadedSweep } from '../aggregate/index.js';
import { DEFAULT_FIT_SINE, fitSine, type FitSineResult } from '../fit-sine.js';
import { fitFigure, lossFigure } from '../fit-sine-figures.js';
import {
  aggregateBarFigure, diagnosticsCaption, diagnosticsFigure, hiddenBiasFigure, improvementFigure, inactiveNotes, kdeFigure, learningCurvesFigure,
  pickKdeRuns, profilesFigure,
} from './figures.js';
import { svgToPng } from './browser.js';
import { interventionEvents } from './intervention-markers.js';
import { hnsSection } from './hns-figure.js';

export interface SweepReportOptions {
  /** Fig. 2 data: a fit-sine results.json path, 'run' (the fit-sine protocol, run here), or 'none'. Default: out/fit-sine/results.json if present, else 'run'. */
  sine?: string;
  /** Folder for index.html and figures/ (default DIR/report). */
  outDir?: string;
  /** Footer text (e.g. the command line). */
  footer?: string;
  /** Also write each figure as PNG, rendered by this headless browser binary. */
  pngBrowser?: string;
}

export interface SweepReport {
  htmlPath: string;
  figures: { name: string; path: string; caption: string }[];
  /** Figures the sweep had no data for. */
  missing: string[];
}

/**
 * The Fig. 2 result: read from a results.json, or computed with the full protocol of `hrl fit-sine` (3 seeds × 1500
 * Adam steps, a few seconds): a cut-down fit reverses the finding (after 300 steps ReLU fits best), so none is shown.
 */
export function loadSine(sine: string | undefined): { result: FitSineResult; source: string } | null {
  if (sine === 'none') return null;
  const path = sine && sine !== 'run' ? sine : join('out', 'fit-sine', 'results.json');
  if (sine !== 'run' && existsSync(path)) return { result: JSON.parse(readFileSync(path, 'utf8')) as FitSineResult, source: `read from ${path}` };
  if (sine && sine !== 'run') throw new Error(`--sine ${sine}: no such file`);
  const result = fitSine(DEFAULT_FIT_SINE);
  const c = result.config;
  return {
    result,
    source: `computed for this report with the protocol of 'hrl fit-sine' (${c.seeds} seeds × ${c.steps} full-batch Adam steps, lr ${c.lr}, ${result.seconds.toFixed(1)} s); 'hrl fit-sine' also writes out/fit-sine/results.json, which later reports read`,
  };
}

export function writeSweepReport(sweep: LoadedSweep, agg: AggregateResult, opts: SweepReportOptions = {}): SweepReport {
  const outDir = opts.outDir ?? join(sweep.dir, 'report');
  const figures: SweepReport['figures'] = [];
  const missing: string[] = [];
  const fig = (name: string, svg: string | null, caption: string, none: string): Block => {
    if (!svg) { missing.push(name); return paragraph(`(${none})`); }
    const path = join(outDir, 'figures', `${name}.svg`);
    writeSvg(path, svg);
    figures.push({ name, path, caption });
    return figure(svg, caption);
  };
  const tables = aggregateTables(agg);
  const tableBlock = (i: number): Block[] => (tables[i] ? [table(tables[i]!.header, tables[i]!.rows, tables[i]!.title)] : []);
  const ci = `${Math.round(agg.confidence * 100)}%`;
  const envTables = agg.envs.map((_, k) => k + 1);
  const poiIndex = tables.findIndex((t) => t.title.startsWith('Probability of improvement'));
  const diagIndex = tables.findIndex((t) => t.title.startsWith('Representation diagnostics at the end'));
  const diagAcross = tables.findIndex((t) => t.title.startsWith('Representation diagnostics across'));

  const norm = agg.envs.map((e) => {
    const r = agg.normalization[e];
    return r ? `${e}: (score − ${r.random}) / (${r.reference} − ${r.random}) [${r.kind}]` : `${e}: raw (no reference scores)`;
  }).join('; ');
  const sections: Section[] = [
    {
      heading: 'Overview',
      blocks: [
        paragraph(`${agg.runs.length} runs from ${sweep.dir} in ${agg.groups.length} group(s) (${agg.groupBy.join(' × ') || 'all runs'}) on ${agg.envs.length} environment(s): ${agg.envs.join(', ')}.`),
        paragraph(`Scores: ${agg.metric === 'final' ? 'final return (mean return of the training episodes in the last 10% of steps)' : 'area under the learning curve (average return over training)'}, normalised per environment — ${norm}. Intervals are ${ci} percentile intervals from a stratified bootstrap over runs (${agg.reps} replications; Agarwal et al. 2021).`),
        ...agg.warnings.map((w) => paragraph(`Note: ${w}.`)),
      ],
    },
    {
      heading: 'Aggregate performance',
      blocks: [
        fig('aggregate', aggregateBarFigure(agg), `Median, IQM, mean and optimality gap of normalised ${agg.metric} scores per group (the paper's Fig. 1 analogue), ${ci} CIs.`, 'no group has runs in every environment'),
        ...tableBlock(0),
        fig('profiles', profilesFigure(agg), 'Performance profiles: fraction of runs above each normalised score, with CI bands.', 'no profiles'),
        fig('improvement', improvementFigure(agg), 'Probability that a run of group X scores higher than a run of group Y (averaged over environments).', 'one group only: nothing to compare'),
        ...(poiIndex >= 0 ? tableBlock(poiIndex) : []),
      ],
    },
    {
      heading: 'Learning curves',
      blocks: [
        fig('learning-curves', learningCurvesFigure(agg, interventionEvents(agg, sweep.runs)), `Return over training per environment and group: IQM over runs with ${ci} CI bands. Ticks along the top mark plasticity interventions (ReDo, shrink-and-perturb, resets), one row per group in its colour.`, 'no episodes logged'),
        ...envTables.flatMap(tableBlock),
      ],
    },
    {
      heading: 'Representation health',
      blocks: [
        paragraph('Measured on a fixed probe batch at every diagnostics step, for the representation layer (the one before the head). Dead applies to ReLU-like activations, saturated to tanh-like ones.'),
        ...inactiveNotes(agg).map((n) => paragraph(`Note: ${n}`)),
        ...DIAG_METRICS.filter((m) => m !== 'dormant').map((m) => fig(`diagnostics-${m}`, diagnosticsFigure(agg, m), diagnosticsCaption(agg, m), `no ${m} values logged (diagnostics off, or the metric does not apply to these activations)`)),
        ...(diagIndex >= 0 ? tableBlock(diagIndex) : []),
        ...(diagAcross >= 0 ? tableBlock(diagAcross) : []),
        fig('hidden-bias', hiddenBiasFigure(agg), `Average contribution of the inactive (dead or saturated) and the live representation neurons to the Q-values at the end of training, mean over actions and runs with ${ci} CIs (the paper's Fig. 4 analogue). Inactive neurons output a constant, so their contribution acts as a hidden bias.`, 'no hidden-bias diagnostics logged'),
        fig('kde', kdeFigure(pickKdeRuns(sweep.runs)), 'Kernel densities of the activations of 16 representation neurons at the end of training, for a tanh and a tanh-HR run (the paper\'s Fig. 3 analogue). A spike at −1 or +1 is a saturated tanh neuron.', 'no run logged a final KDE (needs diag-every > 0)'),
      ],
    },
  ];
  const hns = hnsSection(agg, fig);
  if (hns) sections.splice(2, 0, hns); // after the aggregate performance
  const sine = loadSine(opts.sine);
  if (sine) {
    const svg = smallMultiples([fitFigure(sine.result), lossFigure(sine.result)], { columns: 1 });
    sections.push({
      heading: 'Function approximation (Fig. 2)',
      blocks: [
        paragraph(`Regression of y = 10 sin 7x + 15 sin 10x + 5 cos 5x with one hidden layer: ReLU and Tanh of width 200 vs Tanh-HR of width 100; ${sine.source}.`),
        fig('fit-sine', svg, 'Fits and training MSE of ReLU, Tanh and Tanh-HR networks.', ''),
        table(['network', 'parameters', 'test MSE (seed mean)'], sine.result.nets.map((n) => [n.name, n.params, n.testMse.reduce((a, b) => a + b, 0) / n.testMse.length])),
      ],
    });
  }
  const left = excludedTable(agg);
  sections.push({
    heading: 'Runs',
    blocks: [
      table(['run', 'group', 'env', 'seed', 'state', 'final return', 'AUC', 'normalised final'],
        agg.runs.map((r) => [r.name, r.group, r.env, r.seed, r.state, r.final, r.auc, r.normFinal]), 'Runs in the statistics'),
      left ? table(left.header, left.rows, `${left.title}: in no statistic, table or figure of this report`) : paragraph('Every run of the sweep is in the statistics.'),
    ],
  });
  const spec = { title: 'hadamard-rl sweep report', subtitle: sweep.dir, sections, footer: opts.footer ?? `generated ${agg.createdAt}` };
  const htmlPath = join(outDir, 'index.html');
  writeReport(htmlPath, spec);
  if (opts.pngBrowser) for (const f of figures) svgToPng(opts.pngBrowser, f.path, f.path.replace(/\.svg$/, '.png'));
  return { htmlPath, figures, missing };
}
