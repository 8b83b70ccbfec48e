/**
 * Figure builders for the sweep report: learning curves, the aggregate bar chart (the paper's Fig. 1 analogue),
 * performance profiles, probability of improvement, diagnostics over training, the per-neuron KDE panel (Fig. 3
 * analogue) and the hidden-bias plot (Fig. 4 analogue). Each returns an SVG document, or null when the sweep has no
 * data for it.
 */
import { barChart, emptyPlot, linePlot, paletteColor, seriesDash, smallMultiples, type LineSeries, type PlotEvent } from '../../plot/index.js';
import type { AggregateResult, Band, DiagMetric, RunRecord } from '../aggregate/index.js';
import { diagnostics } from '../aggregate/index.js';

const PANEL = { width: 460, height: 300, fontSize: 11 } as const;

/** A group's colour and dash (past the palette's length), by its place among all groups: the same in every figure. */
function styleOf(r: AggregateResult): (group: string) => { color: string; dash?: string } {
  return (g) => {
    const i = Math.max(0, r.groups.indexOf(g));
    const dash = seriesDash(i);
    return dash ? { color: paletteColor(i), dash } : { color: paletteColor(i) };
  };
}

function bandSeries(name: string, b: Band, style: { color: string; dash?: string }): LineSeries {
  return { name, x: b.steps, y: b.point, lower: b.lower, upper: b.upper, ...style };
}

interface PanelOptions {
  yDomain?: readonly [number, number];
  /** A message that replaces a panel's lines (e.g. when every band is zero), or null. */
  emptyNote?: (env: string) => string | null;
  /** Events (plasticity interventions) to mark along the top of a panel. */
  eventsOf?: (env: string) => PlotEvent[];
}

/** One panel per environment, one series (with CI band) per group; null if no panel has data. */
function perEnvPanels(
  r: AggregateResult, title: string, yLabel: string, bandOf: (env: string, group: string) => Band | null | undefined, opts: PanelOptions = {},
): string | null {
  const { yDomain, emptyNote, eventsOf } = opts;
  const style = styleOf(r);
  const panels: string[] = [];
  const drawn = new Set<string>();
  for (const env of r.envs) {
    const bands = r.groups.flatMap((g) => {
      const b = bandOf(env, g);
      return b && b.steps.length > 0 ? [{ g, b }] : [];
    });
    if (bands.length === 0) continue;
    const note = emptyNote?.(env);
    if (!note) for (const { g } of bands) drawn.add(g);
    panels.push(note
      ? emptyPlot({ ...PANEL, title: env }, note)
      : linePlot(bands.map(({ g, b }) => bandSeries(g, b, style(g))), { ...PANEL, title: env, xLabel: 'environment steps', yLabel, legend: 'none', ...(yDomain ? { yDomain } : {}), events: eventsOf?.(env) }));
  }
  if (panels.length === 0) return null;
  // only the groups drawn somewhere (not those the metric does not apply to, nor those of message panels)
  const legend = r.groups.filter((g) => drawn.has(g)).map((g) => ({ name: g, ...style(g), kind: 'band' as const }));
  return smallMultiples(panels, { title, columns: Math.min(2, panels.length), legend });
}

/** `events`: plasticity interventions to mark along the top of each panel (./intervention-markers.ts). */
export function learningCurvesFigure(r: AggregateResult, events?: (env: string) => PlotEvent[]): string | null {
  const ci = Math.round(r.confidence * 100);
  return perEnvPanels(r, `Learning curves: IQM return over runs (moving average of 10 episodes), ${ci}% CI`, 'return', (e, g) => r.curves[e]?.[g], { eventsOf: events });
}

/** The paper-scale study, where the effects the default study is too short to show are measured. */
export const PAPER_STUDY = 'studies/paper-minatar.yaml';

interface DiagText {
  /** Figure title (short: the definition is in the caption). */
  title: string;
  axis: string;
  /** What is plotted, with its definition: the start of the caption. */
  what: string;
  /** Fractions of neurons that can be all zeros (no such neuron in any run): those panels say so in words. */
  fraction?: boolean;
}

const DIAG_TEXT: Record<DiagMetric, DiagText> = {
  dead: { title: 'Dead neurons of the representation', axis: 'dead fraction', what: 'Fraction of dead representation neurons (ReLU-like: a ≤ 0 on every probe state)', fraction: true },
  saturated: { title: 'Saturated neurons of the representation', axis: 'saturated fraction', what: 'Fraction of saturated representation neurons (tanh-like: |a| ≥ 0.99 on every probe state)', fraction: true },
  dormant: { title: 'Dormant neurons of the representation', axis: 'dormant fraction', what: 'Fraction of dormant representation neurons (τ = 0.025)', fraction: true },
  srank: { title: 'Effective rank (srank) of the representation', axis: 'srank', what: 'Effective rank srank (δ = 0.01) of the representation' },
  erank: { title: 'Entropy effective rank of the representation', axis: 'erank', what: 'Entropy-based effective rank exp(H(σ/Σσ)) of the representation' },
};

/** The words an all-zero panel shows instead of flat bars or lines. */
export function noneAtThisBudget(kind: string, envs?: readonly string[]): string {
  return `No ${kind} neurons in any run${envs ? ` on ${envs.join(', ')}` : ''} at this budget (every value is 0); see the paper study ${PAPER_STUDY} for settings where they appear`;
}

/**
 * Whether a fraction metric is 0 in every run of every group on `env`, over the whole of training (the CI bands of its
 * curves, or its final values where only one point was logged); false where it applies to no group.
 */
export function noneInAnyRun(r: AggregateResult, env: string, metric: DiagMetric): boolean {
  const zero = (xs: readonly number[]): boolean => xs.every((v) => v === 0);
  const stats = r.groups.map((g) => r.diagnostics[env]?.[g]).filter((d) => d?.final[metric]);
  return stats.length > 0 && stats.every((d) => {
    const c = d!.curves[metric];
    return c ? zero(c.point) && zero(c.lower) && zero(c.upper) : d!.final[metric]!.point === 0 && d!.final[metric]!.upper === 0;
  });
}

export function diagnosticsFigure(r: AggregateResult, metric: DiagMetric): string | null {
  const t = DIAG_TEXT[metric];
  const ci = Math.round(r.confidence * 100);
  const bandOf = (e: string, g: string): Band | null | undefined => r.diagnostics[e]?.[g]?.curves[metric];
  return perEnvPanels(r, `${t.title} over training (mean over runs, ${ci}% CI)`, t.axis, bandOf,
    t.fraction ? { yDomain: [0, 1], emptyNote: (env) => (noneInAnyRun(r, env, metric) ? noneAtThisBudget(metric) : null) } : {});
}

export function diagnosticsCaption(r: AggregateResult, metric: DiagMetric): string {
  return `${DIAG_TEXT[metric].what} over training, per environment and group: mean over runs with ${Math.round(r.confidence * 100)}% CI bands.`;
}

/**
 * One sentence per kind of inactive neuron (saturated, dead) that no run shows on some environments: the console and
 * the report say so instead of showing zeros as a finding.
 */
export function inactiveNotes(r: AggregateResult): string[] {
  return (['saturated', 'dead'] as const).flatMap((m) => {
    const envs = r.envs.filter((e) => noneInAnyRun(r, e, m));
    return envs.length > 0 ? [`${noneAtThisBudget(m, envs)}.`] : [];
  });
}

/** Fig. 1 analogue: median, IQM, mean and optimality gap of normalised scores per group, with CIs. */
export function aggregateBarFigure(r: AggregateResult): string | null {
  const groups = Object.keys(r.overall);
  if (groups.length === 0) return null;
  const metrics = [['median', 'Median'], ['iqm', 'IQM'], ['mean', 'Mean'], ['optimalityGap', 'Optimality gap']] as const;
  const style = styleOf(r);
  const bars = groups.map((g) => {
    const t = r.overall[g]!;
    return {
      name: g, ...style(g),
      values: metrics.map(([m]) => t[m]?.point ?? NaN), lower: metrics.map(([m]) => t[m]?.lower ?? NaN), upper: metrics.map(([m]) => t[m]?.upper ?? NaN),
    };
  });
  return barChart(metrics.map(([, l]) => l), bars, {
    width: 760, height: 400, yLabel: 'normalised score',
    title: `Aggregate ${r.metric} scores over ${r.envs.length} environment(s), ${Math.round(r.confidence * 100)}% stratified-bootstrap CIs`,
  });
}

export function profilesFigure(r: AggregateResult): string | null {
  if (!r.profiles) return null;
  const style = styleOf(r);
  const series = Object.entries(r.profiles.byGroup).map(([g, p]) => ({ name: g, x: r.profiles!.taus, y: p.point, lower: p.lower, upper: p.upper, ...style(g) }));
  return linePlot(series, { width: 760, height: 400, xLabel: 'normalised score τ', yLabel: 'fraction of runs with score > τ', yDomain: [0, 1], title: 'Performance profiles (run-score distributions)' });
}

export function improvementFigure(r: AggregateResult): string | null {
  if (r.improvement.length === 0) return null;
  const cats = r.improvement.map((p) => `${p.x} > ${p.y}`);
  return barChart(cats, [{
    name: 'P(X > Y)', values: r.improvement.map((p) => p.poi.point), lower: r.improvement.map((p) => p.poi.lower), upper: r.improvement.map((p) => p.poi.upper),
  }], { width: Math.max(560, 120 * cats.length), height: 380, yDomain: [0, 1], yLabel: 'probability of improvement', title: 'Probability of improvement P(X > Y) with CIs (0.5: no difference)' });
}

/**
 * Fig. 4 analogue: mean Q-value contribution of inactive (dead or saturated: constant) and live neurons of the
 * representation, per group. An environment where no run has an inactive neuron gets a message instead of bars; a
 * group without inactive neurons is marked in its label (its missing bar is not a zero contribution).
 */
export function hiddenBiasFigure(r: AggregateResult): string | null {
  const panels: string[] = [];
  for (const env of r.envs) {
    const groups = r.groups.filter((g) => r.diagnostics[env]?.[g]?.hiddenBias);
    if (groups.length === 0) continue;
    const hb = groups.map((g) => r.diagnostics[env]![g]!.hiddenBias!);
    const width = Math.max(PANEL.width, 110 * groups.length);
    if (hb.every((h) => h.inactive === 0)) {
      panels.push(emptyPlot({ ...PANEL, width, title: env }, `${noneAtThisBudget('dead or saturated')}. Without them there is no hidden bias to show.`));
      continue;
    }
    const labels = groups.map((g, k) => (hb[k]!.inactive === 0 ? `${g} (none inactive)` : g));
    panels.push(barChart(labels, [
      { name: 'inactive (dead / saturated) neurons', color: paletteColor(5), values: hb.map((h) => h.dead.point), lower: hb.map((h) => h.dead.lower), upper: hb.map((h) => h.dead.upper) },
      { name: 'live neurons', color: paletteColor(0), values: hb.map((h) => h.live.point), lower: hb.map((h) => h.live.lower), upper: hb.map((h) => h.live.upper) },
    ], { ...PANEL, width, title: env, yLabel: 'mean contribution to Q', legend: 'top' }));
  }
  if (panels.length === 0) return null;
  return smallMultiples(panels, { title: 'Hidden bias: Q-value contributions of inactive and live neurons at the end of training', columns: Math.min(2, panels.length) });
}

export interface KdePick { label: string; run: RunRecord }

/**
 * The runs for the KDE panel: the first tanh run without HR and the first tanh run with HR (preferring one on the
 * same environment), each with a logged KDE; falls back to any runs with a KDE.
 */
export function pickKdeRuns(runs: readonly RunRecord[]): KdePick[] {
  const withKde = runs.filter((r) => diagnostics(r.rows)?.kde);
  const tanh = withKde.filter((r) => r.config['activation'] === 'tanh');
  const plain = tanh.find((r) => (r.config['hadamard'] ?? 'none') === 'none');
  const hr = tanh.find((r) => (r.config['hadamard'] ?? 'none') !== 'none' && (!plain || r.config['env'] === plain.config['env'])) ??
    tanh.find((r) => (r.config['hadamard'] ?? 'none') !== 'none');
  const picks: KdePick[] = [];
  if (plain) picks.push({ label: 'tanh', run: plain });
  if (hr) picks.push({ label: 'tanh-HR', run: hr });
  if (picks.length === 0 && withKde.length > 0) picks.push({ label: withKde[0]!.name, run: withKde[0]! });
  return picks;
}

/** Fig. 3 analogue: per-neuron densities of the final representation, the picked runs overlaid in each panel. */
export function kdeFigure(picks: readonly KdePick[]): string | null {
  const kdes = picks.map((p) => ({ label: p.label, kde: diagnostics(p.run.rows)!.kde! }));
  if (kdes.length === 0) return null;
  const n = Math.min(16, ...kdes.map((k) => k.kde.density.length));
  const panels: string[] = [];
  for (let i = 0; i < n; i++) {
    const series = kdes.map((k, s) => ({ name: k.label, x: k.kde.x, y: k.kde.density[i]!, color: paletteColor(s) }));
    panels.push(linePlot(series, {
      width: 210, height: 160, fontSize: 10, legend: 'none', fillArea: true, title: `neuron ${kdes[0]!.kde.neurons[i] ?? i}`,
      xLabel: 'activation', yLabel: 'density', xDomain: [Math.min(...kdes.map((k) => k.kde.x[0]!)), Math.max(...kdes.map((k) => k.kde.x.at(-1)!))],
    }));
  }
  const names = picks.map((p) => `${p.label} (${p.run.name})`);
  return smallMultiples(panels, {
    title: `Activation densities of ${n} representation neurons at the end of training`,
    columns: 4, legend: names.map((name, k) => ({ name, color: paletteColor(k), kind: 'band' as const })),
  });
}
