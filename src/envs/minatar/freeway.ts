/**
 * MinAtar Freeway. Channels: chicken, car, speed1 … speed5. Minimal actions: no-op, up, down.
 *
 * Rules (MinAtar): the chicken starts on the bottom row (9) in column 4 and can move up or down one row at most
 * once every 3 steps. Reaching the top row scores +1, sends the chicken back to the bottom and re-draws every car's
 * speed and direction. Eight cars, one per row 1–8, each move one cell every 1–5 steps (the speed, drawn uniformly)
 * left or right, wrapping around the edges. A car hitting the chicken sends it back to the bottom (no penalty).
 * The episode ends after 2500 steps (terminated, as in MinAtar: it is the game's own end, not a time limit).
 * The trail cell behind each car is set in the channel of that car's speed. No difficulty ramp.
 */
import type { EnvState } from '../core/env.js';
import { CELLS, DOWN, GRID, MinAtarEnv, UP, intArray, num, type MinAtarOptions } from './base.js';

const PLAYER_SPEED = 3;
const TIME_LIMIT = 2500;
const CARS = 8;
const CHICKEN_X = 4;

export class Freeway extends MinAtarEnv {
  readonly gameName = 'freeway';
  private pos = 9;
  private moveTimer = PLAYER_SPEED;
  private terminateTimer = TIME_LIMIT;
  private readonly carX = new Int32Array(CARS);
  private readonly carTimer = new Int32Array(CARS);
  /** Signed speed: |v| = steps between moves (1–5), sign = direction (+ right). */
  private readonly carVel = new Int32Array(CARS);

  constructor(options: MinAtarOptions = {}) {
    super(['chicken', 'car', 'speed1', 'speed2', 'speed3', 'speed4', 'speed5'], [0, UP, DOWN], options);
  }

  private randomizeCars(initialize: boolean): void {
    for (let i = 0; i < CARS; i++) this.carVel[i] = 1 + this.rng.int(5);
    for (let i = 0; i < CARS; i++) if (this.rng.int(2) === 0) this.carVel[i] = -this.carVel[i]!;
    for (let i = 0; i < CARS; i++) {
      this.carTimer[i] = Math.abs(this.carVel[i]!);
      if (initialize) this.carX[i] = 0;
    }
  }

  protected resetGame(): void {
    this.randomizeCars(true);
    this.pos = 9;
    this.moveTimer = PLAYER_SPEED;
    this.terminateTimer = TIME_LIMIT;
  }

  protected act(a: number): number {
    let r = 0;
    if (a === UP && this.moveTimer === 0) {
      this.moveTimer = PLAYER_SPEED;
      this.pos = Math.max(0, this.pos - 1);
    } else if (a === DOWN && this.moveTimer === 0) {
      this.moveTimer = PLAYER_SPEED;
      this.pos = Math.min(9, this.pos + 1);
    }
    if (this.pos === 0) {
      r = 1;
      this.randomizeCars(false);
      this.pos = 9;
    }
    for (let i = 0; i < CARS; i++) {
      const row = i + 1;
      if (this.carX[i] === CHICKEN_X && row === this.pos) this.pos = 9;
      if (this.carTimer[i] === 0) {
        const v = this.carVel[i]!;
        this.carTimer[i] = Math.abs(v);
        let x = this.carX[i]! + (v > 0 ? 1 : -1);
        if (x < 0) x = 9;
        else if (x > 9) x = 0;
        this.carX[i] = x;
        if (x === CHICKEN_X && row === this.pos) this.pos = 9;
      } else {
        this.carTimer[i]--;
      }
    }
    if (this.moveTimer > 0) this.moveTimer--;
    this.terminateTimer--;
    if (this.terminateTimer < 0) this.terminal = true;
    return r;
  }

  writeObs(out: Uint8Array, offset: number): void {
    out.fill(0, offset, offset + 7 * CELLS);
    out[offset + this.pos * GRID + CHICKEN_X] = 1;
    for (let i = 0; i < CARS; i++) {
      const row = (i + 1) * GRID, x = this.carX[i]!, v = this.carVel[i]!;
      out[offset + CELLS + row + x] = 1;
      let back = v > 0 ? x - 1 : x + 1;
      if (back < 0) back = 9;
      else if (back > 9) back = 0;
      out[offset + (1 + Math.abs(v)) * CELLS + row + back] = 1;
    }
  }

  difficulty(): number {
    return 0;
  }

  protected saveGame(): EnvState {
    return {
      pos: this.pos, moveTimer: this.moveTimer, terminateTimer: this.terminateTimer,
      carX: Array.from(this.carX), carTimer: Array.from(this.carTimer), carVel: Array.from(this.carVel),
    };
  }

  protected loadGame(s: EnvState): void {
    this.pos = num(s, 'pos'); this.moveTimer = num(s, 'moveTimer'); this.terminateTimer = num(s, 'terminateTimer');
    this.carX.set(intArray(s, 'carX')); this.carTimer.set(intArray(s, 'carTimer')); this.carVel.set(intArray(s, 'carVel'));
  }
}
