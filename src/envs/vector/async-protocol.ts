/**
 * Shared-memory protocol between AsyncVectorEnv and its workers.
 * Control words per worker w at w·CTRL_STRIDE: command, request sequence number, completed sequence number, status.
 * The main thread writes the command, bumps the request number and notifies; the worker runs it, stores the
 * request number as completed and notifies back. Errors are written as UTF-8 text into the worker's error slot.
 */
import type { EnvOptions } from '../core/registry.js';
import type { VectorBuffers } from './types.js';

export const CTRL_STRIDE = 4;
export const CMD = 0, REQUEST = 1, DONE = 2, STATUS = 3;
export const enum Command { Reset = 1, ResetSeeded = 2, Step = 3, Close = 4 }
export const ERROR_BYTES = 2048;

export interface AsyncWorkerData {
  id: string;
  options: EnvOptions;
  /** Module URLs to import before making envs (for envs registered outside the built-ins). */
  modules: string[];
  start: number;
  count: number;
  worker: number;
  obsSize: number;
  control: Int32Array;
  /** [seed] for Command.ResetSeeded. */
  seed: Float64Array;
  actions: Int32Array;
  errors: Uint8Array;
  buffers: VectorBuffers;
}
