/**
 * The addon's ALE environment functions (native/atari/ale_binding.cc), typed. An environment is an opaque handle owned
 * by JS (freed by the garbage collector).
 */
import { atariAddon } from './native.js';

declare const aleHandle: unique symbol;
declare const aleVecHandle: unique symbol;
/** An ALE environment (machine + game settings) in the addon. */
export type AleHandle = { readonly [aleHandle]: true };

/** N ALE environments under a protocol's pre-processing (native/atari/vector_env.h) in the addon. */
export type AleVecHandle = { readonly [aleVecHandle]: true };

export interface AleNativeOptions {
  frameSkip: number;
  repeatActionProbability: number;
  /** ALE's max_num_frames_per_episode; 0 = no cap. */
  maxFrames: number;
  /** -1: the game's default mode. */
  mode: number;
  difficulty: number;
  /** ALE's random_seed (sticky actions). */
  seed: number;
  /** Power-on RAM and timer seed (ALE's system_random_seed, 4753849). */
  systemSeed?: number;
}

export interface AleFacts {
  id: string;
  minimalActions: number[];
  legalActions: number[];
  modes: number[];
  difficulties: number[];
  mode: number;
  difficulty: number;
  paddles: boolean;
}

/** aleVecCreate's options: the emulator's (frameSkip is the protocol's, one frame per ALE act) and the protocol's. */
export interface AleVecNativeOptions extends Omit<AleNativeOptions, 'seed' | 'systemSeed'> {
  noopMax: number;
  episodicLife: boolean;
  fireReset: boolean;
  clipReward: boolean;
  fullActionSpace: boolean;
  /** WarpFrame's square size. */
  screen: number;
  frameStack: number;
  numEnvs: number;
  /** NoopReset's generator state (util/rng.ts), the same for every env until a seeded reset. */
  noopState: Uint32Array;
}

/** Area-interpolation weights along one axis (warp-frame.ts's areaWeights). */
export interface AleAxisWeights { start: Int32Array; count: Int32Array; weight: Float64Array; stride: number }

/** Per env, the info fields aleVecStep writes (N × VEC_INFO_LENGTH), valid where the episode ended. */
export const VEC_INFO = {
  lives: 0, episodeFrame: 1, frameNumber: 2, emulatedFrames: 3, gameEnded: 4, gameReturn: 5, gameFrames: 6, gameSeconds: 7,
} as const;
export const VEC_INFO_LENGTH = 8;

/** Where aleVecReset and aleVecStep write (N entries each; obs and finalObs N × obsSize, info N × VEC_INFO_LENGTH). */
export type AleVecOutputs = [
  obs: Uint8Array, finalObs: Uint8Array, rewards: Float32Array, terminations: Uint8Array, truncations: Uint8Array,
  episodeEnded: Uint8Array, episodeReturn: Float64Array, episodeLength: Int32Array, info: Float64Array,
];

/** Output layout of aleReset / aleAct's status array. */
export const STATUS = { reward: 0, gameOver: 1, truncated: 2, lives: 3, episodeFrame: 4, frameNumber: 5, emulatedFrames: 6 } as const;
export const STATUS_LENGTH = 7;
/** aleObs formats. */
export const OBS_FORMAT = { indices: 0, rgb: 1, grayscale: 2, ram: 3 } as const;

export interface AleAddon {
  aleCreate(rom: Uint8Array, scheme: number, gameId: string, options: AleNativeOptions): AleHandle;
  aleFacts(h: AleHandle): AleFacts;
  aleReset(h: AleHandle, status: Float64Array): void;
  /** `action` is an ALE action id (0–17). */
  aleAct(h: AleHandle, action: number, status: Float64Array): void;
  aleObs(h: AleHandle, out: Uint8Array, format: 0 | 1 | 2 | 3, offset: number): void;
  aleSeed(h: AleHandle, seed: number): void;
  aleGetState(h: AleHandle): Uint8Array;
  aleSetState(h: AleHandle, state: Uint8Array): void;
  aleVecCreate(rom: Uint8Array, scheme: number, gameId: string, options: AleVecNativeOptions, wy: AleAxisWeights, wx: AleAxisWeights): AleVecHandle;
  /** aleFacts plus actionSet: agent action index → ALE action id. */
  aleVecFacts(h: AleVecHandle): AleFacts & { actionSet: number[] };
  /** Resets every env; seeds (N) and noopStates (4N) together, or both null. threads ≤ 0: the pool's. */
  aleVecReset(h: AleVecHandle, seeds: Uint32Array | null, noopStates: Uint32Array | null, ...rest: [...AleVecOutputs, number]): void;
  /** Steps env i with agent action index actions[i]. */
  aleVecStep(h: AleVecHandle, actions: Int32Array, ...rest: [...AleVecOutputs, number]): void;
  /** Emulator frames run by all envs since they were made. */
  aleVecEmulatedFrames(h: AleVecHandle): number;
  aleVecGetState(h: AleVecHandle, env: number): Uint8Array;
  /** Restores env `env` and writes its observation into obs at env · obsSize. */
  aleVecSetState(h: AleVecHandle, env: number, state: Uint8Array, obs: Uint8Array): void;
}

/** The addon's ALE functions; throws an error that says why they are unavailable. */
export function aleAddon(): AleAddon {
  const addon = atariAddon() as unknown as Partial<AleAddon>;
  if (typeof addon.aleCreate !== 'function') throw new Error('this build of the native addon has no ALE environment (rebuild it)');
  return addon as AleAddon;
}
