/**
 * Loading of the PyTorch known-value fixtures (test/fixtures/torch/*.json, made by scripts/torch-fixtures/generate.py)
 * and the closeness check the fixture tests share. Tests never need Python: the JSON holds the inputs too.
 * JSON has no NaN or ±Inf: the fixtures write them as the strings 'nan', 'inf' and '-inf', which loading turns back
 * into numbers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NON_FINITE = new Map<unknown, number>([['nan', NaN], ['inf', Infinity], ['-inf', -Infinity]]);

/** Parses test/fixtures/torch/<name> (path resolved from dist/test/torch-fixtures/ or test/torch-fixtures/). */
export function loadFixture<T>(name: string): T {
  const path = fileURLToPath(new URL(`../../../test/fixtures/torch/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'), (_key, v: unknown) => NON_FINITE.get(v as string) ?? v) as T;
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

/**
 * Asserts |a − e| ≤ rtol·|e| + max(atolScaled·max|e|, atolMin) elementwise (max over the finite e), reporting the
 * worst element; where e is NaN or ±Inf, a must be NaN or the same infinity.
 */
export function assertClose(actual: ArrayLike<number>, expected: readonly number[], tol: Tolerance, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length ${actual.length}, expected ${expected.length}`);
  let scale = 0;
  for (const e of expected) if (Number.isFinite(e)) scale = Math.max(scale, Math.abs(e));
  const atol = Math.max(tol.atolScaled * scale, tol.atolMin ?? 0);
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (!Number.isFinite(e)) {
      if (!Object.is(a, e)) assert.fail(`${label}[${i}]: got ${a}, expected ${e}`); // Object.is(NaN, NaN) holds
      continue;
    }
    if (!Number.isFinite(a)) assert.fail(`${label}[${i}]: got ${a}, expected ${e}`);
    const excess = Math.abs(a - e) - (tol.rtol * Math.abs(e) + atol);
    if (excess > worstExcess) { worstExcess = excess; worst = i; }
  }
  if (worst >= 0) {
    assert.fail(`${label}[${worst}]: got ${actual[worst]}, expected ${expected[worst]} (|diff| ${Math.abs(actual[worst]! - expected[worst]!).toExponential(2)}, rtol ${tol.rtol}, atol ${atol.toExponential(2)})`);
  }
}
