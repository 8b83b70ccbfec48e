/** The aggregate result as tables: shared by `hrl aggregate` (text) and `hrl report` (HTML tables). */
import type { Interval } from '../../stats/index.js';
import { DIAG_METRICS } from './extract.js';
import type { AggregateResult } from './aggregate.js';

export interface TextTable { title: string; header: string[]; rows: string[][] }

const f = (v: number): string => (Number.isFinite(v) ? (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toFixed(Math.abs(v) >= 100 ? 1 : 3)) : '–');
export const fmtInterval = (iv: Interval | null | undefined): string => (iv ? `${f(iv.point)} [${f(iv.lower)}, ${f(iv.upper)}]` : '–');

export function aggregateTables(r: AggregateResult): TextTable[] {
  const ci = `${Math.round(r.confidence * 100)}% CI`;
  const tables: TextTable[] = [];
  tables.push({
    title: `Across environments (${r.envs.length}): normalised ${r.metric} return, point estimate [${ci}]`,
    header: ['group', 'runs/env', 'median', 'IQM', 'mean', 'optimality gap'],
    rows: Object.entries(r.overall).map(([g, t]) => {
      const n = Math.min(...r.envs.map((e) => r.perEnv[e]?.[g]?.runs ?? 0));
      return [g, String(n), fmtInterval(t.median), fmtInterval(t.iqm), fmtInterval(t.mean), fmtInterval(t.optimalityGap)];
    }),
  });
  for (const env of r.envs) {
    const ref = r.normalization[env];
    tables.push({
      title: `${env}: raw returns${ref ? ` (normalised: random ${ref.random}, ${ref.kind} ${ref.reference})` : ''}, IQM [${ci}]`,
      header: ['group', 'runs', 'final IQM', 'final mean', 'final median', 'AUC IQM', `normalised ${r.metric} IQM`],
      rows: Object.entries(r.perEnv[env] ?? {}).map(([g, s]) => [
        g, String(s.runs), fmtInterval(s.final.iqm), fmtInterval(s.final.mean), fmtInterval(s.final.median), fmtInterval(s.auc.iqm),
        fmtInterval(r.metric === 'final' ? s.normFinal.iqm : s.normAuc.iqm),
      ]),
    });
  }
  if (r.improvement.length > 0) {
    tables.push({
      title: `Probability of improvement P(X > Y) on normalised ${r.metric} returns [${ci}]`,
      header: ['X', 'Y', 'P(X > Y)'],
      rows: r.improvement.map((p) => [p.x, p.y, fmtInterval(p.poi)]),
    });
  }
  const diagRows: string[][] = [];
  for (const env of r.envs) {
    for (const [g, d] of Object.entries(r.diagnostics[env] ?? {})) {
      diagRows.push([env, g, d.layer, String(d.runs), ...DIAG_METRICS.map((m) => fmtInterval(d.final[m])),
        d.hiddenBias ? `${f(d.hiddenBias.dead.point)} / ${f(d.hiddenBias.live.point)}` : '–']);
    }
  }
  if (diagRows.length > 0) {
    tables.push({
      title: `Representation diagnostics at the end of training: IQM over runs [${ci}]`,
      header: ['env', 'group', 'layer', 'runs', ...DIAG_METRICS, 'hidden bias dead / live'],
      rows: diagRows,
    });
  }
  const overallRows = Object.entries(r.diagnosticsOverall).filter(([, t]) => Object.keys(t).length > 0)
    .map(([g, t]) => [g, ...DIAG_METRICS.map((m) => fmtInterval(t[m]))]);
  if (overallRows.length > 0 && r.envs.length > 1) {
    tables.push({
      title: `Representation diagnostics across environments (${r.envs.length}): IQM over runs × environments [${ci}]`,
      header: ['group', ...DIAG_METRICS],
      rows: overallRows,
    });
  }
  const hns = hnsTable(r);
  if (hns) tables.push(hns);
  return tables;
}

/** The Fig. 1 view: median and IQM human-normalised score over the Atari games per group (null without Atari envs). */
export function hnsTable(r: AggregateResult): TextTable | null {
  if (!r.hns) return null;
  const { games, unscored, byGroup } = r.hns;
  const left = unscored.length > 0 ? `; left out for want of human/random scores: ${unscored.join(', ')}` : '';
  return {
    title: `Atari human-normalised score (HNS) of the ${r.metric} return over ${games.length} game(s) (${games.join(', ') || 'none'}${left}), point estimate [${Math.round(r.confidence * 100)}% CI]`,
    header: ['group', 'runs/game', 'median HNS', 'IQM HNS'],
    rows: Object.entries(byGroup).map(([g, h]) => [g, String(h.runsPerGame), fmtInterval(h.median), fmtInterval(h.iqm)]),
  };
}

/** The runs left out of the statistics and why (null when every run is in). */
export function excludedTable(r: AggregateResult): TextTable | null {
  if (r.excluded.length === 0) return null;
  return {
    title: `Runs left out (${r.excluded.length} of ${r.excluded.length + r.runs.length})`,
    header: ['run', 'left out', 'why'],
    rows: r.excluded.map((e) => [e.name, e.kind, e.reason]),
  };
}

/** Plain-text rendering of one table: title, header, rule, rows, a blank line. */
export function formatTable(t: TextTable): string[] {
  const w = t.header.map((h, c) => Math.max(h.length, ...t.rows.map((row) => row[c]!.length)));
  // the last column is not padded (a long reason would pad every other row)
  const line = (cells: readonly string[]): string => cells.map((v, c) => (c < cells.length - 1 ? v.padEnd(w[c]!) : v)).join('  ');
  return [t.title, line(t.header), w.map((n) => '-'.repeat(n)).join('  '), ...t.rows.map(line), ''];
}

/** Plain-text rendering of the tables (for the terminal), the runs left out and the notes. */
export function formatAggregate(r: AggregateResult): string {
  const left = excludedTable(r);
  const out = [...aggregateTables(r), ...(left ? [left] : [])].flatMap(formatTable);
  if (r.warnings.length > 0) out.push(...r.warnings.map((w) => `note: ${w}`));
  return out.join('\n');
}
