/**
 * TimeLimit: truncates the episode after `maxEpisodeSteps` steps (Gymnasium semantics: `truncated` is set on the
 * step that reaches the limit, whether or not the episode also terminated on that step).
 */
import type { Env, EnvState, Info, ObsArray, ResetOptions, Transition } from '../core/env.js';
import { Wrapper } from './wrapper.js';

export class TimeLimit<O extends ObsArray = ObsArray> extends Wrapper<O, O> {
  private elapsed = 0;

  constructor(env: Env<O>, readonly maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) throw new Error(`TimeLimit: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`);
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  override resetNoObs(options?: ResetOptions): Info {
    this.elapsed = 0;
    return this.env.resetNoObs(options);
  }

  override stepNoObs(action: number): Transition {
    const t = this.env.stepNoObs(action);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps) t.truncated = true;
    return t;
  }

  override getState(): EnvState {
    return { ...super.getState(), elapsed: this.elapsed };
  }

  override setState(state: EnvState): void {
    super.setState(state);
    this.elapsed = state['elapsed'] as number;
  }
}
