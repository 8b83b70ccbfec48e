/** ClipReward: replaces each reward by its sign (−1, 0 or +1), as in DQN training on Atari. */
import type { Env, ObsArray, Transition } from '../core/env.js';
import { Wrapper } from './wrapper.js';

export class ClipReward<O extends ObsArray = ObsArray> extends Wrapper<O, O> {
  constructor(env: Env<O>) {
    super(env);
  }

  override stepNoObs(action: number): Transition {
    const t = this.env.stepNoObs(action);
    t.reward = Math.sign(t.reward);
    return t;
  }
}
