/**
 * StickyActions (Machado et al. 2018): with probability p the env repeats the previous action instead of the chosen
 * one (ALE v5 uses p = 0.25 per emulator frame: put this wrapper inside MaxAndSkip to get that). The previous action
 * is 0 (no-op) after every reset. The wrapper's RNG is re-seeded from `reset({seed})`.
 */
import { Rng } from '../../util/rng.js';
import type { Env, EnvState, Info, ObsArray, ResetOptions, Transition } from '../core/env.js';
import { Wrapper } from './wrapper.js';
import { wrapperSeed } from './seeding.js';

export class StickyActions<O extends ObsArray = ObsArray> extends Wrapper<O, O> {
  private rng = new Rng(wrapperSeed(0, 'sticky'));
  private last = 0;

  constructor(env: Env<O>, readonly repeatProbability = 0.25) {
    super(env);
    if (!(repeatProbability >= 0 && repeatProbability <= 1)) throw new Error(`StickyActions: probability must be in [0, 1], got ${repeatProbability}`);
  }

  override resetNoObs(options?: ResetOptions): Info {
    if (options?.seed !== undefined) this.rng = new Rng(wrapperSeed(options.seed, 'sticky'));
    this.last = 0;
    return this.env.resetNoObs(options);
  }

  override stepNoObs(action: number): Transition {
    if (this.rng.uniform() < this.repeatProbability) action = this.last;
    this.last = action;
    return this.env.stepNoObs(action);
  }

  override getState(): EnvState {
    const r = this.rng.getState();
    return { ...super.getState(), last: this.last, rng: { s: [...r.s], spareNormal: r.spareNormal } };
  }

  override setState(state: EnvState): void {
    super.setState(state);
    this.last = state['last'] as number;
    const r = state['rng'] as { s: number[]; spareNormal: number | null };
    this.rng.setState({ s: [r.s[0]!, r.s[1]!, r.s[2]!, r.s[3]!], spareNormal: r.spareNormal });
  }
}
