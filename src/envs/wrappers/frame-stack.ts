/**
 * FrameStack: observation = the last k observations stacked on a new leading axis, oldest first:
 * shape [k, ...inner shape] (for 84×84 frames, [4, 84, 84], channel-first). After a reset every slot holds the
 * reset observation (Gymnasium's FrameStackObservation with padding "reset").
 */
import type { Env, EnvState, Info, ObsArray, ResetOptions, Transition } from '../core/env.js';
import { Box } from '../core/spaces.js';
import { Wrapper } from './wrapper.js';

export class FrameStack<O extends ObsArray = ObsArray> extends Wrapper<O, O> {
  private readonly box: Box;
  private readonly frames: O;
  private readonly frameSize: number;
  /** Slot that holds the newest frame. */
  private newest = 0;

  constructor(env: Env<O>, readonly k = 4) {
    super(env);
    if (!Number.isInteger(k) || k < 1) throw new Error(`FrameStack: k must be a positive integer, got ${k}`);
    const inner = env.observationSpace;
    const low: number[] = [], high: number[] = [];
    for (let i = 0; i < k; i++) { low.push(...inner.low); high.push(...inner.high); }
    this.box = new Box([k, ...inner.shape], inner.dtype, low, high);
    this.frameSize = inner.size;
    this.frames = this.box.zeros() as O;
  }

  override get observationSpace(): Box {
    return this.box;
  }

  override resetNoObs(options?: ResetOptions): Info {
    const info = this.env.resetNoObs(options);
    this.env.writeObs(this.frames, 0);
    for (let i = 1; i < this.k; i++) this.frames.copyWithin(i * this.frameSize, 0, this.frameSize);
    this.newest = this.k - 1;
    return info;
  }

  override stepNoObs(action: number): Transition {
    const t = this.env.stepNoObs(action);
    this.newest = (this.newest + 1) % this.k;
    this.env.writeObs(this.frames, this.newest * this.frameSize);
    return t;
  }

  override getState(): EnvState {
    return { ...super.getState(), frames: Array.from(this.frames), newest: this.newest };
  }

  override setState(state: EnvState): void {
    super.setState(state);
    this.frames.set(state['frames'] as number[]);
    this.newest = state['newest'] as number;
  }

  override writeObs(out: O, offset: number): void {
    const n = this.frameSize;
    for (let i = 0; i < this.k; i++) {
      const slot = (this.newest + 1 + i) % this.k;
      out.set(this.frames.subarray(slot * n, slot * n + n), offset + i * n);
    }
  }
}
