/**
 * Dead (ReLU-like) and saturated (tanh/sigmoid-like) neurons: the activation stays at a limit of its
 * range for every probe state, so the neuron passes no information (mission.md §3).
 */
import { assertMatrix, type Matrix } from '../linalg/matrix.js';
import { DEFAULT_DEAD_THRESHOLD, defaultSaturationRange, type ActivationKind, type SaturationRange } from './activation.js';
import { maskFraction } from './neuronSet.js';

export interface DeadOptions {
  /** Dead when a ≤ threshold for every probe state. Default 0. */
  threshold?: number;
}

/** 1 where the neuron is dead (a ≤ threshold for every probe state), else 0. */
export function deadMask(m: Matrix, options: DeadOptions = {}): Uint8Array {
  assertMatrix(m, 'deadMask');
  const thr = options.threshold ?? DEFAULT_DEAD_THRESHOLD;
  const { rows, cols, data } = m;
  const alive = new Uint8Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) if (!(data[row + j]! <= thr)) alive[j] = 1; // NaN counts as alive
  }
  const mask = new Uint8Array(cols);
  for (let j = 0; j < cols; j++) mask[j] = alive[j] ? 0 : 1;
  return mask;
}

export function deadFraction(m: Matrix, options: DeadOptions = {}): number {
  return maskFraction(deadMask(m, options));
}

export interface SaturationOptions {
  /** Picks the default range: 'tanh' → |a| ≥ 0.99, 'sigmoid' → a ≤ 0.01 or a ≥ 0.99. */
  activation?: ActivationKind;
  /** Explicit range; overrides the activation's default. */
  range?: SaturationRange;
}

/** Codes in a saturation mask (non-zero = saturated). */
export const SATURATED_LOW = 1;
export const SATURATED_HIGH = 2;
/** Every state at one of the two limits, both limits seen (e.g. a tanh neuron flipping between ±1). */
export const SATURATED_MIXED = 3;

export function resolveSaturationRange(options: SaturationOptions): SaturationRange {
  const range = options.range ?? (options.activation ? defaultSaturationRange(options.activation) : null);
  if (!range) {
    throw new Error(`saturation: no default range for activation '${options.activation ?? '(none)'}'; pass options.range`);
  }
  if (!(range.low <= range.high)) throw new Error(`saturation: need low ≤ high, got [${range.low}, ${range.high}]`);
  return range;
}

/**
 * Per neuron: 0 if not saturated, else SATURATED_LOW (every a ≤ low), SATURATED_HIGH (every a ≥ high)
 * or SATURATED_MIXED (every a ≤ low or ≥ high, both seen). With no probe states nothing is saturated.
 */
export function saturatedMask(m: Matrix, options: SaturationOptions): Uint8Array {
  assertMatrix(m, 'saturatedMask');
  const { low, high } = resolveSaturationRange(options);
  const { rows, cols, data } = m;
  // Bit 1: some state ≤ low; bit 2: some state ≥ high; bit 4: some state strictly inside (or NaN).
  const seen = new Uint8Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const a = data[row + j]!;
      seen[j] |= a <= low ? 1 : a >= high ? 2 : 4;
    }
  }
  const mask = new Uint8Array(cols);
  for (let j = 0; j < cols; j++) mask[j] = rows > 0 && (seen[j]! & 4) === 0 ? seen[j]! : 0;
  return mask;
}

export function saturatedFraction(m: Matrix, options: SaturationOptions): number {
  return maskFraction(saturatedMask(m, options));
}
