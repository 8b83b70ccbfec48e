/**
 * FireReset: for games that wait for FIRE to start, press FIRE (action 1) and then action 2 after every reset,
 * resetting again if either ends the episode. Needs `actionMeanings()` with 'FIRE' at index 1 and ≥ 3 actions.
 */
import type { Env, Info, ObsArray, ResetOptions } from '../core/env.js';
import { Wrapper } from './wrapper.js';

export class FireReset<O extends ObsArray = ObsArray> extends Wrapper<O, O> {
  constructor(env: Env<O>) {
    super(env);
    const meanings = typeof env.unwrapped.actionMeanings === 'function' ? env.actionMeanings?.() : undefined;
    if (!meanings || meanings[1] !== 'FIRE' || meanings.length < 3) {
      throw new Error(`FireReset: needs action 1 = 'FIRE' and at least 3 actions; got [${meanings?.join(', ') ?? 'no actionMeanings()'}]`);
    }
  }

  override resetNoObs(options?: ResetOptions): Info {
    let info = this.env.resetNoObs(options);
    for (const a of [1, 2]) {
      const t = this.env.stepNoObs(a);
      info = t.info;
      if (t.terminated || t.truncated) info = this.env.resetNoObs();
    }
    return info;
  }
}
