/**
 * RecordEpisodeStatistics: on the step that ends an episode (terminated or truncated), `info.episode` holds
 * `{ r: return, l: length, t: seconds since the episode started }`, as in Gymnasium. The info object carrying it is
 * a new object (the wrapped env's info plus `episode`), so it is safe to keep.
 */
import type { Env, EnvState, Info, ObsArray, ResetOptions, Transition } from '../core/env.js';
import { Wrapper } from './wrapper.js';

export interface EpisodeStatistics { r: number; l: number; t: number }

export class RecordEpisodeStatistics<O extends ObsArray = ObsArray> extends Wrapper<O, O> {
  private episodeReturn = 0;
  private episodeLength = 0;
  private startTime = 0;
  private readonly out: Transition = { reward: 0, terminated: false, truncated: false, info: {} };

  constructor(env: Env<O>) {
    super(env);
  }

  override resetNoObs(options?: ResetOptions): Info {
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.startTime = performance.now();
    return this.env.resetNoObs(options);
  }

  override stepNoObs(action: number): Transition {
    const t = this.env.stepNoObs(action);
    this.episodeReturn += t.reward;
    this.episodeLength++;
    const o = this.out;
    o.reward = t.reward;
    o.terminated = t.terminated;
    o.truncated = t.truncated;
    o.info = t.info;
    if (t.terminated || t.truncated) {
      const episode: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength, t: (performance.now() - this.startTime) / 1000 };
      o.info = { ...t.info, episode };
    }
    return o;
  }

  override getState(): EnvState {
    return { ...super.getState(), episodeReturn: this.episodeReturn, episodeLength: this.episodeLength };
  }

  override setState(state: EnvState): void {
    super.setState(state);
    this.episodeReturn = state['episodeReturn'] as number;
    this.episodeLength = state['episodeLength'] as number;
  }
}

/**
 * Whether a RecordEpisodeStatistics sits anywhere in the env's wrapper chain: then its `info.episode` marks the end of
 * a whole game (raw score, across lives), which is what training logs and what a recording shows.
 */
export function recordsGames(env: Env): boolean {
  for (let e: Env = env; e instanceof Wrapper; e = e.env) if (e instanceof RecordEpisodeStatistics) return true;
  return false;
}
