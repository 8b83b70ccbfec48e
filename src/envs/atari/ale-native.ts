/**
 * The addon's ALE environment functions (native/atari/ale_binding.cc), typed. An environment is an opaque handle owned
 * by JS (freed by the garbage collector).
 */
import { atariAddon } from './native.js';

declare const aleHandle: unique symbol;
/** An ALE environment (machine + game settings) in the addon. */
export type AleHandle = { readonly [aleHandle]: true };

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
}

/** The addon's ALE functions; throws an error that says why they are unavailable. */
export function aleAddon(): AleAddon {
  const addon = atariAddon() as unknown as Partial<AleAddon>;
  if (typeof addon.aleCreate !== 'function') throw new Error('this build of the native addon has no ALE environment (rebuild it)');
  return addon as AleAddon;
}
