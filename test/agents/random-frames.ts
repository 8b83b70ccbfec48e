/**
 * RandomFrames: a test env whose observation is one uint8 frame [h, w] of random pixels in [0, levels) each step
 * (levels 1: every frame is black, so frames repeat), with a random reward and a termination chance each step.
 * Under FrameStack it gives the stacked-frame streams the frame replay buffer must store exactly.
 */
import { BaseEnv, Box, Discrete, FrameStack, register, type EnvState, type Info, type ResetOptions, type RgbFrame, type Transition } from '../../src/envs/index.js';
import { Rng, type RngState } from '../../src/util/rng.js';

export class RandomFrames extends BaseEnv<Uint8Array> {
  readonly observationSpace: Box;
  readonly actionSpace = new Discrete(3);
  private rng = new Rng(0);
  private readonly frame: Uint8Array;

  constructor(readonly h = 6, readonly w = 5, readonly levels = 256, readonly terminateProb = 0.05) {
    super();
    this.observationSpace = new Box([h, w], 'uint8', 0, levels - 1);
    this.frame = new Uint8Array(h * w);
  }

  private draw(): void {
    for (let i = 0; i < this.frame.length; i++) this.frame[i] = this.rng.int(this.levels);
  }

  resetNoObs(options?: ResetOptions): Info {
    if (options?.seed !== undefined) this.rng = new Rng(options.seed);
    this.draw();
    return {};
  }

  stepNoObs(action: number): Transition {
    this.draw();
    const reward = action + this.rng.int(3) - 1;
    return { reward, terminated: this.rng.uniform() < this.terminateProb, truncated: false, info: {} };
  }

  writeObs(out: Uint8Array, offset: number): void {
    out.set(this.frame, offset);
  }

  render(): RgbFrame {
    return { width: this.w, height: this.h, data: new Uint8Array(this.h * this.w * 3) };
  }

  getState(): EnvState {
    return { rng: this.rng.getState() as unknown as EnvState, frame: Array.from(this.frame) };
  }

  setState(state: EnvState): void {
    this.rng.setState(state['rng'] as unknown as RngState);
    this.frame.set(state['frame'] as number[]);
  }
}

/** `test/frame-stack`: RandomFrames 6×5 under FrameStack(4), truncated after 30 steps (registered once). */
export const FRAME_STACK_ENV = 'test/frame-stack';
register({ id: FRAME_STACK_ENV, description: 'random 6×5 uint8 frames stacked by 4, truncated after 30 steps', options: {}, maxEpisodeSteps: 30, create: () => new FrameStack(new RandomFrames(), 4) });
