/**
 * The training loop shared by every algorithm: run directory (one writer at a time), metrics, periodic diagnostics,
 * atomic checkpoint sets, exact resume, a live progress line, Ctrl-C handling, and a final greedy evaluation.
 */
import { probeNetwork } from '../diagnostics/network-probe.js';
import { MetricsLog, type MetricRow } from '../logging/metrics-log.js';
import type { Tensor } from '../tensor/index.js';
import { removeStaleTemporaries } from '../util/atomic-write.js';
import { Progress } from '../util/progress.js';
import { Rng } from '../util/rng.js';
import type { Agent } from './agent.js';
import type { Algorithm, TrainConfig } from './config.js';
import { ConfigError } from '../config/schema.js';
import { DivergenceError } from './divergence-guard.js';
import { RunDir, type RunState } from './run-dir.js';
import { RunLock, RunLockLostError } from './run-lock.js';

/** The environment steps of one advance() of an algorithm that advances by more than one (PPO/PQN: a rollout). */
export interface StepUnit {
  steps: number;
  /** What one unit is, in words: "rollouts of num-envs × num-steps (128 × 32)". */
  what: string;
}

const factories = new Map<Algorithm, { create: (cfg: TrainConfig) => Agent; unit?: ((cfg: TrainConfig) => StepUnit) | undefined }>();

/** Algorithms register a constructor here (src/agents/index.ts imports them all), with their step unit if not 1. */
export function registerAgent(algo: Algorithm, create: (cfg: TrainConfig) => Agent, unit?: (cfg: TrainConfig) => StepUnit): void {
  factories.set(algo, { create, unit });
}

export function createAgent(cfg: TrainConfig): Agent {
  const f = factories.get(cfg.algo);
  if (!f) throw new Error(`algorithm '${cfg.algo}' is not available (known: ${[...factories.keys()].join(', ')})`);
  return f.create(cfg);
}

/**
 * The steps a run of `cfg` trains for: `steps` rounded down to whole units of its algorithm, as CleanRL and purejaxql
 * count PPO/PQN iterations (total_timesteps // batch_size), so that a run never passes its budget. A fresh run records
 * this in config.json. Throws when the budget is less than one unit.
 */
export function stepBudget(cfg: TrainConfig): { steps: number; unit: StepUnit | null } {
  const unit = factories.get(cfg.algo)?.unit?.(cfg) ?? null;
  if (!unit) return { steps: cfg.steps, unit };
  const steps = Math.floor(cfg.steps / unit.steps) * unit.steps;
  if (steps === 0) throw new ConfigError(`config key 'steps' (${cfg.steps}) is less than one of ${cfg.algo}'s ${unit.what} (${unit.steps} steps)`);
  return { steps, unit };
}

export interface TrainOptions {
  /** Continue from the run directory's checkpoint. */
  resume?: boolean;
  /** Stop (with a checkpoint, state 'interrupted') once this many steps are done: for tests and time-boxed jobs. */
  stopAt?: number;
  /** Print the progress line (default true). */
  progress?: boolean;
  /** Called with every metric row (tests). */
  onRow?: (row: MetricRow) => void;
}

export interface TrainResult {
  state: 'finished' | 'interrupted';
  step: number;
  evalReturns: number[];
}

/** Stops the loop on SIGINT/SIGTERM after the current unit; a second signal exits at once. */
function stopSignal(): { requested: () => boolean; dispose: () => void } {
  let stop = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write(`\nhadamard-rl: ${sig} received, writing a checkpoint and stopping (again to quit at once)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { requested: () => stop, dispose: () => { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); } };
}

export async function train(cfg: TrainConfig, outDir: string, opts: TrainOptions = {}): Promise<TrainResult> {
  if (!opts.resume) {
    // a resumed run keeps the budget its config.json records (runs saved before budgets were rounded included)
    const budget = stepBudget(cfg);
    if (budget.steps !== cfg.steps) {
      process.stderr.write(`hadamard-rl: steps ${cfg.steps} → ${budget.steps}: ${cfg.algo} trains in whole ${budget.unit!.what}, and a run stops at or before its budget; config.json records ${budget.steps}\n`);
      cfg = { ...cfg, steps: budget.steps };
    }
  }
  const run = new RunDir(outDir);
  // one writer per run directory, for the whole run; every write below is fenced by lock.check()
  const lock = await RunLock.acquire(outDir, { command: `hrl train ${opts.resume ? '--resume' : '--out'} ${outDir}` });
  try {
    return await trainLocked(cfg, run, lock, opts);
  } finally {
    lock.release();
  }
}

async function trainLocked(cfg: TrainConfig, run: RunDir, lock: RunLock, opts: TrainOptions): Promise<TrainResult> {
  const outDir = run.path;
  removeStaleTemporaries(outDir); // what killed writes left behind; only the holder of the lock may do this
  run.checkpoints.removeStale();
  const agent = createAgent(cfg);
  let probe: Tensor | null = null;
  // the checkpoint a divergence error points back to: every saved one is good (the guard checks each update)
  let lastGood: string | null = null;
  if (opts.resume) {
    const ck = run.loadCheckpoint({ blobs: agent.fileNames, setAsideDamaged: true, notice: (l) => process.stderr.write(`hadamard-rl: ${l}\n`) });
    if (!ck) throw new Error(`cannot resume ${outDir}: it has no checkpoint (${run.checkpointsPath} is empty or missing)`);
    agent.restore(ck.content, ck.files);
    const probeObs = ck.content.groups['probe']?.['obs'];
    if (probeObs) probe = probeObs;
    lastGood = `${ck.source} (step ${ck.step})`;
  } else {
    run.clearCheckpoints();
    run.writeConfig(cfg);
  }
  lock.verify();
  const log = new MetricsLog(outDir, opts.resume ? agent.step : null);
  const emit = (row: MetricRow): void => {
    lock.check();
    log.write(row);
    opts.onRow?.(row);
  };
  const writeStatus = (state: RunState, error?: string): void => {
    lock.check();
    run.writeStatus(state, agent.step, cfg.steps, error);
  };
  writeStatus('running');

  const save = (): void => {
    const st = agent.state();
    const groups = { ...st.checkpoint.groups, ...(probe ? { probe: { obs: probe } } : {}) };
    lock.verify(); // the commit below must not race a writer that took the run over
    const saved = run.saveCheckpoint({ ...st.checkpoint, groups }, st.files, agent.step);
    lastGood = `${saved.dir} (step ${saved.step})`;
  };
  const logSkipped = (): void => {
    for (const s of agent.guard.takeSkipped()) {
      emit({ kind: 'nonfinite', step: s.step, tensor: s.tensor, value: String(s.value), action: 'skip', skipped: s.skipped });
    }
  };
  const diagnose = (final: boolean): void => {
    if (!probe) probe = agent.sampleInputs(cfg['probe-size'], new Rng(cfg.seed + 99_991));
    if (!probe) return;
    try {
      const layers = probeNetwork(agent.network, probe, { kdeNeurons: final ? 16 : 0 });
      emit({ kind: 'diagnostics', step: agent.step, layers });
    } catch (e) {
      if (e instanceof RunLockLostError) throw e;
      // a diagnostics failure must not cost the run: record it and train on
      process.stderr.write(`hadamard-rl: diagnostics at step ${agent.step} failed: ${(e as Error).message}\n`);
      emit({ kind: 'diagnostics', step: agent.step, error: (e as Error).message });
    }
  };

  const progress = new Progress({ label: `${cfg.algo} ${cfg.env}`, total: cfg.steps });
  progress.setStartDone(agent.step);
  const signal = stopSignal();
  const stopAt = Math.min(opts.stopAt ?? cfg.steps, cfg.steps);
  const every = (n: number, before: number, after: number): boolean => n > 0 && Math.floor(after / n) > Math.floor(before / n);
  let lastYield = Date.now();
  try {
    while (agent.step < stopAt && !signal.requested()) {
      // the loop is synchronous: yield to the event loop now and then so signal handlers (Ctrl-C) can run
      if (Date.now() - lastYield > 100) {
        await new Promise((r) => setImmediate(r));
        lastYield = Date.now();
        if (signal.requested()) break;
      }
      const before = agent.step;
      agent.advance(emit);
      logSkipped();
      if (every(cfg['diag-every'], before, agent.step) && agent.step < cfg.steps) diagnose(false); // the last one comes with KDEs below
      if (every(cfg['checkpoint-every'], before, agent.step)) {
        save();
        writeStatus('running');
      }
      lock.check();
      if (opts.progress !== false) progress.update(agent.step, { episodes: agent.episodes, return: agent.recentReturn() });
    }
    if (agent.step < cfg.steps) {
      save();
      writeStatus('interrupted');
      return { state: 'interrupted', step: agent.step, evalReturns: [] };
    }
    if (opts.progress !== false) progress.done(agent.step, { episodes: agent.episodes, return: agent.recentReturn() });
    if (cfg['diag-every'] > 0) diagnose(true);
    const evalReturns = cfg['eval-episodes'] > 0 ? agent.evaluate(cfg['eval-episodes'], cfg.seed + 1_000_000) : [];
    if (evalReturns.length > 0) {
      const mean = evalReturns.reduce((a, b) => a + b, 0) / evalReturns.length;
      const std = Math.sqrt(evalReturns.reduce((a, b) => a + (b - mean) ** 2, 0) / evalReturns.length);
      emit({ kind: 'eval', step: agent.step, return_mean: mean, return_std: std, episodes: evalReturns.length, returns: evalReturns });
    }
    save();
    writeStatus('finished');
    if (agent.guard.skipped > 0) process.stderr.write(`hadamard-rl: ${agent.guard.skipped} updates skipped for a NaN or Inf loss or gradient (on-nonfinite: skip; see the nonfinite rows of metrics.jsonl)\n`);
    return { state: 'finished', step: agent.step, evalReturns };
  } catch (e) {
    if (e instanceof RunLockLostError) throw e; // the run is someone else's now: write nothing
    try {
      if (e instanceof DivergenceError) {
        emit({ kind: 'nonfinite', step: e.step, tensor: e.tensor, value: String(e.value), action: 'stop' });
        e.message += lastGood === null
          ? `; no checkpoint was written before it (checkpoint-every ${cfg['checkpoint-every']})`
          : `; the last good checkpoint is ${lastGood}. Resuming repeats the same updates: first set max-grad-norm, or ` +
            `on-nonfinite: skip (to skip and count such updates), in ${run.configPath}, then hrl train --resume ${outDir}`;
      }
      writeStatus('failed', (e as Error).message);
    } catch (e2) {
      // e.g. the disk is full: report the original error, not this one
      process.stderr.write(`hadamard-rl: could not record the failure in ${run.statusPath}: ${(e2 as Error).message}\n`);
    }
    throw e;
  } finally {
    signal.dispose();
  }
}

