/**
 * The local executor: runs a sweep's runs as child processes, `jobs` at a time, with a live progress line in steps
 * (./progress.ts). Finished runs are skipped and interrupted ones resumed from their checkpoints, so re-running a
 * sweep continues it. Ctrl-C / SIGTERM stop every running run with a checkpoint; the next invocation resumes them.
 */
import { cpus } from 'node:os';
import { defaultTrainer, launchRun, type LaunchedRun } from './launch.js';
import { runAction, runDirOf, trainArgs } from './manifest.js';
import { SweepProgress, type SweepState } from './progress.js';
import { describeUnfinished, readRunState } from './run-state.js';
import type { SweepRun } from './spec.js';

export interface LocalOptions {
  /** Parallel runs (default: one per CPU core). */
  jobs?: number;
  /** Command prefix that runs `hrl` (default: this CLI; see defaultTrainer). */
  trainer?: readonly string[];
  /** Progress line (default true). */
  progress?: boolean;
  /** Stop handling: by default SIGINT/SIGTERM stop the sweep; pass an AbortSignal instead in tests. */
  signal?: AbortSignal;
}

export interface RunOutcome {
  name: string;
  action: 'skip' | 'resume' | 'start';
  /** 'ok' (finished), 'failed' (non-zero exit), 'stopped' (the sweep was stopped), 'skipped' (already finished). */
  result: 'ok' | 'failed' | 'stopped' | 'skipped';
  code?: number;
  seconds?: number;
  /** For a failed run: what its run directory says went wrong (status.json's error, else its log's last line). */
  cause?: string;
}

export interface SweepResult {
  outcomes: RunOutcome[];
  failed: RunOutcome[];
  stopped: boolean;
}

export async function runLocal(dir: string, runs: readonly SweepRun[], opts: LocalOptions = {}): Promise<SweepResult> {
  const jobs = Math.max(1, opts.jobs ?? cpus().length);
  const threadsPerRun = Math.max(1, Math.floor(cpus().length / jobs));
  const trainer = opts.trainer ?? defaultTrainer();
  const outcomes: RunOutcome[] = [];
  const todo: { run: SweepRun; action: 'resume' | 'start' }[] = [];
  for (const run of runs) {
    const action = runAction(runDirOf(dir, run.name));
    if (action === 'skip') outcomes.push({ name: run.name, action, result: 'skipped' });
    else todo.push({ run, action });
  }
  const progress = opts.progress === false ? null : new SweepProgress(dir, runs);
  const running = new Map<string, LaunchedRun>();
  let stopped = false;
  const stopAll = (): void => {
    if (stopped) return;
    stopped = true;
    process.stderr.write(`\nhrl sweep: stopping ${running.size} running run(s) with a checkpoint; re-run the sweep to resume\n`);
    for (const r of running.values()) r.stop();
  };
  const onSignal = (): void => stopAll();
  if (opts.signal) opts.signal.addEventListener('abort', onSignal);
  else { process.on('SIGINT', onSignal); process.on('SIGTERM', onSignal); }
  const state = (): SweepState => {
    const failed = outcomes.filter((o) => o.result === 'failed').length;
    return { running: [...running.keys()], settled: outcomes.filter((o) => o.result !== 'stopped').map((o) => o.name), ...(failed ? { fields: { failed } } : {}) };
  };
  const show = (force = false): void => progress?.update(state(), force);
  const timer = setInterval(() => show(), 1000);
  timer.unref();
  show(true);

  let next = 0;
  const worker = async (): Promise<void> => {
    while (!stopped && next < todo.length) {
      const { run, action } = todo[next++]!;
      const runDir = runDirOf(dir, run.name);
      const t0 = Date.now();
      const child = launchRun(runDir, trainArgs(runDir, action), trainer, `hrl sweep (${action})`, { threads: threadsPerRun });
      running.set(run.name, child);
      const { code } = await child.done;
      running.delete(run.name);
      const seconds = (Date.now() - t0) / 1000;
      const result = code === 0 ? 'ok' : stopped ? 'stopped' : 'failed';
      const cause = result === 'failed' ? describeUnfinished(readRunState(runDir)) : undefined;
      outcomes.push({ name: run.name, action, result, code, seconds, ...(cause ? { cause } : {}) });
      if (result === 'failed') process.stderr.write(`\nhrl sweep: run ${run.name} failed (exit ${code}): ${cause}; see ${runDir}/log.txt\n`);
      show(true);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, Math.max(1, todo.length)) }, worker));
  } finally {
    clearInterval(timer);
    if (opts.signal) opts.signal.removeEventListener('abort', onSignal);
    else { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); }
  }
  progress?.done(state());
  return { outcomes, failed: outcomes.filter((o) => o.result === 'failed'), stopped };
}
