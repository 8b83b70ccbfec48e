/**
 * The backends the engine tests run against: always the TypeScript reference, plus the native addon when it loaded
 * (and HRL_BACKEND does not force 'ts'). Each engine test is registered once per backend.
 */
import type { Backend } from '../../src/tensor/index.js';
import { referenceBackend, selectBackend } from '../../src/tensor/index.js';

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
