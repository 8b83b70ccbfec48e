/**
 * Running the PyTorch side of a benchmark: Debian's python3-torch with OpenBLAS (without the OpenBLAS library path
 * Debian's torch uses the slow reference BLAS, see mission.md §5), a given OMP thread count, JSON on the last stdout line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadNativeBackend } from '../../src/tensor/backends/native.js';

// Debian's multiarch directory of this CPU (x86_64-linux-gnu, aarch64-linux-gnu)
export const OPENBLAS = `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/openblas-pthread`;
// HRL_BENCH_PYTHON: another interpreter with torch (e.g. a virtual environment's, on macOS)
export const PYTHON = process.env['HRL_BENCH_PYTHON'] ?? '/usr/bin/python3';

/**
 * PyTorch held to the instruction set our side runs at (HRL_ISA may force ours lower), so a ratio compares like with
 * like; a variable the caller set wins.
 * - OPENBLAS_CORETYPE (its GEMMs: the Linear layers): Debian's OpenBLAS 0.3.21 does not know CPUs newer than itself
 *   (e.g. an Intel Xeon of family 6 model 207, Sapphire/Emerald Rapids) and falls back to its SSE3 "Prescott"
 *   kernels, 3–5× slower on the Nature CNN's 3136×512 layer. Naming the kernel family fixes that at every level.
 * - ONEDNN_MAX_CPU_ISA (oneDNN runs the convolutions): AVX2 or SSE4.1 below AVX-512.
 * - ATEN_CPU_CAPABILITY (ATen's own vectorised loops; 1.13 already picks avx2 on AVX-512 CPUs).
 */
export function torchIsaEnv(isa: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const wanted: Record<string, Record<string, string>> = {
    avx512: { OPENBLAS_CORETYPE: 'SkylakeX' },
    avx2: { OPENBLAS_CORETYPE: 'Haswell', ONEDNN_MAX_CPU_ISA: 'AVX2', ATEN_CPU_CAPABILITY: 'avx2' },
    scalar: { OPENBLAS_CORETYPE: 'Prescott', ONEDNN_MAX_CPU_ISA: 'SSE41', ATEN_CPU_CAPABILITY: 'default' },
  };
  return Object.fromEntries(Object.entries(wanted[isa] ?? {}).filter(([k]) => env[k] === undefined));
}

/** The PyTorch settings that match the instruction set our native backend runs at, and a line saying so. */
export function torchIsaSettings(): { env: Record<string, string>; describe: string } {
  const isa = loadNativeBackend()?.raw.info().isa ?? '';
  const env = torchIsaEnv(isa);
  const set = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  return { env, describe: set ? `PyTorch held to ${isa}: ${set}` : 'PyTorch at its own defaults' };
}

/** Runs bench/torch/SCRIPT with args; returns the parsed JSON or a one-line reason it could not run. */
export function runTorchScript<T>(script: string, args: readonly string[], threads: number, timeoutMs = 300_000): T | string {
  const path = fileURLToPath(new URL(`../../../bench/torch/${script}`, import.meta.url));
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const env = { ...process.env, ...torchIsaSettings().env, OMP_NUM_THREADS: String(threads), LD_LIBRARY_PATH: [OPENBLAS, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') };
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
