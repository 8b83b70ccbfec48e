/**
 * A small synthetic RGB-frame "Atari-like" env for wrapper tests: frames [H, W, 3] uint8 that encode the step
 * counter, lives that run out on a schedule, FIRE at action 1, and a log of every action it received.
 *
 * Frame content at step t (t = steps since reset): pixel (0,0) red = 200 on even t and 0 on odd t (flicker);
 * pixel (0,1) red = t mod 256; every other pixel is (fill, fill, fill) with `fill` from the options (default 100).
 * Reward: +3 for action 2, −2 for action 3, 0 otherwise. A life is lost every `lifeSteps` steps; the game ends
 * when lives reach 0.
 */
import { BaseEnv, type Info, type ResetOptions, type RgbFrame, type Transition } from '../../../src/envs/core/env.js';
import { Box, Discrete } from '../../../src/envs/core/spaces.js';

export interface ToyOptions { height?: number; width?: number; lives?: number; lifeSteps?: number; fill?: number }

export class ToyRgbEnv extends BaseEnv<Uint8Array> {
  readonly observationSpace: Box;
  readonly actionSpace = new Discrete(4);
  readonly h: number;
  readonly w: number;
  t = 0;
  livesLeft = 0;
  resets = 0;
  lastSeed: number | undefined;
  readonly actionsLog: number[] = [];
  private readonly startLives: number;
  private readonly lifeSteps: number;
  private readonly fill: number;
  private readonly tr: Transition = { reward: 0, terminated: false, truncated: false, info: {} };

  constructor(o: ToyOptions = {}) {
    super();
    this.h = o.height ?? 21; this.w = o.width ?? 16;
    this.startLives = o.lives ?? 3; this.lifeSteps = o.lifeSteps ?? 10; this.fill = o.fill ?? 100;
    this.observationSpace = new Box([this.h, this.w, 3], 'uint8', 0, 255);
  }

  resetNoObs(options?: ResetOptions): Info {
    this.t = 0;
    this.livesLeft = this.startLives;
    this.resets++;
    this.lastSeed = options?.seed;
    return { lives: this.livesLeft };
  }

  stepNoObs(action: number): Transition {
    this.actionsLog.push(action);
    this.t++;
    if (this.t % this.lifeSteps === 0) this.livesLeft--;
    this.tr.reward = action === 2 ? 3 : action === 3 ? -2 : 0;
    this.tr.terminated = this.livesLeft === 0;
    this.tr.truncated = false;
    this.tr.info = { lives: this.livesLeft };
    return this.tr;
  }

  writeObs(out: Uint8Array, offset: number): void {
    out.fill(this.fill, offset, offset + this.h * this.w * 3);
    out[offset] = this.t % 2 === 0 ? 200 : 0;
    out[offset + 3] = this.t % 256;
  }

  lives(): number {
    return this.livesLeft;
  }

  actionMeanings(): readonly string[] {
    return ['NOOP', 'FIRE', 'RIGHT', 'LEFT'];
  }

  render(): RgbFrame {
    const data = new Uint8Array(this.h * this.w * 3);
    this.writeObs(data, 0);
    return { width: this.w, height: this.h, data };
  }
}
