/**
 * Runs one training process on behalf of a sweep or worker: `node guard.js [--fence-ms=N] CMD ARGS...`. Its stdin is a
 * pipe from the parent; when that closes (the parent exited or was killed) the training process gets SIGTERM, so it
 * writes a checkpoint and stops instead of running on as an orphan next to the retry of its run. SIGTERM/SIGINT to the
 * guard are passed on once. The exit code is the training process's (128 + signal number when it was killed).
 *
 * Fencing (`--fence-ms`, for queue workers): the parent writes a line each time it has renewed its job's queue lock;
 * when none comes for N ms (the worker froze, or cannot reach Redis) its lock may expire and another worker may take
 * the job over, so the run is stopped first and the guard exits with EXIT_RUN_BUSY (the job is retried later).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { EXIT_RUN_BUSY } from '../../training/run-lock.js';

const fenceFlag = /^--fence-ms=(\d+)$/.exec(process.argv[2] ?? '');
const fenceMs = fenceFlag ? Number(fenceFlag[1]) : 0;
const [cmd, ...args] = process.argv.slice(fenceFlag ? 3 : 2);
if (!cmd) {
  process.stderr.write('usage: node guard.js [--fence-ms=N] CMD [ARGS...]\n');
  process.exit(2);
}
const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
const stop = (why: string): void => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`\nhrl sweep guard: ${why}; stopping the run (it writes a checkpoint)\n`);
  child.kill('SIGTERM');
  // A run that does not stop in time is killed; its last periodic checkpoint remains.
  setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
};
process.stdin.on('end', () => stop('the sweep or worker process is gone'));
process.stdin.on('error', () => stop('lost the sweep or worker process'));
process.stdin.resume();
let fenced = false;
if (fenceMs > 0) {
  let lastWord = Date.now();
  process.stdin.on('data', () => { lastWord = Date.now(); });
  const watch = setInterval(() => {
    if (Date.now() - lastWord <= fenceMs) return;
    clearInterval(watch);
    fenced = true;
    stop(`no lock renewal from the worker for ${fenceMs} ms, so another worker may take the job over (fencing)`);
  }, Math.max(20, Math.min(250, fenceMs / 4)));
  watch.unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
child.on('error', (e) => {
  process.stderr.write(`hrl sweep guard: cannot start ${cmd}: ${e.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  const sig = signal ? (constants.signals as Record<string, number>)[signal] ?? 0 : 0;
  process.exit(fenced && code !== 0 ? EXIT_RUN_BUSY : code ?? 128 + sig);
});
