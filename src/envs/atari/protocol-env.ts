/**
 * One Atari game under a named protocol (./protocols.ts), built from the generic parts: an AtariEnv stepping one
 * emulator frame at a time (ALE's sticky actions and episode cap inside it) under the TypeScript pre-processing
 * wrappers (../wrappers/atari.ts). This composition is the specification of a protocol; the native vector env
 * (./vector-env.ts) must produce the same observations, rewards and ends bit for bit.
 */
import type { Env } from '../core/env.js';
import { wrapAtari } from '../wrappers/atari.js';
import { AtariEnv } from './env.js';
import type { AtariProtocol } from './protocols.js';

export interface AtariProtocolEnvOptions {
  /** The ROM's bytes, or a path to it. */
  rom: Uint8Array | string;
  /** The game's settings, by ALE's ROM name. */
  game: string;
  protocol: AtariProtocol;
  mode?: number;
  difficulty?: number;
  /** ALE's random_seed until the first reset({seed}). */
  seed?: number;
}

export function makeAtariProtocolEnv(options: AtariProtocolEnvOptions): Env<Uint8Array> {
  const p = options.protocol;
  const ale = new AtariEnv({
    rom: options.rom, game: options.game, frameskip: 1, repeatActionProbability: p.repeatActionProbability,
    fullActionSpace: p.fullActionSpace, maxEpisodeFrames: p.maxEpisodeFrames, obsType: 'rgb',
    ...(options.mode !== undefined ? { mode: options.mode } : {}),
    ...(options.difficulty !== undefined ? { difficulty: options.difficulty } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  return wrapAtari(ale, {
    noopMax: p.noopMax, frameSkip: p.frameSkip, stickyActionProb: 0, episodicLife: p.episodicLife,
    fireReset: p.fireReset, clipReward: p.clipReward, screenSize: p.screenSize, frameStack: p.frameStack, maxFrames: 0,
  });
}
