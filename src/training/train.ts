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
import { RunDir, type RunState } from './run-dir.js';
import { RunLock, RunLockLostError } from './run-lock.js';

const factories = new Map<Algorithm, (cfg: TrainConfig) => Agent>();

/** Algorithms register a constructor here (src/agents/index.ts imports them all). */
export function registerAgent(algo: Algorithm, create: (cfg: TrainConfig) => Agent): void {
  factories.set(algo, create);
}

export function createAgent(cfg: TrainConfig): Agent {
  const f = factories.get(cfg.algo);
  if (!f) throw new Error(`algorithm '${cfg.algo}' is not available (known: ${[...factories.keys()].join(', ')})`);
  return f(cfg);
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
  if (opts.resume) {
    const ck = run.loadCheckpoint({ blobs: agent.fileNames, setAsideDamaged: true, notice: (l) => process.stderr.write(`hadamard-rl: ${l}\n`) });
    if (!ck) throw new Error(`cannot resume ${outDir}: it has no checkpoint (${run.checkpointsPath} is empty or missing)`);
    agent.restore(ck.content, ck.files);
    const probeObs = ck.content.groups['probe']?.['obs'];
    if (probeObs) probe = probeObs;
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
    run.saveCheckpoint({ ...st.checkpoint, groups }, st.files, agent.step);
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
    return { state: 'finished', step: agent.step, evalReturns };
  } catch (e) {
    if (e instanceof RunLockLostError) throw e; // the run is someone else's now: write nothing
    try {
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

