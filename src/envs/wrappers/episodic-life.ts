/**
 * EpisodicLife (Mnih et al. 2015): losing a life ends the episode for the learner (`terminated = true`), but the
 * game itself only restarts when it is really over; otherwise `reset()` just takes one no-op step to continue from
 * where the life was lost (the reset seed is then ignored). Needs an env with `lives()`.
 */
import type { Env, EnvState, Info, ObsArray, ResetOptions, Transition } from '../core/env.js';
import { Wrapper } from './wrapper.js';

export class EpisodicLife<O extends ObsArray = ObsArray> extends Wrapper<O, O> {
  private livesLeft = 0;
  private gameOver = true;
  private readonly out: Transition = { reward: 0, terminated: false, truncated: false, info: {} };

  constructor(env: Env<O>) {
    super(env);
    if (typeof env.unwrapped.lives !== 'function') throw new Error('EpisodicLife: the wrapped env must provide lives()');
  }

  /** Whether the underlying game ended (not just a life). */
  get realDone(): boolean {
    return this.gameOver;
  }

  override resetNoObs(options?: ResetOptions): Info {
    let info: Info;
    if (this.gameOver) {
      info = this.env.resetNoObs(options);
      this.gameOver = false;
    } else {
      const t = this.env.stepNoObs(0);
      info = t.info;
      if (t.terminated || t.truncated) info = this.env.resetNoObs(options);
    }
    this.livesLeft = this.lives();
    return info;
  }

  override getState(): EnvState {
    return { ...super.getState(), livesLeft: this.livesLeft, gameOver: this.gameOver };
  }

  override setState(state: EnvState): void {
    super.setState(state);
    this.livesLeft = state['livesLeft'] as number;
    this.gameOver = state['gameOver'] as boolean;
  }

  override stepNoObs(action: number): Transition {
    const t = this.env.stepNoObs(action);
    this.gameOver = t.terminated || t.truncated;
    const lives = this.lives();
    const o = this.out;
    o.reward = t.reward;
    o.truncated = t.truncated;
    o.info = t.info;
    o.terminated = t.terminated || (lives < this.livesLeft && lives > 0);
    this.livesLeft = lives;
    return o;
  }
}
