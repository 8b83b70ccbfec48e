/**
 * The distributed sweep's verdict on a run from its queue job and its run directory. The run directories are the
 * truth: Redis can lose jobs (a restart without persistence, a flush) or keep a stale state, while a run whose
 * status.json says finished is done whatever its job says.
 */
import { describeUnfinished, type RunState } from './run-state.js';

/** A job's state in the queue: 'missing' when the queue no longer has it, 'pending' while waiting, delayed or active. */
export type JobState = 'completed' | 'failed' | 'missing' | 'pending';

export type Verdict =
  | { kind: 'done' }
  | { kind: 'failed'; reason: string }
  /** Queued or running; or lost from the queue while its directory is still being written (a worker trains it on). */
  | { kind: 'wait' }
  /** Lost from the queue and nobody writes its directory: enqueue it again (it resumes from its checkpoint). */
  | { kind: 'requeue' };

/** Someone is training the run: it has not stopped itself and wrote to its directory within the last `quietMs`. */
export function isBeingWritten(run: RunState, now: number, quietMs: number): boolean {
  return !run.stopped && run.lastWrite !== null && now - run.lastWrite < quietMs;
}

export function reconcile(job: JobState, run: RunState, opts: { now: number; quietMs: number; failedReason?: string | undefined }): Verdict {
  if (run.state === 'finished') return { kind: 'done' };
  switch (job) {
    case 'completed':
      return { kind: 'failed', reason: `its job completed, but the run directory says ${describeUnfinished(run)} (do the workers write to this --out folder?)` };
    case 'failed':
      return { kind: 'failed', reason: `${opts.failedReason || 'its job failed'}; the run ${describeUnfinished(run)}` };
    case 'missing':
      return isBeingWritten(run, opts.now, opts.quietMs) ? { kind: 'wait' } : { kind: 'requeue' };
    case 'pending':
      return { kind: 'wait' };
  }
}
