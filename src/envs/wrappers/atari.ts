/**
 * The standard Atari pre-processing stack (Mnih et al. 2015; Machado et al. 2018), generic over any env whose
 * observations are RGB frames [H, W, 3] uint8 and which provides `lives()` and `actionMeanings()`.
 *
 * Order, innermost first: StickyActions (per frame, off by default) → TimeLimit (in frames, 108 000) →
 * RecordEpisodeStatistics → NoopReset(30) → MaxAndSkip(4) → EpisodicLife → FireReset (only if action 1 is FIRE)
 * → ClipReward → WarpFrame(84×84 gray) → FrameStack(4). Statistics sit below EpisodicLife and ClipReward, so
 * `info.episode` reports whole games with raw scores, in emulator frames.
 * Result: observations [4, 84, 84] uint8.
 */
import type { Env } from '../core/env.js';
import { ClipReward } from './clip-reward.js';
import { EpisodicLife } from './episodic-life.js';
import { FireReset } from './fire-reset.js';
import { FrameStack } from './frame-stack.js';
import { MaxAndSkip } from './max-and-skip.js';
import { NoopReset } from './noop-reset.js';
import { RecordEpisodeStatistics } from './record-episode-statistics.js';
import { StickyActions } from './sticky-actions.js';
import { TimeLimit } from './time-limit.js';
import { WarpFrame } from './warp-frame.js';

export interface AtariOptions {
  noopMax?: number;
  frameSkip?: number;
  /** Per-frame probability of repeating the previous action (0 = off; ALE v5 uses 0.25). */
  stickyActionProb?: number;
  episodicLife?: boolean;
  fireReset?: boolean;
  clipReward?: boolean;
  screenSize?: number;
  frameStack?: number;
  /** Episode cap in emulator frames (108 000 = 30 minutes at 60 Hz); 0 for none. */
  maxFrames?: number;
}

export function wrapAtari(env: Env<Uint8Array>, options: AtariOptions = {}): Env<Uint8Array> {
  const skip = options.frameSkip ?? 4;
  let e: Env<Uint8Array> = env;
  if ((options.stickyActionProb ?? 0) > 0) e = new StickyActions(e, options.stickyActionProb);
  const maxFrames = options.maxFrames ?? 108_000;
  if (maxFrames > 0) e = new TimeLimit(e, maxFrames);
  e = new RecordEpisodeStatistics(e);
  if ((options.noopMax ?? 30) > 0) e = new NoopReset(e, options.noopMax ?? 30);
  if (skip > 1) e = new MaxAndSkip(e, skip);
  if (options.episodicLife ?? true) e = new EpisodicLife(e);
  if ((options.fireReset ?? true) && env.actionMeanings?.()[1] === 'FIRE') e = new FireReset(e);
  if (options.clipReward ?? true) e = new ClipReward(e);
  const size = options.screenSize ?? 84;
  e = new WarpFrame(e, { width: size, height: size });
  if ((options.frameStack ?? 4) > 1) e = new FrameStack(e, options.frameStack ?? 4);
  return e;
}
