/** Turning environment observations (uint8 frames or float vectors) into network inputs. */
import { backend, fromBytes, temporary, tensor, type Tensor } from '../tensor/index.js';
import type { ObsArray } from '../envs/index.js';

/**
 * A batch of `n` observations of `shape` as a float32 tensor [n, ...shape]. Uint8 pixel frames (84×84 Atari) are
 * scaled by 1/255; MinAtar's 0/1 channels and float vectors are used as they are. Inside a scratch scope the tensor
 * is temporary (recycled when the scope ends).
 */
export function obsToTensor(obs: ObsArray, n: number, shape: readonly number[], scale: number, offset = 0): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const view = obs.subarray(offset, offset + n * size);
  if (view instanceof Uint8Array) return temporary(fromBytes(view, [n, ...shape], scale));
  const t = tensor(view, [n, ...shape]);
  if (scale !== 1) backend().scale(t.data, scale, t.data);
  return temporary(t);
}

/** The input scale for an observation space: 1/255 for byte images with a high of 255, else 1. */
export function obsScale(dtype: 'uint8' | 'float32', high: number): number {
  return dtype === 'uint8' && high > 1 ? 1 / 255 : 1;
}
