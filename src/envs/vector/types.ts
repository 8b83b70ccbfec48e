/**
 * Vector env results. All arrays are owned by the vector env and overwritten in place by the next step or reset:
 * copy what you keep (e.g. into a replay buffer).
 *
 * Autoreset semantics (both vector envs): SAME-STEP autoreset, as in Gymnasium ≤ 0.29 and Stable-Baselines3.
 * When env i's episode ends at a step (terminated or truncated):
 * - `rewards[i]`, `terminations[i]`, `truncations[i]` describe that last step;
 * - `info.finalObs[i]` holds the episode's last observation (use it to bootstrap on truncation);
 * - `obs[i]` already holds the FIRST observation of the next episode (env i was reset within this step);
 * - `info.episodeEnded[i] = 1`, with `info.episodeReturn[i]` and `info.episodeLength[i]` for the finished episode.
 * Where `episodeEnded[i] = 0`, `finalObs[i]`, `episodeReturn[i]` and `episodeLength[i]` are stale: ignore them.
 * So every step returned is a real transition: there is no dummy "reset step" to mask (unlike Gymnasium 1.x's
 * next-step autoreset). The next observation of the transition is `episodeEnded[i] ? finalObs[i] : obs[i]`.
 */
import type { EnvState, Info, ObsArray } from '../core/env.js';
import type { Box, Discrete } from '../core/spaces.js';

export interface VectorInfo<O extends ObsArray = ObsArray> {
  /** 1 where an episode ended on this step (and env i was reset). */
  episodeEnded: Uint8Array;
  /** Undiscounted return of the episode that just ended (valid where episodeEnded = 1). */
  episodeReturn: Float64Array;
  /** Length in steps of the episode that just ended (valid where episodeEnded = 1). */
  episodeLength: Int32Array;
  /** Last observation of the episode that just ended, [N × obsSize] like obs (valid where episodeEnded = 1). */
  finalObs: O;
  /** The single env's info on its last step where episodeEnded = 1, else null (SyncVectorEnv only; async: all null). */
  finalInfo: (Info | null)[];
  /**
   * Whole games, which training logs as episodes. They differ from the learner's episodes above where the env
   * records its games below the learner's episode and reward wrappers (RecordEpisodeStatistics under EpisodicLife and
   * ClipReward, as in the Atari protocols): then `gameEnded[i] = 1` only when the game itself ended on this step,
   * `gameReturn[i]` is its raw score and `gameLength[i]` its length as that record counts it (emulator frames for
   * Atari, as CleanRL logs them). Envs without such a record report every episode as a game (the same numbers as
   * episodeEnded/Return/Length). Valid where gameEnded = 1.
   */
  gameEnded: Uint8Array;
  gameReturn: Float64Array;
  gameLength: Int32Array;
}

export interface VectorResetResult<O extends ObsArray = ObsArray> {
  /** Observations of all N envs, [N × obsSize], env i at offset i·obsSize. */
  obs: O;
  info: VectorInfo<O>;
}

export interface VectorStepResult<O extends ObsArray = ObsArray> {
  obs: O;
  rewards: Float32Array;
  terminations: Uint8Array;
  truncations: Uint8Array;
  info: VectorInfo<O>;
}

/** The typed buffers a vector env writes into (SyncVectorEnv can be given views of shared memory). */
export interface VectorBuffers<O extends ObsArray = ObsArray> {
  obs: O;
  finalObs: O;
  rewards: Float32Array;
  terminations: Uint8Array;
  truncations: Uint8Array;
  episodeEnded: Uint8Array;
  episodeReturn: Float64Array;
  episodeLength: Int32Array;
  gameEnded: Uint8Array;
  gameReturn: Float64Array;
  gameLength: Int32Array;
}

export interface VectorResetOptions {
  /** Env i is seeded with seed + i. */
  seed?: number;
}

export function allocateBuffers(n: number, obsSize: number, dtype: 'uint8' | 'float32', shared = false): VectorBuffers {
  const mem = (bytes: number): ArrayBuffer | SharedArrayBuffer => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const obsArr = (): ObsArray => (dtype === 'uint8' ? new Uint8Array(mem(n * obsSize)) : new Float32Array(mem(4 * n * obsSize)));
  return {
    obs: obsArr(),
    finalObs: obsArr(),
    rewards: new Float32Array(mem(4 * n)),
    terminations: new Uint8Array(mem(n)),
    truncations: new Uint8Array(mem(n)),
    episodeEnded: new Uint8Array(mem(n)),
    episodeReturn: new Float64Array(mem(8 * n)),
    episodeLength: new Int32Array(mem(4 * n)),
    gameEnded: new Uint8Array(mem(n)),
    gameReturn: new Float64Array(mem(8 * n)),
    gameLength: new Int32Array(mem(4 * n)),
  };
}

/**
 * What a training loop needs of N vectorised environments (SyncVectorEnv, the native AtariVectorEnv): batched
 * reset/step with the same-step autoreset contract above, and an exact checkpoint of every env.
 */
export interface VectorEnv<O extends ObsArray = ObsArray> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Discrete;
  /** Elements per observation. */
  readonly obsSize: number;
  /** With a seed, env i is seeded with seed + i; see SyncVectorEnv.reset for the unseeded rules. */
  reset(options?: VectorResetOptions): VectorResetResult<O>;
  step(actions: ArrayLike<number>): VectorStepResult<O>;
  getState(): EnvState;
  /** Restores getState()'s result, observations included. */
  setState(state: EnvState): void;
  close(): void;
}

/** VectorInfo over a vector env's buffers. */
export function vectorInfo<O extends ObsArray>(buf: VectorBuffers<O>, numEnvs: number): VectorInfo<O> {
  return {
    episodeEnded: buf.episodeEnded, episodeReturn: buf.episodeReturn, episodeLength: buf.episodeLength, finalObs: buf.finalObs,
    finalInfo: new Array<null>(numEnvs).fill(null), gameEnded: buf.gameEnded, gameReturn: buf.gameReturn, gameLength: buf.gameLength,
  };
}
