/**
 * Plasticity interventions (the `intervention` rows of metrics.jsonl: ReDo, shrink-and-perturb, resets) as events for
 * the learning-curve panels: per environment, one tick row per group that intervened, in the group's colour, one
 * tick per step at which a run of the group intervened (runs of a group intervene at the same steps), with a tooltip
 * naming what was done.
 */
import { paletteColor, type PlotEvent } from '../../plot/index.js';
import type { RunRecord, RunScore } from '../aggregate/index.js';

/** What the markers need of an aggregate: each run's group and environment, and the groups in colour order. */
export interface GroupedRuns {
  readonly runs: readonly Pick<RunScore, 'name' | 'group' | 'env'>[];
  readonly groups: readonly string[];
}

/** The intervention events of the aggregated runs (`r`: an AggregateResult), by environment. */
export function interventionEvents(r: GroupedRuns, runs: readonly Pick<RunRecord, 'name' | 'rows'>[]): (env: string) => PlotEvent[] {
  const where = new Map(r.runs.map((s) => [s.name, s]));
  const byEnv = new Map<string, Map<string, PlotEvent>>();
  for (const run of runs) {
    const s = where.get(run.name);
    if (!s) continue;
    const events = byEnv.get(s.env) ?? byEnv.set(s.env, new Map()).get(s.env)!;
    for (const row of run.rows) {
      if (row.kind !== 'intervention') continue;
      const key = `${s.group}|${String(row['type'])}|${row.step}`;
      if (!events.has(key)) events.set(key, { x: row.step, color: paletteColor(Math.max(0, r.groups.indexOf(s.group))), label: `${s.group}: ${String(row['type'])} at step ${row.step}` });
    }
  }
  return (env) => {
    const events = [...(byEnv.get(env)?.values() ?? [])];
    const rows = [...new Set(events.map((e) => e.color))];
    return events.map((e) => ({ ...e, row: rows.indexOf(e.color) }));
  };
}
