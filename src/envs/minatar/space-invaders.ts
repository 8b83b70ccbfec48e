/**
 * MinAtar Space Invaders. Channels: cannon, alien, alien_left, alien_right, friendly_bullet, enemy_bullet.
 * Minimal actions: no-op, left, right, fire.
 *
 * Rules (MinAtar): the cannon moves along the bottom row and fires upward (one shot per 5 steps); bullets move one
 * row per step. A 4×6 block of aliens (rows 0–3, columns 2–7) moves sideways one cell every `moveInterval` steps
 * (12 at first; fewer when few aliens remain: the interval is min(aliens left, moveInterval)); when an alien
 * reaches the edge in the direction of travel, the block instead moves down a row and turns around. Every 10 steps
 * the alien nearest the cannon's column (lowest in its column) drops a bullet. Shooting an alien scores +1. When a
 * wave is cleared a new one appears, one step faster than the last (down to an interval of 6) with ramping on.
 * The episode ends when an enemy bullet or an alien reaches the cannon, or when the block must descend from row 9.
 * Which of alien_left / alien_right is active tells the block's direction.
 */
import type { EnvState } from '../core/env.js';
import { CELLS, FIRE, GRID, LEFT, MinAtarEnv, RIGHT, intArray, num, type MinAtarOptions } from './base.js';

const SHOT_COOL_DOWN = 5;
const ENEMY_MOVE_INTERVAL = 12;
const ENEMY_SHOT_INTERVAL = 10;

export class SpaceInvaders extends MinAtarEnv {
  readonly gameName = 'space_invaders';
  private pos = 5;
  private readonly aliens = new Uint8Array(CELLS);
  private readonly fBullets = new Uint8Array(CELLS);
  private readonly eBullets = new Uint8Array(CELLS);
  private readonly scratch = new Uint8Array(CELLS);
  private alienCount = 0;
  private alienDir = -1;
  private moveInterval = ENEMY_MOVE_INTERVAL;
  private alienMoveTimer = ENEMY_MOVE_INTERVAL;
  private alienShotTimer = ENEMY_SHOT_INTERVAL;
  private rampIndex = 0;
  private shotTimer = 0;

  constructor(options: MinAtarOptions = {}) {
    super(['cannon', 'alien', 'alien_left', 'alien_right', 'friendly_bullet', 'enemy_bullet'], [0, LEFT, RIGHT, FIRE], options);
  }

  private newWave(): void {
    this.aliens.fill(0);
    for (let y = 0; y < 4; y++) this.aliens.fill(1, y * GRID + 2, y * GRID + 8);
    this.alienCount = 24;
  }

  protected resetGame(): void {
    this.pos = 5;
    this.fBullets.fill(0);
    this.eBullets.fill(0);
    this.newWave();
    this.alienDir = -1;
    this.moveInterval = ENEMY_MOVE_INTERVAL;
    this.alienMoveTimer = this.moveInterval;
    this.alienShotTimer = ENEMY_SHOT_INTERVAL;
    this.rampIndex = 0;
    this.shotTimer = 0;
  }

  /** Shift every row of a grid by `dy` (+1 down, −1 up), cyclically like numpy.roll. */
  private rollRows(g: Uint8Array, dy: number): void {
    const s = this.scratch;
    for (let y = 0; y < GRID; y++) s.set(g.subarray(y * GRID, y * GRID + GRID), ((y + dy + GRID) % GRID) * GRID);
    g.set(s);
  }

  private columnHasAlien(x: number): boolean {
    for (let y = 0; y < GRID; y++) if (this.aliens[y * GRID + x]) return true;
    return false;
  }

  protected act(a: number): number {
    let r = 0;
    if (a === FIRE && this.shotTimer === 0) {
      this.fBullets[9 * GRID + this.pos] = 1;
      this.shotTimer = SHOT_COOL_DOWN;
    } else if (a === LEFT) this.pos = Math.max(0, this.pos - 1);
    else if (a === RIGHT) this.pos = Math.min(9, this.pos + 1);

    // Friendly bullets move up a row (leaving the top), enemy bullets down a row (leaving the bottom).
    this.fBullets.copyWithin(0, GRID);
    this.fBullets.fill(0, 9 * GRID);
    this.eBullets.copyWithin(GRID, 0, 9 * GRID);
    this.eBullets.fill(0, 0, GRID);
    if (this.eBullets[9 * GRID + this.pos]) this.terminal = true;

    if (this.aliens[9 * GRID + this.pos]) this.terminal = true;
    if (this.alienMoveTimer === 0) {
      this.alienMoveTimer = Math.min(this.alienCount, this.moveInterval);
      if ((this.alienDir < 0 && this.columnHasAlien(0)) || (this.alienDir > 0 && this.columnHasAlien(9))) {
        this.alienDir = -this.alienDir;
        for (let x = 0; x < GRID; x++) if (this.aliens[9 * GRID + x]) this.terminal = true;
        this.rollRows(this.aliens, 1);
      } else if (this.alienDir < 0) {
        this.aliens.copyWithin(0, 1);   // the left column is empty, so a plain shift equals the cyclic roll
        for (let y = 0; y < GRID; y++) this.aliens[y * GRID + 9] = 0;
      } else {
        this.aliens.copyWithin(1, 0, CELLS - 1);
        for (let y = 0; y < GRID; y++) this.aliens[y * GRID] = 0;
      }
      if (this.aliens[9 * GRID + this.pos]) this.terminal = true;
    }
    if (this.alienShotTimer === 0) {
      this.alienShotTimer = ENEMY_SHOT_INTERVAL;
      this.shootFromNearestAlien();
    }
    for (let i = 0; i < CELLS; i++) {
      if (this.aliens[i] && this.fBullets[i]) {
        this.aliens[i] = 0;
        this.fBullets[i] = 0;
        this.alienCount--;
        r++;
      }
    }
    if (this.shotTimer > 0) this.shotTimer--;
    this.alienMoveTimer--;
    this.alienShotTimer--;
    if (this.alienCount === 0) {
      if (this.moveInterval > 6 && this.ramping) {
        this.moveInterval--;
        this.rampIndex++;
      }
      this.newWave();
    }
    return r;
  }

  /** Columns in order of distance from the cannon (ties: left first); the lowest alien of the first occupied one fires. */
  private shootFromNearestAlien(): void {
    for (let d = 0; d < GRID; d++) {
      if (this.fireFromColumn(this.pos - d)) return;
      if (d > 0 && this.fireFromColumn(this.pos + d)) return;
    }
  }

  private fireFromColumn(x: number): boolean {
    if (x < 0 || x > 9) return false;
    for (let y = 9; y >= 0; y--) {
      if (this.aliens[y * GRID + x]) {
        this.eBullets[y * GRID + x] = 1;
        return true;
      }
    }
    return false;
  }

  writeObs(out: Uint8Array, offset: number): void {
    out.fill(0, offset, offset + 6 * CELLS);
    out[offset + 9 * GRID + this.pos] = 1;
    out.set(this.aliens, offset + CELLS);
    out.set(this.aliens, offset + (this.alienDir < 0 ? 2 : 3) * CELLS);
    out.set(this.fBullets, offset + 4 * CELLS);
    out.set(this.eBullets, offset + 5 * CELLS);
  }

  difficulty(): number {
    return this.rampIndex;
  }

  protected saveGame(): EnvState {
    return {
      pos: this.pos, aliens: Array.from(this.aliens), fBullets: Array.from(this.fBullets), eBullets: Array.from(this.eBullets),
      alienDir: this.alienDir, moveInterval: this.moveInterval, alienMoveTimer: this.alienMoveTimer,
      alienShotTimer: this.alienShotTimer, rampIndex: this.rampIndex, shotTimer: this.shotTimer,
    };
  }

  protected loadGame(s: EnvState): void {
    this.pos = num(s, 'pos');
    this.aliens.set(intArray(s, 'aliens')); this.fBullets.set(intArray(s, 'fBullets')); this.eBullets.set(intArray(s, 'eBullets'));
    this.alienCount = this.aliens.reduce((a, b) => a + b, 0);
    this.alienDir = num(s, 'alienDir'); this.moveInterval = num(s, 'moveInterval');
    this.alienMoveTimer = num(s, 'alienMoveTimer'); this.alienShotTimer = num(s, 'alienShotTimer');
    this.rampIndex = num(s, 'rampIndex'); this.shotTimer = num(s, 'shotTimer');
  }
}
