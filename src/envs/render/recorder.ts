/**
 * Watch a policy: record an episode's frames with env.render() and save them as a PNG frame or an animated
 * GIF/APNG (chosen by file extension).
 */
import { writeFileSync } from 'node:fs';
import type { Env, ObsArray, RgbFrame } from '../core/env.js';
import { recordsGames, type EpisodeStatistics } from '../wrappers/record-episode-statistics.js';
import { encodeGif } from './gif.js';
import { encodeApng, encodePng, type AnimationOptions } from './png.js';

export type Policy<O extends ObsArray = ObsArray> = (obs: O, step: number) => number;

export interface RecordOptions {
  seed?: number;
  /** Stop after this many steps even if the episode goes on (default 10 000). */
  maxSteps?: number;
}

export interface RecordedEpisode {
  frames: RgbFrame[];
  totalReward: number;
  length: number;
}

/**
 * Runs one episode with `policy`, rendering the first frame and one frame after every step. Where the env records
 * whole games (an Atari protocol: lives are the learner's episodes, rewards clipped), it records the whole game
 * instead, continuing after each lost life, and `totalReward` is the game's raw score.
 */
export function recordEpisode<O extends ObsArray>(env: Env<O>, policy: Policy<O>, options: RecordOptions = {}): RecordedEpisode {
  const maxSteps = options.maxSteps ?? 10_000;
  const games = recordsGames(env);
  let { obs } = env.reset(options.seed === undefined ? undefined : { seed: options.seed });
  const frames: RgbFrame[] = [env.render()];
  let totalReward = 0, length = 0;
  while (length < maxSteps) {
    const r = env.step(policy(obs, length));
    obs = r.obs;
    totalReward += r.reward;
    length++;
    frames.push(env.render());
    if (!(r.terminated || r.truncated)) continue;
    if (!games) break;
    const game = r.info['episode'] as EpisodeStatistics | undefined;
    if (game) {
      totalReward = game.r;
      break;
    }
    obs = env.reset().obs; // a life lost: the game goes on
  }
  return { frames, totalReward, length };
}

/** Encodes frames by the path's extension: .png (first frame only), .apng, or .gif. */
export function encodeFrames(path: string, frames: readonly RgbFrame[], options: AnimationOptions = {}): Uint8Array {
  const ext = path.toLowerCase().slice(path.lastIndexOf('.'));
  if (frames.length === 0) throw new Error('encodeFrames: no frames');
  if (ext === '.png') return encodePng(frames[0]!);
  if (ext === '.apng') return encodeApng(frames, options);
  if (ext === '.gif') return encodeGif(frames, options);
  throw new Error(`saveFrames: unsupported extension "${ext}" in ${path}; use .png, .apng or .gif`);
}

export function saveFrames(path: string, frames: readonly RgbFrame[], options: AnimationOptions = {}): void {
  writeFileSync(path, encodeFrames(path, frames, options));
}

/** Record an episode and save it in one call; returns the episode's return and length. */
export function saveEpisode<O extends ObsArray>(path: string, env: Env<O>, policy: Policy<O>,
  options: RecordOptions & AnimationOptions = {}): { totalReward: number; length: number } {
  const ep = recordEpisode(env, policy, options);
  saveFrames(path, ep.frames, options);
  return { totalReward: ep.totalReward, length: ep.length };
}
