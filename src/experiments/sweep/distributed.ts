/**
 * The distributed executor on BullMQ (a Redis-backed job queue). `runDistributedSweep` enqueues one job per run
 * (job id = run name, so a run is queued once) and waits until every job is completed or has failed for good;
 * `startWorker` takes jobs and runs `hrl train` for them in the shared sweep folder. A worker that dies stops renewing
 * its job's lock; after `lockDuration` another worker's stalled check puts the job back in the queue, and the retry
 * resumes the run from its last checkpoint (`train --resume`). A worker stopped with SIGTERM/SIGINT checkpoints its
 * runs and hands their jobs back to the queue. Fencing: a run goes on only while its worker keeps renewing the job's
 * lock, so a frozen worker's run stops before another worker can take the job; and a run directory has one writer at a
 * time (src/training/run-lock.ts), so a retry that finds its run still held is delayed, not failed. See
 * docs/distributed.md.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { DelayedError, Queue, UnrecoverableError, Worker, WaitingError, type Job } from 'bullmq';
import { describeOwner, EXIT_RUN_BUSY, runOwner } from '../../training/run-lock.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { defaultTrainer, launchRun, type LaunchedRun } from './launch.js';
import { runAction, runDirOf, trainArgs } from './manifest.js';
import { SweepProgress, type SweepState } from './progress.js';
import { reconcile, type JobState } from './reconcile.js';
import { redisClient, reportConnection } from './redis.js';
import { readRunState } from './run-state.js';
import type { ConfigScalar, SweepRun } from './spec.js';

export const DEFAULT_QUEUE = 'hrl-sweep';

export interface RunJobData {
  name: string;
  config: Record<string, ConfigScalar>;
}

export interface DistributedOptions {
  redis: string;
  queue?: string | undefined;
  /** Attempts per run before it counts as failed (default 3; stalls from dead workers do not count). */
  attempts?: number;
  progress?: boolean;
  pollMs?: number;
  /**
   * A run whose job the queue lost (Redis restarted without persistence) is enqueued again once nothing has written to
   * its directory for this long (default 2 min): until then a worker may still be training it.
   */
  quietMs?: number;
  /** Where notices go (default stderr). */
  log?: (line: string) => void;
}

export interface DistributedResult {
  done: string[];
  skipped: string[];
  failed: { name: string; reason: string }[];
  /** Runs enqueued again after the queue lost their jobs. */
  requeued: string[];
}

/** A run is given up after its job was lost this many times (the queue keeps losing it). */
const MAX_REQUEUES = 5;

/**
 * Enqueues the runs that are not finished and waits for all of them; re-running re-attaches to queued jobs. Each run's
 * outcome is decided with its run directory (reconcile.ts): finished on disk is done whatever the queue says, and a
 * job the queue lost is enqueued again unless a worker is still writing its run.
 */
export async function runDistributedSweep(dir: string, runs: readonly SweepRun[], opts: DistributedOptions): Promise<DistributedResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`\nhrl sweep: ${l}\n`));
  const client = redisClient(opts.redis);
  const connection = reportConnection(client, log);
  const queue = new Queue<RunJobData>(opts.queue ?? DEFAULT_QUEUE, { connection: client });
  queue.on('error', connection.error);
  const enqueue = (run: SweepRun): Promise<unknown> => queue.add(run.name, { name: run.name, config: run.config }, {
    jobId: run.name, attempts: opts.attempts ?? 3, backoff: { type: 'fixed', delay: 2000 }, removeOnComplete: false, removeOnFail: false,
  });
  const skipped: string[] = [];
  const pending: string[] = [];
  try {
    for (const run of runs) {
      if (runAction(runDirOf(dir, run.name)) === 'skip') { skipped.push(run.name); continue; }
      const old = await queue.getJob(run.name);
      const state = old ? await old.getState() : null;
      // A finished or failed job of an earlier sweep invocation is replaced; a queued or running one is kept.
      if (old && (state === 'completed' || state === 'failed')) await old.remove();
      if (!old || state === 'completed' || state === 'failed' || state === 'unknown') await enqueue(run);
      pending.push(run.name);
    }
    const progress = opts.progress === false ? null : new SweepProgress(dir, runs, { label: 'sweep (redis)' });
    const byName = new Map(runs.map((r) => [r.name, r]));
    const done: string[] = [];
    const failed: DistributedResult['failed'] = [];
    const requeues = new Map<string, number>();
    const waitingForWriter = new Set<string>();
    const open = new Set(pending);
    const state = (active: readonly string[]): SweepState => ({
      running: active, settled: [...skipped, ...done, ...failed.map((f) => f.name)],
      fields: { queued: open.size - active.length, ...(failed.length ? { failed: failed.length } : {}) },
    });
    while (open.size > 0) {
      const active: string[] = [];
      for (const name of [...open]) {
        const job = await queue.getJob(name);
        const raw = job ? await job.getState() : 'unknown';
        if (raw === 'active') active.push(name);
        const state: JobState = raw === 'completed' || raw === 'failed' ? raw : raw === 'unknown' ? 'missing' : 'pending';
        if (state === 'pending') continue; // queued or running: the queue knows, no need to read the run directory yet
        const run = readRunState(runDirOf(dir, name));
        const v = reconcile(state, run, { now: Date.now(), quietMs: opts.quietMs ?? 120_000, failedReason: job?.failedReason });
        if (v.kind === 'done') { open.delete(name); done.push(name); }
        else if (v.kind === 'failed') { open.delete(name); failed.push({ name, reason: v.reason }); }
        else if (v.kind === 'requeue') {
          const n = (requeues.get(name) ?? 0) + 1;
          if (n > MAX_REQUEUES) { open.delete(name); failed.push({ name, reason: `its job was lost from the queue ${MAX_REQUEUES} times` }); continue; }
          requeues.set(name, n);
          waitingForWriter.delete(name);
          await enqueue(byName.get(name)!);
          log(`${name}: the queue lost its job (Redis restarted without persistence?); enqueued it again (${run.state === null ? 'not started' : `${run.state} at step ${run.step}`} on disk)`);
        } else if (!waitingForWriter.has(name)) {
          waitingForWriter.add(name);
          log(`${name}: the queue lost its job, but a worker is still writing the run (step ${run.step}); waiting for it`);
        }
      }
      progress?.update(state(active.filter((name) => open.has(name))));
      if (open.size > 0) await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    }
    progress?.done(state([]));
    return { done, skipped, failed, requeued: [...requeues.keys()] };
  } finally {
    await queue.close();
    client.disconnect();
  }
}

export interface WorkerOptions {
  redis: string;
  /** The shared sweep folder (the same path on every machine, e.g. an NFS mount). */
  out: string;
  queue?: string | undefined;
  /** Runs at a time in this worker (default 1). */
  concurrency?: number;
  /** How long a job's lock lasts without renewal (default 30 s); a dead worker's run is retried after it. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (default 15 s). */
  stalledIntervalMs?: number;
  trainer?: readonly string[];
  log?: (line: string) => void;
}

export interface RunningWorker {
  /** Checkpoints the running runs, hands their jobs back to the queue and disconnects. */
  close(): Promise<void>;
  /** Resolves when the worker has closed. */
  readonly closed: Promise<void>;
}

export function startWorker(opts: WorkerOptions): RunningWorker {
  const trainer = opts.trainer ?? defaultTrainer();
  const log = opts.log ?? ((l: string) => console.log(`${new Date().toISOString()} ${l}`));
  const id = `${hostname()}:${process.pid}`;
  const running = new Map<string, LaunchedRun>();
  const busyRetries = new Map<string, number>();
  const lostLock = new Set<string>(); // runs stopped because their job's lock could not be renewed
  const lockDurationMs = opts.lockDurationMs ?? 30_000;
  // a run must stop before its job's lock can expire: BullMQ renews every lockDuration/4 to lockDuration/2
  const fenceMs = 0.75 * lockDurationMs;
  let closing = false;
  const processor = async (job: Job<RunJobData>, token?: string): Promise<{ action: string }> => {
    const { name, config } = job.data;
    // Run names are sanitised by the sweep; anything else (a path) is refused rather than written outside DIR.
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new UnrecoverableError(`job ${job.id}: invalid run name ${JSON.stringify(name)}`);
    const runDir = runDirOf(opts.out, name);
    const cfgPath = join(runDir, 'sweep-config.json');
    if (!existsSync(cfgPath)) writeFileAtomic(cfgPath, JSON.stringify(config, null, 2) + '\n');
    const action = runAction(runDir);
    if (action === 'skip') { log(`${name}: already finished`); return { action }; }
    log(`${name}: ${action === 'resume' ? 'resuming from its checkpoint' : 'starting'} (attempt ${job.attemptsMade + 1}, stalled ${job.stalledCounter ?? 0}×)`);
    const child = launchRun(runDir, trainArgs(runDir, action), trainer, `hrl worker ${id} (${action}, job attempt ${job.attemptsMade + 1})`, { fenceMs });
    running.set(name, child);
    const { code } = await child.done;
    running.delete(name);
    const lockLost = lostLock.delete(name);
    if (code === 0) { busyRetries.delete(name); log(`${name}: finished`); return { action }; }
    if (closing && token) {
      // Stopped by this worker's shutdown: the run has a checkpoint; give the job back without using an attempt.
      await job.moveToWait(token);
      log(`${name}: stopped with a checkpoint and returned to the queue`);
      throw new WaitingError();
    }
    if ((code === EXIT_RUN_BUSY || lockLost) && token) {
      // Not a failure of the run: another process holds its directory, or the guard stopped it because this worker's
      // lock renewals stopped (fencing). Try again later without using an attempt, if the job is still ours.
      const n = busyRetries.get(name) ?? 0;
      busyRetries.set(name, n + 1);
      const delayMs = Math.min(60_000, 1000 * 2 ** n);
      try {
        await job.moveToDelayed(Date.now() + delayMs, token);
      } catch {
        log(`${name}: this worker lost the job's queue lock (was it paused?); its run was stopped before another worker took it over`);
        throw new WaitingError(); // the job is another worker's now: leave it alone
      }
      const holder = runOwner(runDir);
      log(`${name}: ${holder ? `its run directory is held by ${describeOwner(holder)}` : 'stopped (fencing)'}; trying again in ${delayMs / 1000} s`);
      throw new DelayedError();
    }
    throw new Error(`hrl train exited with code ${code} (worker ${id}); see ${join(runDir, 'log.txt')}`);
  };
  const client = redisClient(opts.redis);
  const connection = reportConnection(client, log);
  const lostJobs = new Set<string>();
  const onError = (err: Error): void => {
    // BullMQ's words for a job that is gone from Redis (lock renewal, completion); said once per job, in ours.
    const lost = /(?:lock|key) for job (.+?)(?:\. \w+)?$/.exec(err.message)?.[1];
    if (lost === undefined) { connection.error(err); return; }
    if (lostJobs.has(lost)) return;
    lostJobs.add(lost);
    log(`${lost}: the queue lost this job (Redis restarted without persistence?); the run directory keeps its progress, and the sweep reconciles with it`);
  };
  const worker = new Worker<RunJobData>(opts.queue ?? DEFAULT_QUEUE, processor, {
    connection: client, concurrency: opts.concurrency ?? 1,
    lockDuration: lockDurationMs, stalledInterval: opts.stalledIntervalMs ?? 15_000, maxStalledCount: 5,
  });
  worker.on('failed', (job, err) => { if (job && !(err instanceof WaitingError)) log(`${job.data.name}: attempt ${job.attemptsMade} failed: ${err.message}`); });
  worker.on('error', onError);
  // fencing: each renewal of a job's lock lets its run go on; a failed renewal stops it at once (guard.ts)
  worker.on('locksRenewed', ({ jobIds }) => { for (const jobId of jobIds) running.get(jobId)?.renewed(); });
  worker.on('lockRenewalFailed', (jobIds) => {
    for (const jobId of jobIds) {
      const run = running.get(jobId);
      if (!run) continue;
      log(`${jobId}: could not renew the job's queue lock; stopping its run so that it cannot overlap another worker's retry`);
      lostLock.add(jobId);
      run.stop();
    }
  });
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const close = async (): Promise<void> => {
    if (closing) return closed;
    closing = true;
    for (const r of running.values()) r.stop();
    await worker.close();
    client.disconnect();
    resolveClosed();
    return closed;
  };
  log(`worker ${id}: queue ${opts.queue ?? DEFAULT_QUEUE}, concurrency ${opts.concurrency ?? 1}, output ${opts.out}`);
  return { close, closed };
}
