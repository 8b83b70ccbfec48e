/**
 * Base class for wrappers: forwards everything to the wrapped env. Subclasses override what they change.
 * A wrapper that changes observations overrides `observationSpace` and `writeObs`.
 */
import { BaseEnv, type Env, type EnvState, type Info, type ObsArray, type ResetOptions, type RgbFrame, type Transition } from '../core/env.js';
import type { Box, Discrete } from '../core/spaces.js';

export abstract class Wrapper<O extends ObsArray = ObsArray, I extends ObsArray = ObsArray> extends BaseEnv<O> {
  constructor(readonly env: Env<I>) {
    super();
  }

  get observationSpace(): Box {
    return this.env.observationSpace;
  }

  get actionSpace(): Discrete {
    return this.env.actionSpace;
  }

  override get unwrapped(): Env {
    return this.env.unwrapped;
  }

  resetNoObs(options?: ResetOptions): Info {
    return this.env.resetNoObs(options);
  }

  stepNoObs(action: number): Transition {
    return this.env.stepNoObs(action);
  }

  writeObs(out: O, offset: number): void {
    (this.env as unknown as Env<O>).writeObs(out, offset);
  }

  render(): RgbFrame {
    return this.env.render();
  }

  override close(): void {
    this.env.close();
  }

  lives(): number {
    const base = this.env;
    if (!base.lives) throw new Error(`${this.constructor.name}: the wrapped env has no lives()`);
    return base.lives();
  }

  actionMeanings(): readonly string[] {
    const base = this.env;
    if (!base.actionMeanings) throw new Error(`${this.constructor.name}: the wrapped env has no actionMeanings()`);
    return base.actionMeanings();
  }

  /** Wrappers with their own state override these to add it; the default checkpoints the wrapped env only. */
  getState(): EnvState {
    if (!this.env.getState) throw new Error(`${this.constructor.name}: the wrapped env does not support getState()`);
    return { inner: this.env.getState() };
  }

  setState(state: EnvState): void {
    if (!this.env.setState) throw new Error(`${this.constructor.name}: the wrapped env does not support setState()`);
    this.env.setState(state['inner'] as EnvState);
  }
}
