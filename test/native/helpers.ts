/**
 * Shared helpers of the native-vs-reference tests. Tolerances (documented in README of native/):
 * - GEMM-based results: |native − ref| ≤ 4·k·2⁻²⁴·Σ_p|a_ip·b_pj| + 2⁻²⁴·|β·c| (the classical float32 dot-product bound;
 *   the reference accumulates in float64, native in float32 with FMA).
 * - Elementwise / row-wise kernels (computed in double on both sides): |native − ref| ≤ 1e-6·|ref| + 1e-7 (≤ ~8 ulp).
 */
import assert from 'node:assert/strict';
import { loadNativeBackend, NativeBackend, usableIsas, type NativeIsa } from '../../src/tensor/backends/native.js';
import { ReferenceBackend } from '../../src/tensor/backends/reference.js';
import { Rng } from '../../src/util/rng.js';

export const ref = new ReferenceBackend();
const loaded = loadNativeBackend();
/** Every op goes to C++ here (the production wrapper runs tiny elementwise ops and GEMMs in JS). */
export const native: NativeBackend | null = loaded ? new NativeBackend(loaded.raw, false) : null;
/** The production wrapper, as the engine uses it. */
export const nativeDefault: NativeBackend | null = loaded;
export const skip = native === null ? 'native addon not built' : false;

export function rand(n: number, rng: Rng, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.uniform();
  return a;
}

export const U = 2 ** -24;

/** Elementwise agreement with a per-element tolerance (default: the elementwise one above). */
export function assertClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: (i: number, w: number) => number = (_i, w) => 1e-6 * Math.abs(w) + 1e-7): void {
  assert.equal(got.length, want.length, `${name}: length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w)) { assert.ok(Number.isNaN(g), `${name}[${i}]: want NaN, got ${g}`); continue; }
    if (g === w) continue;
    assert.ok(Math.abs(g - w) <= tol(i, w), `${name}[${i}]: native ${g} vs reference ${w}`);
  }
}

/** ISAs this CPU can run, as the addon reports them (scalar always). */
export function isas(): NativeIsa[] {
  return native ? usableIsas(native.raw.info().detected) : [];
}

export { Rng };
