/**
 * Uniformly random play on an Atari env for a number of emulator frames: the quick check behind `hrl roms check` that
 * a game's rewards, terminal rule and reset behave (random play should score near the random agent of the literature).
 */
import { Rng } from '../../util/rng.js';
import type { AtariEnv } from './env.js';

export interface RandomPlayResult {
  /** Emulator frames played (ALE's frame number; the reset sequences' frames not counted). */
  frames: number;
  /** Agent steps taken. */
  steps: number;
  /** Returns of the episodes that ended (game over or the frame cap), in order. */
  returns: number[];
  /** Return so far of the episode still running at the end. */
  openReturn: number;
}

export interface RandomPlayOptions {
  /** Seed of the action generator (default 0). */
  seed?: number;
  /** Called every 1000 steps or so with the frames played. */
  onProgress?: (frames: number) => void;
}

/** Plays uniformly random actions from a reset until at least `frames` emulator frames have passed. */
export function randomPlay(env: AtariEnv, frames: number, opts: RandomPlayOptions = {}): RandomPlayResult {
  if (!(Number.isInteger(frames) && frames >= 1)) throw new Error(`randomPlay: frames must be an integer >= 1, got ${frames}`);
  const rng = new Rng(opts.seed ?? 0);
  const n = env.actionSpace.n;
  const returns: number[] = [];
  let played = 0, steps = 0, ret = 0;
  let last = Number(env.resetNoObs()['frameNumber']);
  while (played < frames) {
    const t = env.stepNoObs(rng.int(n));
    const now = Number(t.info['frameNumber']);
    played += now - last;
    last = now;
    ret += t.reward;
    steps++;
    if (t.terminated || t.truncated) {
      returns.push(ret);
      ret = 0;
      last = Number(env.resetNoObs()['frameNumber']);
    }
    if (steps % 1000 === 0) opts.onProgress?.(played);
  }
  return { frames: played, steps, returns, openReturn: ret };
}
