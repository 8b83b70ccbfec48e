/**
 * What a run directory says about its run: the truth a sweep reconciles its queue with, and what `hrl aggregate`
 * reports for runs it leaves out. Reads status.json, the last line of log.txt and the times of the last writes.
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface RunState {
  /** status.json's state ('running', 'interrupted', 'finished', 'failed'), or null without a readable status.json. */
  state: string | null;
  step: number;
  totalSteps: number;
  /** The error status.json records for a failed run. */
  error: string | null;
  /** The last non-empty line of log.txt (a run that fails before training writes no status, only its log). */
  lastLogLine: string | null;
  /** Time (ms since the epoch) of the newest write to status.json, metrics.jsonl or log.txt; null if none exists. */
  lastWrite: number | null;
  /** The run stopped itself: status.json says interrupted or failed and nothing was written after it. */
  stopped: boolean;
}

const mtime = (p: string): number | null => (existsSync(p) ? statSync(p).mtimeMs : null);

/** The last `maxBytes` of a text file (its first line may be cut); null if the file does not exist. */
export function readTail(path: string, maxBytes: number): string | null {
  if (!existsSync(path)) return null;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const n = Math.min(size, maxBytes);
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, size - n);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The last non-empty line of a text file, reading at most its last 4 KiB. */
export function lastLine(path: string): string | null {
  return readTail(path, 4096)?.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? null;
}

export function readRunState(runDir: string): RunState {
  const statusPath = join(runDir, 'status.json');
  type Status = { state?: unknown; step?: unknown; totalSteps?: unknown; error?: unknown };
  let status: Status | null = null;
  if (existsSync(statusPath)) {
    try { status = JSON.parse(readFileSync(statusPath, 'utf8')) as Status; } catch { /* torn or garbage: no state */ }
  }
  const statusTime = mtime(statusPath);
  const times = [statusTime, mtime(join(runDir, 'metrics.jsonl')), mtime(join(runDir, 'log.txt'))].filter((t): t is number => t !== null);
  const lastWrite = times.length > 0 ? Math.max(...times) : null;
  const state = typeof status?.state === 'string' ? status.state : null;
  // The run's own last words ("stopped at step …") follow its status by milliseconds; a later write is a new attempt.
  const stopped = (state === 'interrupted' || state === 'failed') && statusTime !== null && lastWrite! - statusTime < 2000;
  return {
    state, step: typeof status?.step === 'number' ? status.step : 0, totalSteps: typeof status?.totalSteps === 'number' ? status.totalSteps : 0,
    error: typeof status?.error === 'string' ? status.error : null, lastLogLine: lastLine(join(runDir, 'log.txt')), lastWrite, stopped,
  };
}

/** The header launch.ts writes to log.txt before the training process says anything. */
const isLaunchHeader = (line: string): boolean => line.startsWith('=== ');

/** How far a run that has not finished got: it failed (also before training), it is unfinished (running, interrupted), or it never started. */
export function unfinishedKind(s: RunState): 'failed' | 'unfinished' | 'not started' {
  if (s.state === 'failed' || (s.state === null && s.lastLogLine !== null && !isLaunchHeader(s.lastLogLine))) return 'failed';
  if (s.state !== null || s.lastLogLine !== null) return 'unfinished';
  return 'not started';
}

/** Why a run did not finish, in a few words: its recorded error, else its state, else the last line of its log. */
export function describeUnfinished(s: RunState): string {
  if (s.state === 'failed') return `failed at step ${s.step}${s.error ? `: ${s.error}` : s.lastLogLine ? `: ${s.lastLogLine}` : ''}`;
  if (s.state !== null) return `${s.state} at step ${s.step} of ${s.totalSteps}`;
  if (s.lastLogLine !== null && isLaunchHeader(s.lastLogLine)) return 'launched, but it wrote no status';
  if (s.lastLogLine !== null) return `failed before training: ${s.lastLogLine}`;
  return 'not started';
}
