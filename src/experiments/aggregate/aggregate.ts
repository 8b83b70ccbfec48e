/**
 * Aggregation of a sweep (Agarwal et al. 2021): per group (the axis labels in `groupBy`, by default every axis but
 * seed and env) and environment, final and area-under-curve returns with mean / median / IQM and stratified-bootstrap
 * CIs; across environments, the same on normalised scores plus the optimality gap, probabilities of improvement
 * between groups and performance profiles; learning curves with CI bands; and the representation diagnostics
 * (dead / saturated / dormant fractions, effective ranks, hidden bias) over training per group. For the Atari games
 * of a sweep, the paper's Fig. 1 view: median and IQM human-normalised score (HNS) over games per group.
 */
import {
  alignCurves, commonGrid, curveBands, intervalEstimates, linspace, performanceProfileCI, probabilityOfImprovementCI,
  type AggregateName, type Interval, type ScoreMatrix,
} from '../../stats/index.js';
import { aucReturn, diagnostics, DIAG_METRICS, episodes, finalReturn, returnCurve, stepGrid, type DiagMetric, type DiagSeries } from './extract.js';
import type { LoadedSweep, RunRecord } from './load.js';
import { atariGameOf } from './atari-scores.js';
import { normalizeScore, scoreRef, type ScoreRef } from './scores.js';

export type ScoreKind = 'final' | 'auc';

export interface AggregateOptions {
  /** Axis keys that form a group (default: every axis key except seed and env). */
  groupBy?: readonly string[];
  /** The score behind the across-environment aggregates, improvement and profiles (default 'final'). */
  metric?: ScoreKind;
  /** Bootstrap replications (default 2000), confidence (0.95) and seed (0). */
  reps?: number;
  confidence?: number;
  seed?: number;
  /** Include runs that have not finished (default false). */
  includeUnfinished?: boolean;
  /** Extra or overriding normalisation references, by env id (the Atari human/random table is built in). */
  scores?: Readonly<Record<string, ScoreRef>>;
  /** Learning-curve grid points (default 50) and moving-average window in episodes (default 10). */
  gridPoints?: number;
  window?: number;
  /** Fraction of the run whose episodes make up the final return (default 0.1). */
  finalFraction?: number;
}

export interface RunScore {
  name: string; group: string; env: string; seed: number; state: string;
  /** Raw final and AUC returns, and normalised (on an Atari game with human/random scores: the HNS). */
  final: number; auc: number; normFinal: number; normAuc: number;
}

export interface Band { steps: number[]; point: number[]; lower: number[]; upper: number[] }
export type Estimates = Record<'mean' | 'median' | 'iqm', Interval>;

export interface GroupEnvStats {
  runs: number;
  final: Estimates;
  auc: Estimates;
  normFinal: Estimates;
  normAuc: Estimates;
}

export interface DiagStats {
  layer: string;
  runs: number;
  /** IQM over runs of the last logged value, with CI; null where the metric does not apply. */
  final: Record<DiagMetric, Interval | null>;
  /** Mean over runs per logged step, with CI bands. */
  curves: Record<DiagMetric, Band | null>;
  /** Mean over runs of the last row's hidden bias (mean over actions), with CIs. */
  hiddenBias: { dead: Interval; live: Interval; inactive: number } | null;
}

export interface AggregateResult {
  dir: string;
  createdAt: string;
  groupBy: string[];
  metric: ScoreKind;
  confidence: number;
  reps: number;
  groups: string[];
  envs: string[];
  normalization: Record<string, ScoreRef | null>;
  runs: RunScore[];
  perEnv: Record<string, Record<string, GroupEnvStats>>;
  /** Across environments, on normalised `metric` scores (runs × envs, equal runs per env). */
  overall: Record<string, Partial<Record<AggregateName, Interval>>>;
  improvement: { x: string; y: string; poi: Interval }[];
  profiles: { taus: number[]; byGroup: Record<string, { point: number[]; lower: number[]; upper: number[] }> } | null;
  /** IQM learning curves (raw returns) with CI bands, per env and group. */
  curves: Record<string, Record<string, Band>>;
  diagnostics: Record<string, Record<string, DiagStats>>;
  /** Human-normalised Atari scores (null when the sweep has no Atari env). */
  hns: HnsSummary | null;
  /** Across environments: IQM of the final diagnostics values per group. */
  diagnosticsOverall: Record<string, Partial<Record<DiagMetric, Interval>>>;
  /** Runs of the sweep left out of every statistic, and why. */
  excluded: ExcludedRun[];
  warnings: string[];
}

/**
 * The paper's Fig. 1 view: HNS = (score − random) / (human − random) of each run's `metric` score on the Atari games
 * with human and random scores, aggregated per group (the representation) over games as the across-env statistics are.
 */
export interface HnsSummary {
  /** The Atari envs in the HNS: those with human and random scores. */
  games: string[];
  /** Atari envs of the sweep left out of the HNS for want of human and random scores (e.g. atari/tetris). */
  unscored: string[];
  /** Per group with runs on every game: runs per game used, median and IQM HNS over games with bootstrap CIs. */
  byGroup: Record<string, { runsPerGame: number; median: Interval; iqm: Interval }>;
}

/** Why a run is left out: it failed, has not finished (or is still running), never started, or logged no episode. */
export type ExclusionKind = 'failed' | 'unfinished' | 'not started' | 'no episodes';
export interface ExcludedRun { name: string; kind: ExclusionKind; reason: string }

/** One line for the notes: how many runs were left out, of which kinds. */
function exclusionSummary(excluded: readonly ExcludedRun[], total: number, includeUnfinished: boolean): string {
  const kinds = (['failed', 'unfinished', 'not started', 'no episodes'] as const)
    .map((k) => [k, excluded.filter((e) => e.kind === k).length] as const).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  const hint = excluded.some((e) => e.kind === 'unfinished') && !includeUnfinished ? '; --include-unfinished uses unfinished runs' : '';
  return `${excluded.length} of ${total} run(s) left out (${kinds.join(', ')}); see "Runs left out"${hint}`;
}

/** The default group keys: every axis but seed and env. */
export function defaultGroupBy(axisKeys: readonly string[]): string[] {
  return axisKeys.filter((k) => k !== 'seed' && k !== 'env');
}

export function groupOf(run: RunRecord, groupBy: readonly string[]): string {
  return groupBy.length === 0 ? 'all' : groupBy.map((k) => run.labels[k] ?? String(run.config[k] ?? '?')).join(' · ');
}

const arr = (a: ArrayLike<number>): number[] => Array.from(a);

/** Runs × envs matrix with the same number of runs per env (the smallest count), or null if an env is missing. */
function crossEnvMatrix(byEnv: ReadonlyArray<readonly number[]>): ScoreMatrix | null {
  if (byEnv.length === 0 || byEnv.some((v) => v.length === 0)) return null;
  const runs = Math.min(...byEnv.map((v) => v.length));
  const tasks = byEnv.length;
  const data = new Float64Array(runs * tasks);
  byEnv.forEach((v, t) => { for (let r = 0; r < runs; r++) data[r * tasks + t] = v[r]!; });
  return { data, runs, tasks };
}

/**
 * Runs × envs matrices of normalised scores per group, for the groups with runs in every env of `envs` (a note names
 * the others, and groups whose envs have unequal run counts).
 */
function groupMatrices(groups: readonly string[], envs: readonly string[], scores: readonly RunScore[], pick: (x: RunScore) => number, what: string, warnings: string[]): Record<string, ScoreMatrix> {
  const matrices: Record<string, ScoreMatrix> = {};
  for (const g of groups) {
    const byEnv = envs.map((e) => scores.filter((x) => x.env === e && x.group === g).sort((a, b) => a.seed - b.seed).map(pick));
    const m = crossEnvMatrix(byEnv);
    if (m) {
      matrices[g] = m;
      if (byEnv.some((v) => v.length !== m.runs)) warnings.push(`group ${g}: unequal runs per env; ${what} use the first ${m.runs} seeds of each`);
    } else warnings.push(`group ${g} lacks runs in some environment: left out of ${what}`);
  }
  return matrices;
}

function estimates(values: readonly number[], boot: { reps: number; confidence: number; seed: number }): Estimates {
  const t = intervalEstimates({ x: values.map((v) => [v]) }, { ...boot, metrics: ['mean', 'median', 'iqm'] })['x']!;
  return { mean: t.mean!, median: t.median!, iqm: t.iqm! };
}

function band(aligned: Float64Array[], grid: ArrayLike<number>, boot: { reps: number; confidence: number; seed: number }, statistic: 'iqm' | 'mean'): Band {
  // Only grid points where every run has a value (after its first episode).
  const cols: number[] = [];
  for (let i = 0; i < grid.length; i++) if (aligned.every((row) => Number.isFinite(row[i]!))) cols.push(i);
  if (cols.length === 0) return { steps: [], point: [], lower: [], upper: [] };
  const sub = aligned.map((row) => Float64Array.from(cols, (i) => row[i]!));
  const b = curveBands(sub, { ...boot, statistic });
  return { steps: cols.map((i) => grid[i]!), point: arr(b.point), lower: arr(b.lower), upper: arr(b.upper) };
}

function diagStats(series: DiagSeries[], boot: { reps: number; confidence: number; seed: number }): DiagStats {
  const final = {} as Record<DiagMetric, Interval | null>;
  const curves = {} as Record<DiagMetric, Band | null>;
  for (const m of DIAG_METRICS) {
    // Each run's logged points where the metric applies (e.g. no `dead` fraction for tanh).
    const cs = series.map((s) => {
      const idx = s.steps.map((_, i) => i).filter((i) => Number.isFinite(s.values[m][i]!));
      return { steps: idx.map((i) => s.steps[i]!), values: idx.map((i) => s.values[m][i]!) };
    }).filter((c) => c.steps.length > 0);
    if (cs.length === 0) { final[m] = null; curves[m] = null; continue; }
    final[m] = estimates(cs.map((c) => c.values.at(-1)!), boot).iqm;
    const single = cs.every((c) => c.steps.length === 1);
    if (single) { curves[m] = null; continue; }
    const grid = commonGrid(cs, Math.min(50, Math.max(...cs.map((c) => c.steps.length))));
    curves[m] = band(alignCurves(cs, grid), grid, boot, 'mean');
  }
  const hb = series.map((s) => s.hiddenBias).filter((h): h is NonNullable<DiagSeries['hiddenBias']> => h !== null && Number.isFinite(h.dead) && Number.isFinite(h.live));
  const hiddenBias = hb.length === 0 ? null : {
    dead: estimates(hb.map((h) => h.dead), boot).mean, live: estimates(hb.map((h) => h.live), boot).mean,
    inactive: hb.reduce((a, h) => a + (Number.isFinite(h.inactive) ? h.inactive : 0), 0) / hb.length,
  };
  return { layer: series[0]!.layer, runs: series.length, final, curves, hiddenBias };
}

export function aggregateSweep(sweep: LoadedSweep, opts: AggregateOptions = {}): AggregateResult {
  const groupBy = [...(opts.groupBy ?? defaultGroupBy(sweep.axisKeys))];
  const metric = opts.metric ?? 'final';
  const boot = { reps: opts.reps ?? 2000, confidence: opts.confidence ?? 0.95, seed: opts.seed ?? 0 };
  const warnings: string[] = [];
  const excluded: ExcludedRun[] = [];
  const runs = sweep.runs.filter((r) => {
    if (opts.includeUnfinished || r.state === 'finished') return true;
    excluded.push({ name: r.name, kind: 'unfinished', reason: r.state, ...r.unfinished });
    return false;
  });
  excluded.push(...sweep.missing);
  const envs = [...new Set(runs.map((r) => String(r.config['env'] ?? 'env')))].sort();
  const groups = [...new Set(runs.map((r) => groupOf(r, groupBy)))];
  const table = opts.scores ?? {};
  const normalization = Object.fromEntries(envs.map((e) => [e, scoreRef(e, table)]));
  for (const k of opts.groupBy ?? []) {
    if (!runs.some((r) => k in r.labels)) throw new Error(`--group-by: no run has the key '${k}' (axes: ${sweep.axisKeys.join(', ') || 'none'})`);
  }
  for (const e of envs) if (!normalization[e]) warnings.push(`no reference scores for ${e}: its scores are not normalised`);

  // Per-run scores and learning curves.
  const maxSteps = new Map<string, number>();
  for (const r of runs) { const e = String(r.config['env']); maxSteps.set(e, Math.max(maxSteps.get(e) ?? 0, r.totalSteps || r.step)); }
  const grids = new Map(envs.map((e) => [e, stepGrid(maxSteps.get(e) || 1, opts.gridPoints ?? 50)]));
  const scores: RunScore[] = [];
  const curvesOf = new Map<string, Float64Array[]>();
  const diagOf = new Map<string, DiagSeries[]>();
  for (const r of runs) {
    const env = String(r.config['env']), group = groupOf(r, groupBy);
    const ep = episodes(r.rows);
    if (ep.returns.length === 0) { excluded.push({ name: r.name, kind: 'no episodes', reason: `no finished episodes in its metrics.jsonl (${r.state} at step ${r.step})` }); continue; }
    const grid = grids.get(env)!;
    const final = finalReturn(ep, r.totalSteps || r.step, opts.finalFraction ?? 0.1);
    const a = aucReturn(ep, grid, opts.window ?? 10);
    const ref = normalization[env] ?? null;
    scores.push({ name: r.name, group, env, seed: Number(r.config['seed'] ?? 0), state: r.state, final, auc: a, normFinal: normalizeScore(final, ref), normAuc: normalizeScore(a, ref) });
    const key = `${env}\u0000${group}`;
    curvesOf.set(key, [...(curvesOf.get(key) ?? []), returnCurve(ep, grid, opts.window ?? 10)]);
    const d = diagnostics(r.rows);
    if (d) diagOf.set(key, [...(diagOf.get(key) ?? []), d]);
  }

  const perEnv: AggregateResult['perEnv'] = {};
  const curves: AggregateResult['curves'] = {};
  const diag: AggregateResult['diagnostics'] = {};
  for (const env of envs) {
    perEnv[env] = {}; curves[env] = {}; diag[env] = {};
    for (const g of groups) {
      const s = scores.filter((x) => x.env === env && x.group === g);
      if (s.length === 0) continue;
      perEnv[env]![g] = {
        runs: s.length, final: estimates(s.map((x) => x.final), boot), auc: estimates(s.map((x) => x.auc), boot),
        normFinal: estimates(s.map((x) => x.normFinal), boot), normAuc: estimates(s.map((x) => x.normAuc), boot),
      };
      const key = `${env}\u0000${g}`;
      curves[env]![g] = band(curvesOf.get(key) ?? [], grids.get(env)!, boot, 'iqm');
      const ds = diagOf.get(key);
      if (ds && ds.length > 0) diag[env]![g] = diagStats(ds, boot);
    }
  }

  // Across environments: runs × envs matrices of normalised scores per group.
  const pick = (x: RunScore): number => (metric === 'final' ? x.normFinal : x.normAuc);
  const matrices = groupMatrices(groups, envs, scores, pick, 'the across-env aggregates', warnings);
  const overall = Object.keys(matrices).length > 0 ? intervalEstimates(matrices, { ...boot, metrics: ['median', 'iqm', 'mean', 'optimalityGap'] }) : {};
  const names = Object.keys(matrices);
  const improvement: AggregateResult['improvement'] = [];
  for (let i = 0; i < names.length && improvement.length < 66; i++) {
    for (let j = i + 1; j < names.length && improvement.length < 66; j++) {
      improvement.push({ x: names[i]!, y: names[j]!, poi: probabilityOfImprovementCI(matrices[names[i]!]!, matrices[names[j]!]!, { ...boot, seed: boot.seed + 7919 * improvement.length }) });
    }
  }
  let profiles: AggregateResult['profiles'] = null;
  if (names.length > 0) {
    const all = names.flatMap((n) => arr(matrices[n]!.data));
    const lo = Math.min(...all), hi = Math.max(...all);
    const taus = linspace(lo === hi ? lo - 0.5 : lo, lo === hi ? hi + 0.5 : hi, 41);
    const byGroup: NonNullable<AggregateResult['profiles']>['byGroup'] = {};
    names.forEach((n, k) => {
      const p = performanceProfileCI(matrices[n]!, taus, { ...boot, seed: boot.seed + 104729 * (k + 1) });
      byGroup[n] = { point: arr(p.point), lower: arr(p.lower), upper: arr(p.upper) };
    });
    profiles = { taus: arr(taus), byGroup };
  }

  const hns = hnsSummary(envs, groups, scores, normalization, pick, boot, warnings);

  if (excluded.length > 0) warnings.unshift(exclusionSummary(excluded, sweep.runs.length + sweep.missing.length, opts.includeUnfinished === true));

  const diagnosticsOverall: AggregateResult['diagnosticsOverall'] = {};
  for (const g of groups) {
    const row: Partial<Record<DiagMetric, Interval>> = {};
    for (const m of DIAG_METRICS) {
      const byEnv = envs.map((e) => (diagOf.get(`${e}\u0000${g}`) ?? []).map((s) => s.values[m].at(-1) ?? NaN).filter(Number.isFinite));
      const mat = crossEnvMatrix(byEnv);
      if (mat) row[m] = intervalEstimates({ x: mat }, { ...boot, metrics: ['iqm'] })['x']!.iqm!;
    }
    diagnosticsOverall[g] = row;
  }

  return {
    dir: sweep.dir, createdAt: new Date().toISOString(), groupBy, metric, confidence: boot.confidence, reps: boot.reps,
    groups, envs, normalization, runs: scores, perEnv, overall, improvement, profiles, curves, diagnostics: diag,
    hns, diagnosticsOverall, excluded, warnings,
  };
}

/** The HNS view of the Atari envs (null when there is none); notes name the games without scores. */
function hnsSummary(
  envs: readonly string[], groups: readonly string[], scores: readonly RunScore[], normalization: Readonly<Record<string, ScoreRef | null>>,
  pick: (x: RunScore) => number, boot: { reps: number; confidence: number; seed: number }, warnings: string[],
): HnsSummary | null {
  const atari = envs.filter((e) => atariGameOf(e) !== null);
  if (atari.length === 0) return null;
  const games = atari.filter((e) => normalization[e]?.kind === 'human');
  const unscored = atari.filter((e) => !games.includes(e));
  if (unscored.length > 0) warnings.push(`no human and random scores for ${unscored.join(', ')}: left out of the human-normalised score (HNS)`);
  // When the Atari games are the whole sweep, the across-env notes already said what the HNS notes would.
  const notes = games.length === envs.length ? [] : warnings;
  const matrices = games.length === 0 ? {} : groupMatrices(groups, games, scores, pick, 'the HNS', notes);
  const table = Object.keys(matrices).length > 0 ? intervalEstimates(matrices, { ...boot, metrics: ['median', 'iqm'] }) : {};
  const byGroup: HnsSummary['byGroup'] = {};
  for (const [g, t] of Object.entries(table)) byGroup[g] = { runsPerGame: matrices[g]!.runs, median: t.median!, iqm: t.iqm! };
  return { games, unscored, byGroup };
}
