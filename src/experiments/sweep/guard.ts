/**
 * Runs one training process on behalf of a sweep or worker: `node guard.js CMD ARGS...`. Its stdin is a pipe from the
 * parent; when that closes (the parent exited or was killed) the training process gets SIGTERM, so it writes a
 * checkpoint and stops instead of running on as an orphan next to the retry of its run. SIGTERM/SIGINT to the guard
 * are passed on once. The exit code is the training process's (128 + signal number when it was killed).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  process.stderr.write('usage: node guard.js CMD [ARGS...]\n');
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
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
child.on('error', (e) => {
  process.stderr.write(`hrl sweep guard: cannot start ${cmd}: ${e.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  const sig = signal ? (constants.signals as Record<string, number>)[signal] ?? 0 : 0;
  process.exit(code ?? 128 + sig);
});
