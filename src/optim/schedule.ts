/** Linear schedules for learning rates and exploration rates. */

/** Interpolates linearly from `start` to `end` over `duration` steps, then holds `end`. */
export class LinearSchedule {
  constructor(readonly start: number, readonly end: number, readonly duration: number) {
    if (!(duration >= 0)) throw new Error(`LinearSchedule: duration must be non-negative, got ${duration}`);
  }
  value(step: number): number {
    if (this.duration === 0 || step >= this.duration) return this.end;
    const f = Math.max(0, step) / this.duration;
    return this.start + f * (this.end - this.start);
  }
}
