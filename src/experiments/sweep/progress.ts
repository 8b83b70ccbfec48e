/**
 * A sweep's live progress line, counted in environment steps: steps done of all runs' steps, steps/s, the ETA of the
 * sweep from steps (runs finish in bursts, so runs/s stays 0 for most of a sweep), runs settled, and for each running
 * run how far it is and its recent return. A running run's step and returns come from the tail of its metrics.jsonl,
 * which it appends as it trains (status.json is only written at checkpoints).
 */
import { join } from 'node:path';
import '../../agents/index.js'; // the PPO/PQN defaults and step units that a run's budget depends on
import { resolveConfig } from '../../training/config.js';
import { stepBudget } from '../../training/train.js';
import { formatField, Progress } from '../../util/progress.js';
import { runDirOf } from './manifest.js';
import { readRunState, readTail } from './run-state.js';
import type { SweepRun } from './spec.js';

/** Episodes in a run's recent return (as the training progress line). */
const RECENT = 20;
/** Bytes read from the end of metrics.jsonl: many episode rows, and more than a diagnostics row with its KDE. */
const TAIL_BYTES = 64 * 1024;

export interface RunTail {
  /** The newest step logged. */
  step: number;
  /** Mean return of the last episodes logged (NaN before the first). */
  recentReturn: number;
}

/** How far a run's metrics.jsonl says it is; null when it has no rows yet. */
export function readRunTail(runDir: string): RunTail | null {
  const text = readTail(join(runDir, 'metrics.jsonl'), TAIL_BYTES);
  if (text === null) return null;
  let step = -1;
  const returns: number[] = [];
  for (const line of text.split('\n').reverse()) {
    let row: { step?: unknown; kind?: unknown; return?: unknown };
    try { row = JSON.parse(line) as typeof row; } catch { continue; } // blank, torn, or cut by the tail
    if (typeof row.step === 'number') step = Math.max(step, row.step);
    if (row.kind === 'episode' && typeof row.return === 'number' && returns.length < RECENT) returns.push(row.return);
  }
  if (step < 0) return null;
  return { step, recentReturn: returns.length > 0 ? returns.reduce((a, b) => a + b, 0) / returns.length : NaN };
}

/** The steps a run will take: its status.json's total once it has started, else its config's budget. */
function plannedSteps(dir: string, run: SweepRun): number {
  const total = readRunState(runDirOf(dir, run.name)).totalSteps;
  if (total > 0) return total;
  try {
    return stepBudget(resolveConfig(run.config)).steps;
  } catch {
    return typeof run.config['steps'] === 'number' ? run.config['steps'] : 0;
  }
}

export interface SweepState {
  /** Runs training now. */
  running: readonly string[];
  /** Runs that will not train further in this invocation: finished, skipped as finished, or failed. */
  settled: readonly string[];
  /** Extra fields for the line (e.g. failed or queued counts). */
  fields?: Record<string, string | number>;
}

export class SweepProgress {
  private readonly totals: Map<string, number>;
  private readonly progress: Progress;

  constructor(private readonly dir: string, private readonly runs: readonly SweepRun[], opts: { label?: string; intervalMs?: number; stream?: NodeJS.WriteStream } = {}) {
    this.totals = new Map(runs.map((r) => [r.name, plannedSteps(dir, r)]));
    const total = [...this.totals.values()].reduce((a, b) => a + b, 0);
    this.progress = new Progress({
      label: opts.label ?? 'sweep', total, unit: 'steps', intervalMs: opts.intervalMs ?? (process.stderr.isTTY ? 500 : 15_000),
      ...(opts.stream ? { stream: opts.stream } : {}),
    });
    // steps done before this invocation (finished runs, checkpoints of interrupted ones) do not count in steps/s
    this.progress.setStartDone(this.stepsDone({ running: [], settled: runs.filter((r) => readRunState(runDirOf(dir, r.name)).state === 'finished').map((r) => r.name) }));
  }

  /** Steps done: a settled run counts in full (a failed one will not take its remaining steps); others as far as they got. */
  private stepsDone(s: SweepState, tails?: Map<string, RunTail | null>): number {
    const settled = new Set(s.settled);
    let done = 0;
    for (const r of this.runs) {
      const total = this.totals.get(r.name)!;
      const step = settled.has(r.name) ? total : tails?.get(r.name)?.step ?? readRunState(runDirOf(this.dir, r.name)).step;
      done += Math.min(total, Math.max(0, step));
    }
    return done;
  }

  /** The progress line for this state (read from the run directories now). */
  line(s: SweepState): string {
    return this.progress.line(...this.args(s));
  }

  /** Prints the line (at most every intervalMs unless forced). */
  update(s: SweepState, force = false): void {
    this.progress.update(...this.args(s), force);
  }

  done(s: SweepState): void {
    this.progress.done(...this.args(s));
  }

  private args(s: SweepState): [number, Record<string, string | number>] {
    const tails = new Map(s.running.map((name) => [name, readRunTail(runDirOf(this.dir, name))]));
    const fields: Record<string, string | number> = { runs: `${s.settled.length}/${this.runs.length}`, ...s.fields };
    for (const name of s.running) {
      const tail = tails.get(name);
      const total = this.totals.get(name) ?? 0;
      const pct = tail && total > 0 ? `${Math.floor((100 * Math.min(tail.step, total)) / total)}%` : 'starting';
      fields[name] = `${pct} return ${formatField(tail?.recentReturn ?? NaN)}`;
    }
    return [this.stepsDone(s, tails), fields];
  }
}
