/** Starts `hrl train` for one run (through guard.js), with its output appended to RUN_DIR/log.txt. */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The command that runs `hrl …`: `HRL_TRAINER` (a JSON array, e.g. `["node", "fake-trainer.js"]`) when set, else this
 * installation's CLI under the current Node.
 */
export function defaultTrainer(): string[] {
  const env = process.env['HRL_TRAINER'];
  if (env) {
    const parsed = JSON.parse(env) as unknown;
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((s) => typeof s === 'string')) {
      throw new Error(`HRL_TRAINER must be a JSON array of strings, got ${env}`);
    }
    return parsed as string[];
  }
  return [process.execPath, fileURLToPath(new URL('../../cli/main.js', import.meta.url))];
}

export interface RunExit {
  /** Exit code (128 + signal number if the training process was killed). */
  code: number;
}

export interface LaunchedRun {
  readonly pid: number;
  readonly done: Promise<RunExit>;
  /** Asks the run to checkpoint and stop (SIGTERM). */
  stop(): void;
  /** Tells the guard the job's queue lock was renewed (with `fenceMs`). */
  renewed(): void;
}

export interface LaunchOptions {
  /** The run's compute threads (HRL_THREADS) unless the caller's environment sets them: parallel runs share the cores. */
  threads?: number;
  /** Stop the run when `renewed()` has not been called for this long (guard.ts, fencing). */
  fenceMs?: number;
}

/** Launches `trainer + args` through guard.js in its own process group, stdout and stderr appended to RUN_DIR/log.txt. */
export function launchRun(runDir: string, args: readonly string[], trainer: readonly string[], header: string, opts: LaunchOptions = {}): LaunchedRun {
  const { threads, fenceMs } = opts;
  mkdirSync(runDir, { recursive: true });
  const log = openSync(join(runDir, 'log.txt'), 'a');
  writeSync(log, `\n=== ${new Date().toISOString()} ${header}: ${[...trainer.slice(1), ...args].join(' ')}\n`);
  const guard = fileURLToPath(new URL('./guard.js', import.meta.url));
  const child = spawn(process.execPath, [guard, ...(fenceMs ? [`--fence-ms=${Math.round(fenceMs)}`] : []), ...trainer, ...args], {
    stdio: ['pipe', log, log], detached: true,
    env: { ...(threads && !process.env['HRL_THREADS'] ? { HRL_THREADS: String(threads) } : {}), ...process.env, HRL_QUIET: '1' },
  });
  closeSync(log);
  child.stdin?.on('error', () => { /* the guard is gone: its exit is reported below */ });
  const done = new Promise<RunExit>((resolve) => {
    child.on('error', () => resolve({ code: 127 }));
    child.on('exit', (code, signal) => {
      child.stdin?.destroy();
      resolve({ code: code ?? (signal ? 128 + 15 : 1) });
    });
  });
  return {
    pid: child.pid ?? -1, done, stop: () => { child.kill('SIGTERM'); },
    renewed: () => { if (child.stdin?.writable) child.stdin.write('\n'); },
  };
}
