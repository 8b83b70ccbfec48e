/**
 * MinAtar Asterix. Channels: player, enemy, trail, gold. Minimal actions: no-op, left, up, right, down.
 *
 * Rules (MinAtar): the player starts at (row 5, column 5) and moves one cell per step within rows 1–8. Each of the
 * eight rows 1–8 holds at most one entity; a new one spawns every `spawnSpeed` steps (10 at first) in a random free
 * row, at the left or right edge, moving away from it; it is gold (treasure) with probability 1/3, otherwise an
 * enemy. Entities move one cell every `moveSpeed` steps (5 at first) and vanish off screen. Touching gold scores +1
 * and removes it; touching an enemy ends the episode. Difficulty ramp: every 100 steps the spawn interval shrinks by
 * one, and every second ramp the move interval too (down to 1). The trail channel marks the cell behind each entity.
 */
import type { EnvState } from '../core/env.js';
import { CELLS, DOWN, GRID, LEFT, MinAtarEnv, RIGHT, UP, intArray, num, type MinAtarOptions } from './base.js';

const RAMP_INTERVAL = 100;
const INIT_SPAWN_SPEED = 10;
const INIT_MOVE_INTERVAL = 5;
const SLOTS = 8;

export class Asterix extends MinAtarEnv {
  readonly gameName = 'asterix';
  private playerX = 5;
  private playerY = 5;
  // One entity slot per row (slot i lives on row i + 1).
  private readonly active = new Uint8Array(SLOTS);
  private readonly ex = new Int32Array(SLOTS);
  private readonly movesRight = new Uint8Array(SLOTS);
  private readonly gold = new Uint8Array(SLOTS);
  private readonly freeSlots = new Int32Array(SLOTS);
  private spawnSpeed = INIT_SPAWN_SPEED;
  private spawnTimer = INIT_SPAWN_SPEED;
  private moveSpeed = INIT_MOVE_INTERVAL;
  private moveTimer = INIT_MOVE_INTERVAL;
  private rampTimer = RAMP_INTERVAL;
  private rampIndex = 0;

  constructor(options: MinAtarOptions = {}) {
    super(['player', 'enemy', 'trail', 'gold'], [0, LEFT, UP, RIGHT, DOWN], options);
  }

  protected resetGame(): void {
    this.playerX = 5;
    this.playerY = 5;
    this.active.fill(0);
    this.spawnSpeed = INIT_SPAWN_SPEED;
    this.spawnTimer = this.spawnSpeed;
    this.moveSpeed = INIT_MOVE_INTERVAL;
    this.moveTimer = this.moveSpeed;
    this.rampTimer = RAMP_INTERVAL;
    this.rampIndex = 0;
  }

  private spawn(): void {
    const right = this.rng.int(2) === 0;
    const isGold = this.rng.uniform() < 1 / 3;
    let nFree = 0;
    for (let i = 0; i < SLOTS; i++) if (!this.active[i]) this.freeSlots[nFree++] = i;
    if (nFree === 0) return;
    const slot = this.freeSlots[this.rng.int(nFree)]!;
    this.active[slot] = 1;
    this.ex[slot] = right ? 0 : 9;
    this.movesRight[slot] = right ? 1 : 0;
    this.gold[slot] = isGold ? 1 : 0;
  }

  /** Collision of the player with the entity in `slot` (must be on the player's row and column). */
  private collide(slot: number): number {
    if (this.gold[slot]) {
      this.active[slot] = 0;
      return 1;
    }
    this.terminal = true;
    return 0;
  }

  protected act(a: number): number {
    let r = 0;
    if (this.spawnTimer === 0) {
      this.spawn();
      this.spawnTimer = this.spawnSpeed;
    }
    if (a === LEFT) this.playerX = Math.max(0, this.playerX - 1);
    else if (a === RIGHT) this.playerX = Math.min(9, this.playerX + 1);
    else if (a === UP) this.playerY = Math.max(1, this.playerY - 1);
    else if (a === DOWN) this.playerY = Math.min(8, this.playerY + 1);

    const playerSlot = this.playerY - 1;
    if (this.active[playerSlot] && this.ex[playerSlot] === this.playerX) r += this.collide(playerSlot);
    if (this.moveTimer === 0) {
      this.moveTimer = this.moveSpeed;
      for (let i = 0; i < SLOTS; i++) {
        if (!this.active[i]) continue;
        const x = this.ex[i]! + (this.movesRight[i] ? 1 : -1);
        this.ex[i] = x;
        if (x < 0 || x > 9) this.active[i] = 0;
        else if (i === playerSlot && x === this.playerX) r += this.collide(i);
      }
    }
    this.spawnTimer--;
    this.moveTimer--;
    if (this.ramping && (this.spawnSpeed > 1 || this.moveSpeed > 1)) {
      if (this.rampTimer >= 0) {
        this.rampTimer--;
      } else {
        if (this.moveSpeed > 1 && this.rampIndex % 2 === 1) this.moveSpeed--;
        if (this.spawnSpeed > 1) this.spawnSpeed--;
        this.rampIndex++;
        this.rampTimer = RAMP_INTERVAL;
      }
    }
    return r;
  }

  writeObs(out: Uint8Array, offset: number): void {
    out.fill(0, offset, offset + 4 * CELLS);
    out[offset + this.playerY * GRID + this.playerX] = 1;
    for (let i = 0; i < SLOTS; i++) {
      if (!this.active[i]) continue;
      const row = (i + 1) * GRID, x = this.ex[i]!;
      out[offset + (this.gold[i] ? 3 : 1) * CELLS + row + x] = 1;
      const back = this.movesRight[i] ? x - 1 : x + 1;
      if (back >= 0 && back <= 9) out[offset + 2 * CELLS + row + back] = 1;
    }
  }

  difficulty(): number {
    return this.rampIndex;
  }

  protected saveGame(): EnvState {
    return {
      playerX: this.playerX, playerY: this.playerY, active: Array.from(this.active), ex: Array.from(this.ex),
      movesRight: Array.from(this.movesRight), gold: Array.from(this.gold), spawnSpeed: this.spawnSpeed,
      spawnTimer: this.spawnTimer, moveSpeed: this.moveSpeed, moveTimer: this.moveTimer, rampTimer: this.rampTimer,
      rampIndex: this.rampIndex,
    };
  }

  protected loadGame(s: EnvState): void {
    this.playerX = num(s, 'playerX'); this.playerY = num(s, 'playerY');
    this.active.set(intArray(s, 'active')); this.ex.set(intArray(s, 'ex'));
    this.movesRight.set(intArray(s, 'movesRight')); this.gold.set(intArray(s, 'gold'));
    this.spawnSpeed = num(s, 'spawnSpeed'); this.spawnTimer = num(s, 'spawnTimer');
    this.moveSpeed = num(s, 'moveSpeed'); this.moveTimer = num(s, 'moveTimer');
    this.rampTimer = num(s, 'rampTimer'); this.rampIndex = num(s, 'rampIndex');
  }
}
