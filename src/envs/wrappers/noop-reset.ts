/**
 * NoopReset (Mnih et al. 2015): after each reset, take a random number of no-op actions, uniform in 1..noopMax
 * (30 by default), to randomise the start state. If the episode ends during the no-ops, the env is reset again.
 */
import { Rng } from '../../util/rng.js';
import type { Env, EnvState, Info, ObsArray, ResetOptions } from '../core/env.js';
import { Wrapper } from './wrapper.js';
import { wrapperSeed } from './seeding.js';

export class NoopReset<O extends ObsArray = ObsArray> extends Wrapper<O, O> {
  private rng = new Rng(wrapperSeed(0, 'noop'));
  /** No-ops taken at the last reset (for tests and logging). */
  lastNoops = 0;

  constructor(env: Env<O>, readonly noopMax = 30, readonly noopAction = 0) {
    super(env);
    if (!Number.isInteger(noopMax) || noopMax < 1) throw new Error(`NoopReset: noopMax must be a positive integer, got ${noopMax}`);
  }

  override getState(): EnvState {
    const r = this.rng.getState();
    return { ...super.getState(), rng: { s: [...r.s], spareNormal: r.spareNormal } };
  }

  override setState(state: EnvState): void {
    super.setState(state);
    const r = state['rng'] as { s: number[]; spareNormal: number | null };
    this.rng.setState({ s: [r.s[0]!, r.s[1]!, r.s[2]!, r.s[3]!], spareNormal: r.spareNormal });
  }

  override resetNoObs(options?: ResetOptions): Info {
    if (options?.seed !== undefined) this.rng = new Rng(wrapperSeed(options.seed, 'noop'));
    let info = this.env.resetNoObs(options);
    const n = 1 + this.rng.int(this.noopMax);
    this.lastNoops = n;
    for (let i = 0; i < n; i++) {
      const t = this.env.stepNoObs(this.noopAction);
      info = t.info;
      if (t.terminated || t.truncated) info = this.env.resetNoObs();
    }
    return info;
  }
}
