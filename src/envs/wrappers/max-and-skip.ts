/**
 * MaxAndSkip (Mnih et al. 2015): repeat each action `skip` times (4), sum the rewards, and observe the
 * element-wise maximum of the last two frames (Atari sprites flicker between frames). Stops early when the episode
 * ends; the maximum is then over the last two frames actually seen in this step (or the one frame, if only one).
 */
import type { Env, EnvState, Info, ObsArray, ResetOptions, Transition } from '../core/env.js';
import { Wrapper } from './wrapper.js';

export class MaxAndSkip<O extends ObsArray = ObsArray> extends Wrapper<O, O> {
  private readonly prev: O;
  private readonly last: O;
  private readonly out: Transition = { reward: 0, terminated: false, truncated: false, info: {} };

  constructor(env: Env<O>, readonly skip = 4) {
    super(env);
    if (!Number.isInteger(skip) || skip < 1) throw new Error(`MaxAndSkip: skip must be a positive integer, got ${skip}`);
    this.prev = env.observationSpace.zeros() as O;
    this.last = env.observationSpace.zeros() as O;
  }

  override resetNoObs(options?: ResetOptions): Info {
    const info = this.env.resetNoObs(options);
    this.env.writeObs(this.last, 0);
    this.prev.set(this.last);
    return info;
  }

  override stepNoObs(action: number): Transition {
    const o = this.out;
    o.reward = 0;
    let seen = 0;
    for (let i = 0; i < this.skip; i++) {
      const t = this.env.stepNoObs(action);
      o.reward += t.reward;
      o.terminated = t.terminated;
      o.truncated = t.truncated;
      o.info = t.info;
      if (i >= this.skip - 2 || t.terminated || t.truncated) {
        this.prev.set(this.last);
        this.env.writeObs(this.last, 0);
        seen++;
      }
      if (t.terminated || t.truncated) break;
    }
    if (seen === 1 && this.skip > 1) this.prev.set(this.last);
    return o;
  }

  override getState(): EnvState {
    return { ...super.getState(), prev: Array.from(this.prev), last: Array.from(this.last) };
  }

  override setState(state: EnvState): void {
    super.setState(state);
    this.prev.set(state['prev'] as number[]);
    this.last.set(state['last'] as number[]);
  }

  override writeObs(out: O, offset: number): void {
    const a = this.prev, b = this.last, n = a.length;
    for (let i = 0; i < n; i++) out[offset + i] = a[i]! > b[i]! ? a[i]! : b[i]!;
  }
}
