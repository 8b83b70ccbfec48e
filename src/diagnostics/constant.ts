/**
 * Constant neurons, for any activation: the standard deviation over the probe batch is below
 * relTol × (mean standard deviation of the layer). A neuron with std exactly 0 is always constant
 * (this also covers a layer where every neuron is constant, where the relative test would flag none).
 */
import type { Matrix } from '../linalg/matrix.js';
import { DEFAULT_CONSTANT_REL_TOL } from './activation.js';
import { columnStats } from './columnStats.js';
import { maskFraction } from './neuronSet.js';

/** The absolute std threshold relTol × mean_j std_j. */
export function constantThreshold(std: ArrayLike<number>, relTol = DEFAULT_CONSTANT_REL_TOL): number {
  if (std.length === 0) return 0;
  let mean = 0;
  for (let j = 0; j < std.length; j++) mean += std[j]!;
  return (relTol * mean) / std.length;
}

export function constantMaskFromStd(std: ArrayLike<number>, relTol = DEFAULT_CONSTANT_REL_TOL): Uint8Array {
  const thr = constantThreshold(std, relTol);
  const mask = new Uint8Array(std.length);
  for (let j = 0; j < std.length; j++) mask[j] = std[j]! < thr || std[j] === 0 ? 1 : 0;
  return mask;
}

export function constantMask(m: Matrix, relTol = DEFAULT_CONSTANT_REL_TOL): Uint8Array {
  return constantMaskFromStd(columnStats(m).std, relTol);
}

export function constantFraction(m: Matrix, relTol = DEFAULT_CONSTANT_REL_TOL): number {
  return maskFraction(constantMask(m, relTol));
}
