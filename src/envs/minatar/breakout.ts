/**
 * MinAtar Breakout. Channels: paddle, ball, trail, brick. Minimal actions: no-op, left, right.
 *
 * Rules (MinAtar): the paddle sits on the bottom row; three rows of bricks (rows 1–3) sit near the top. The ball
 * starts on row 3 at the left or right wall (chosen at random) heading down diagonally, and moves one cell
 * diagonally per step. It reflects off walls and the ceiling; hitting a brick removes it, scores +1 and reflects the
 * ball vertically (at most one brick per two consecutive steps). On reaching the bottom row the ball bounces back up
 * if the paddle is under its previous column (keeping its horizontal direction) or under its new column (reversing it);
 * otherwise the episode ends. When all bricks are gone, a new set of three rows appears when the ball next reaches
 * the bottom row. The trail channel marks the ball's previous cell. No difficulty ramp.
 */
import type { EnvState } from '../core/env.js';
import { CELLS, GRID, LEFT, MinAtarEnv, RIGHT, intArray, num, bool, type MinAtarOptions } from './base.js';

const DX = [-1, 1, 1, -1];            // direction 0: up-left, 1: up-right, 2: down-right, 3: down-left
const DY = [-1, -1, 1, 1];
const FLIP_X = [1, 0, 3, 2];
const FLIP_Y = [3, 2, 1, 0];
const PADDLE_SIDE = [2, 3, 0, 1];     // reflect both components

export class Breakout extends MinAtarEnv {
  readonly gameName = 'breakout';
  private ballX = 0;
  private ballY = 3;
  private ballDir = 2;
  private paddle = 4;
  private lastX = 0;
  private lastY = 3;
  private strike = false;
  private readonly bricks = new Uint8Array(CELLS);
  private brickCount = 0;

  constructor(options: MinAtarOptions = {}) {
    super(['paddle', 'ball', 'trail', 'brick'], [0, LEFT, RIGHT], options);
  }

  protected resetGame(): void {
    const fromRight = this.rng.int(2) === 1;
    this.ballY = 3;
    this.ballX = fromRight ? 9 : 0;
    this.ballDir = fromRight ? 3 : 2;
    this.paddle = 4;
    this.fillBricks();
    this.strike = false;
    this.lastX = this.ballX;
    this.lastY = this.ballY;
  }

  private fillBricks(): void {
    this.bricks.fill(0);
    this.bricks.fill(1, GRID, 4 * GRID);
    this.brickCount = 3 * GRID;
  }

  protected act(a: number): number {
    let r = 0;
    if (a === LEFT) this.paddle = Math.max(0, this.paddle - 1);
    else if (a === RIGHT) this.paddle = Math.min(9, this.paddle + 1);

    this.lastX = this.ballX;
    this.lastY = this.ballY;
    let nx = this.ballX + DX[this.ballDir]!;
    let ny = this.ballY + DY[this.ballDir]!;
    let struck = false;
    if (nx < 0 || nx > 9) {
      nx = nx < 0 ? 0 : 9;
      this.ballDir = FLIP_X[this.ballDir]!;
    }
    if (ny < 0) {
      ny = 0;
      this.ballDir = FLIP_Y[this.ballDir]!;
    } else if (this.bricks[ny * GRID + nx] === 1) {
      struck = true;
      if (!this.strike) {
        r = 1;
        this.strike = true;
        this.bricks[ny * GRID + nx] = 0;
        this.brickCount--;
        ny = this.lastY;
        this.ballDir = FLIP_Y[this.ballDir]!;
      }
    } else if (ny === 9) {
      if (this.brickCount === 0) this.fillBricks();
      if (this.ballX === this.paddle) {
        this.ballDir = FLIP_Y[this.ballDir]!;
        ny = this.lastY;
      } else if (nx === this.paddle) {
        this.ballDir = PADDLE_SIDE[this.ballDir]!;
        ny = this.lastY;
      } else {
        this.terminal = true;
      }
    }
    if (!struck) this.strike = false;
    this.ballX = nx;
    this.ballY = ny;
    return r;
  }

  writeObs(out: Uint8Array, offset: number): void {
    out.fill(0, offset, offset + 3 * CELLS);
    out[offset + 9 * GRID + this.paddle] = 1;
    out[offset + CELLS + this.ballY * GRID + this.ballX] = 1;
    out[offset + 2 * CELLS + this.lastY * GRID + this.lastX] = 1;
    out.set(this.bricks, offset + 3 * CELLS);
  }

  difficulty(): number {
    return 0;
  }

  protected saveGame(): EnvState {
    return {
      ballX: this.ballX, ballY: this.ballY, ballDir: this.ballDir, paddle: this.paddle,
      lastX: this.lastX, lastY: this.lastY, strike: this.strike, bricks: Array.from(this.bricks),
    };
  }

  protected loadGame(s: EnvState): void {
    this.ballX = num(s, 'ballX'); this.ballY = num(s, 'ballY'); this.ballDir = num(s, 'ballDir');
    this.paddle = num(s, 'paddle'); this.lastX = num(s, 'lastX'); this.lastY = num(s, 'lastY');
    this.strike = bool(s, 'strike');
    this.bricks.set(intArray(s, 'bricks'));
    this.brickCount = this.bricks.reduce((a, b) => a + b, 0);
  }
}
