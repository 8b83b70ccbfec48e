/**
 * The training loop shared by every algorithm: run directory, metrics, periodic diagnostics, atomic checkpoints,
 * exact resume, a live progress line, Ctrl-C handling, and a final greedy evaluation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/index.js';
import { probeNetwork } from '../diagnostics/network-probe.js';
import { MetricsLog, type MetricRow } from '../logging/metrics-log.js';
import type { Tensor } from '../tensor/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { Progress } from '../util/progress.js';
import { Rng } from '../util/rng.js';
import type { Agent } from './agent.js';
import type { Algorithm, TrainConfig } from './config.js';
import { DivergenceError } from './divergence-guard.js';
import { RunDir } from './run-dir.js';

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
  const agent = createAgent(cfg);
  let probe: Tensor | null = null;
  // the checkpoint a divergence error points back to: every saved one is good (the guard checks each update)
  let lastGood: string | null = null;
  if (opts.resume) {
    if (!run.hasCheckpoint()) throw new Error(`cannot resume ${outDir}: no checkpoint at ${run.checkpointPath}`);
    const ck = loadCheckpoint(run.checkpointPath);
    const files: Record<string, Uint8Array> = {};
    for (const name of agent.fileNames) {
      const p = join(outDir, 'checkpoints', name);
      if (existsSync(p)) files[name] = new Uint8Array(readFileSync(p));
    }
    agent.restore(ck, files);
    const probeObs = ck.groups['probe']?.['obs'];
    if (probeObs) probe = probeObs;
    lastGood = `${run.checkpointPath} (step ${agent.step})`;
  } else {
    run.writeConfig(cfg);
  }
  const log = new MetricsLog(outDir, opts.resume ? agent.step : null);
  const emit = (row: MetricRow): void => {
    log.write(row);
    opts.onRow?.(row);
  };
  run.writeStatus('running', agent.step, cfg.steps);

  const save = (): void => {
    const st = agent.state();
    for (const [name, bytes] of Object.entries(st.files)) writeFileAtomic(join(outDir, 'checkpoints', name), bytes);
    const groups = { ...st.checkpoint.groups, ...(probe ? { probe: { obs: probe } } : {}) };
    saveCheckpoint(run.checkpointPath, { ...st.checkpoint, groups });
    lastGood = `${run.checkpointPath} (step ${agent.step})`;
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
        run.writeStatus('running', agent.step, cfg.steps);
      }
      if (opts.progress !== false) progress.update(agent.step, { episodes: agent.episodes, return: agent.recentReturn() });
    }
    if (agent.step < cfg.steps) {
      save();
      run.writeStatus('interrupted', agent.step, cfg.steps);
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
    run.writeStatus('finished', agent.step, cfg.steps);
    if (agent.guard.skipped > 0) process.stderr.write(`hadamard-rl: ${agent.guard.skipped} updates skipped for a NaN or Inf loss or gradient (on-nonfinite: skip; see the nonfinite rows of metrics.jsonl)\n`);
    return { state: 'finished', step: agent.step, evalReturns };
  } catch (e) {
    if (e instanceof DivergenceError) {
      emit({ kind: 'nonfinite', step: e.step, tensor: e.tensor, value: String(e.value), action: 'stop' });
      e.message += lastGood === null
        ? `; no checkpoint was written before it (checkpoint-every ${cfg['checkpoint-every']})`
        : `; the last good checkpoint is ${lastGood}. Resuming repeats the same updates: first set max-grad-norm, or ` +
          `on-nonfinite: skip (to skip and count such updates), in ${run.configPath}, then hrl train --resume ${outDir}`;
    }
    run.writeStatus('failed', agent.step, cfg.steps, (e as Error).message);
    throw e;
  } finally {
    signal.dispose();
  }
}

