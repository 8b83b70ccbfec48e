/**
 * Running the PyTorch side of a benchmark: Debian's python3-torch with OpenBLAS (without the OpenBLAS library path
 * Debian's torch uses the slow reference BLAS, see mission.md §5), a given OMP thread count, JSON on the last stdout line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Debian's multiarch directory of this CPU (x86_64-linux-gnu, aarch64-linux-gnu)
export const OPENBLAS = `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/openblas-pthread`;
// HRL_BENCH_PYTHON: another interpreter with torch (e.g. a virtual environment's, on macOS)
export const PYTHON = process.env['HRL_BENCH_PYTHON'] ?? '/usr/bin/python3';

/** Runs bench/torch/SCRIPT with args; returns the parsed JSON or a one-line reason it could not run. */
export function runTorchScript<T>(script: string, args: readonly string[], threads: number, timeoutMs = 300_000): T | string {
  const path = fileURLToPath(new URL(`../../../bench/torch/${script}`, import.meta.url));
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), LD_LIBRARY_PATH: [OPENBLAS, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') };
  const r = spawnSync(PYTHON, [path, ...args], { env, encoding: 'utf8', timeout: timeoutMs });
  if (r.error) return r.error.message;
  if (r.status !== 0) return (r.stderr || `exit ${r.status}`).trim().split('\n').slice(-1)[0]!;
  try {
    return JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]!) as T;
  } catch {
    return `unparsable output: ${r.stdout.slice(0, 200)}`;
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}
