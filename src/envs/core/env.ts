/**
 * The environment interface: Gymnasium conventions in TypeScript, plus an allocation-free fast path.
 *
 * Two ways to drive an env:
 * - Gymnasium style: `reset({seed}) → {obs, info}`, `step(a) → {obs, reward, terminated, truncated, info}`.
 *   Each call returns a fresh observation array and a shallow copy of info, so results are safe to keep.
 * - Fast path (what vector envs use): `resetNoObs`/`stepNoObs` advance the env without materialising the observation
 *   and return a record the env reuses on the next call; `writeObs(out, offset)` then writes the current observation
 *   straight into a caller-owned buffer (e.g. one slot of a batched Uint8Array).
 */
import type { Box, Discrete } from './spaces.js';

export type ObsArray = Float32Array | Uint8Array;

/** Values an env's checkpoint may hold: plain JSON. */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type EnvState = { [key: string]: JsonValue };

export interface Info { [key: string]: unknown }

export interface ResetOptions {
  /** Re-seed the env's random generator (all of its randomness) before resetting. */
  seed?: number;
}

export interface ResetResult<O extends ObsArray = ObsArray> { obs: O; info: Info }

export interface StepResult<O extends ObsArray = ObsArray> {
  obs: O;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

/** A step's outcome without the observation; reused by the env between calls (copy what you keep). */
export interface Transition {
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

/** An RGB image, row-major, 3 bytes per pixel (height × width × 3). */
export interface RgbFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface Env<O extends ObsArray = ObsArray> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  /** The innermost env below all wrappers (the env itself when unwrapped). */
  readonly unwrapped: Env;
  reset(options?: ResetOptions): ResetResult<O>;
  step(action: number): StepResult<O>;
  resetNoObs(options?: ResetOptions): Info;
  stepNoObs(action: number): Transition;
  /** Write the current observation into out[offset .. offset + observationSpace.size). */
  writeObs(out: O, offset: number): void;
  render(): RgbFrame;
  close(): void;
  /** Lives left, for Atari-like games (EpisodicLife uses it). */
  lives?(): number;
  /** Names of the actions, e.g. ['NOOP', 'FIRE', ...] (FireReset uses it). */
  actionMeanings?(): readonly string[];
  /** Exact checkpoint of the env (game state and RNG state) where supported. */
  getState?(): EnvState;
  setState?(state: EnvState): void;
}

/**
 * Base class for concrete envs: implements the Gymnasium-style `reset`/`step` on top of the fast path.
 */
export abstract class BaseEnv<O extends ObsArray = ObsArray> implements Env<O> {
  abstract readonly observationSpace: Box;
  abstract readonly actionSpace: Discrete;
  get unwrapped(): Env {
    return this as unknown as Env;
  }
  abstract resetNoObs(options?: ResetOptions): Info;
  abstract stepNoObs(action: number): Transition;
  abstract writeObs(out: O, offset: number): void;
  abstract render(): RgbFrame;

  reset(options?: ResetOptions): ResetResult<O> {
    const info = this.resetNoObs(options);
    return { obs: this.currentObs(), info: { ...info } };
  }

  step(action: number): StepResult<O> {
    const t = this.stepNoObs(action);
    return { obs: this.currentObs(), reward: t.reward, terminated: t.terminated, truncated: t.truncated, info: { ...t.info } };
  }

  /** A fresh copy of the current observation. */
  currentObs(): O {
    const out = this.observationSpace.zeros() as O;
    this.writeObs(out, 0);
    return out;
  }

  close(): void {}
}

/** Throws a helpful error for an action outside a Discrete space. */
export function checkAction(action: number, n: number, envName: string): void {
  if (!(Number.isInteger(action) && action >= 0 && action < n)) {
    throw new Error(`${envName}: action must be an integer in [0, ${n - 1}], got ${action}`);
  }
}
