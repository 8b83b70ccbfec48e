/**
 * Loading of the PyTorch known-value fixtures (test/fixtures/torch/*.json, made by scripts/torch-fixtures/generate.py)
 * and the closeness check the fixture tests share. Tests never need Python: the JSON holds the inputs too.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Parses test/fixtures/torch/<name> (path resolved from dist/test/torch-fixtures/ or test/torch-fixtures/). */
export function loadFixture<T>(name: string): T {
  const path = fileURLToPath(new URL(`../../../test/fixtures/torch/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface Tolerance {
  /** Relative part, times |expected|. */
  rtol: number;
  /** Absolute part, times the largest |expected| of the whole tensor (scale-aware: float32 sums lose bits relative to
   * the magnitudes summed, not to each result). */
  atolScaled: number;
  /** A floor on the absolute part (for tensors whose values are all tiny). */
  atolMin?: number;
}

/** Asserts |a − e| ≤ rtol·|e| + max(atolScaled·max|e|, atolMin) elementwise, reporting the worst element. */
export function assertClose(actual: ArrayLike<number>, expected: readonly number[], tol: Tolerance, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length ${actual.length}, expected ${expected.length}`);
  let scale = 0;
  for (const e of expected) scale = Math.max(scale, Math.abs(e));
  const atol = Math.max(tol.atolScaled * scale, tol.atolMin ?? 0);
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (!Number.isFinite(a)) assert.fail(`${label}[${i}]: got ${a}, expected ${e}`);
    const excess = Math.abs(a - e) - (tol.rtol * Math.abs(e) + atol);
    if (excess > worstExcess) { worstExcess = excess; worst = i; }
  }
  if (worst >= 0) {
    assert.fail(`${label}[${worst}]: got ${actual[worst]}, expected ${expected[worst]} (|diff| ${Math.abs(actual[worst]! - expected[worst]!).toExponential(2)}, rtol ${tol.rtol}, atol ${atol.toExponential(2)})`);
  }
}
