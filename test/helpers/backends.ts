/**
 * The backends the engine tests run against: always the TypeScript reference, plus the native addon when it loaded
 * (and HRL_BACKEND does not force 'ts'). Each engine test is registered once per backend.
 */
import type { Backend } from '../../src/tensor/index.js';
import { referenceBackend, selectBackend } from '../../src/tensor/index.js';
import { NativeBackend, usableIsas, type NativeIsa } from '../../src/tensor/backends/native.js';

export function backendsUnderTest(): Backend[] {
  const ref = referenceBackend();
  let chosen: Backend = ref;
  try {
    chosen = selectBackend();
  } catch {
    chosen = ref;
  }
  return chosen === ref ? [ref] : [ref, chosen];
}

export interface BackendVariant {
  /** For test names: 'ts', 'native', or 'native, every op in C++'. */
  readonly label: string;
  readonly backend: Backend;
}

/**
 * backendsUnderTest() plus, where native runs, the native backend with every op in C++: the engine's native wrapper
 * runs tiny elementwise ops and GEMMs in TypeScript, so small test shapes would otherwise never reach the C++ kernels.
 */
export function backendVariantsUnderTest(): BackendVariant[] {
  return backendsUnderTest().flatMap((be) => be instanceof NativeBackend
    ? [{ label: be.name, backend: be }, { label: `${be.name}, every op in C++`, backend: new NativeBackend(be.raw, false) }]
    : [{ label: be.name, backend: be }]);
}

/**
 * Runs fn once per instruction set this CPU has when `be` is native (then restores the one in use), else once:
 * setIsa switches every kernel family (GEMM, conv, elementwise, optimizer, GEMV loops) to its copy for that ISA.
 */
export function forEachNativeIsa(be: Backend, fn: (isa: string) => void): void {
  if (!(be instanceof NativeBackend)) { fn(be.name); return; }
  const info = be.raw.info();
  try {
    for (const isa of usableIsas(info.detected)) { be.raw.setIsa(isa); fn(isa); }
  } finally {
    be.raw.setIsa(info.isa as NativeIsa);
  }
}
