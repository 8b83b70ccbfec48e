/**
 * MinAtar Seaquest. Channels: sub_front, sub_back, friendly_bullet, trail, enemy_bullet, enemy_fish, enemy_sub,
 * oxygen_gauge, diver_gauge, diver. Minimal actions: all six (no-op, left, up, right, down, fire).
 *
 * Rules (MinAtar): the player's submarine (front and back cell, showing its heading) starts at the surface (row 0,
 * column 5) and moves within rows 0–8; it fires bullets forward (one per 5 steps) that move one cell per step.
 * Enemies (submarines with probability 1/3, else fish) spawn every `spawnSpeed` steps (20 at first) at a random edge
 * and row 1–8, unless an enemy in that row moves the other way; they move one cell every `moveSpeed` steps (5 at first).
 * Enemy subs fire a bullet every 10 steps. Shooting an enemy scores +1. Divers spawn every 30 steps and drift one cell
 * every 5 steps; touching one picks it up (while fewer than 6 are aboard). Oxygen (200) drops by one each step below the
 * surface; running out ends the episode. Surfacing with no diver ends the episode; otherwise one diver is used up and
 * oxygen is refilled, except with 6: then the divers are delivered and the reward is the number of cells of the oxygen
 * bar left (oxygen·10 // 200). Every surfacing ramps the difficulty (spawn interval −1, every second time move
 * interval −1, down to 1 and 2). Being touched by an enemy or an enemy bullet ends the episode. Trails mark enemies'
 * and divers' previous cells; the bottom row shows the oxygen bar (from the left) and the diver count (from column 8
 * leftwards).
 *
 * By default the game is the reference implementation's (MinAtar v1.0.15, unchanged since v1.0.11), frame for frame
 * (test/envs/minatar-replay.test.ts replays traces recorded from it):
 * - the episode ends in the step that finds the oxygen at 0 (`oxygen <= 0`, since v1.0.11; v1.0.10 and earlier ended
 *   at `oxygen < 0`, so a sub could still refill at 0), even when the sub surfaces in that step (it is refilled and
 *   scores as usual, and the episode ends all the same);
 * - surfacing with 6 divers leaves −1 divers (the reference empties the sub, then takes the diver used for the refill):
 *   the gauge shows none, the next surfacing without a diver picked up does not end the episode (it leaves −2), and
 *   the next bonus needs 7 divers. Every published MinAtar result was produced with this behaviour;
 * - the oxygen bar is `max(0, oxygen)·10 // 200` cells: empty on the terminal frame where oxygen has reached −1.
 *
 * `writtenRules: true` keeps the variant this library played before: surfacing with 6 divers leaves 0, as MinAtar's
 * rules are written (so the next surfacing without a diver ends the episode), and the episode ends at `oxygen < 0`,
 * as in v1.0.10 and earlier (the written rules say "when oxygen reaches 0"). No reference version plays this pair.
 */
import type { EnvState } from '../core/env.js';
import { CELLS, DOWN, FIRE, GRID, LEFT, MinAtarEnv, RIGHT, UP, num, bool, type MinAtarOptions } from './base.js';
import { EntityList } from './entity-list.js';

const MAX_OXYGEN = 200;
const INIT_SPAWN_SPEED = 20;
const DIVER_SPAWN_SPEED = 30;
const INIT_MOVE_INTERVAL = 5;
const SHOT_COOL_DOWN = 5;
const ENEMY_SHOT_INTERVAL = 10;
const DIVER_MOVE_INTERVAL = 5;
const MAX_DIVERS = 6;

export interface SeaquestOptions extends MinAtarOptions {
  /** Our former variant instead of the reference's code (v1.0.15): surfacing with 6 divers leaves 0 divers, as the
   *  rules are written, not −1; the oxygen runs out below 0, as in MinAtar ≤ v1.0.10, not at 0. Default false. */
  writtenRules?: boolean;
}

const enum Ch { SubFront, SubBack, FriendlyBullet, Trail, EnemyBullet, EnemyFish, EnemySub, Oxygen, DiverGauge, Diver }

export class Seaquest extends MinAtarEnv {
  readonly gameName = 'seaquest';
  readonly writtenRules: boolean;
  private oxygen = MAX_OXYGEN;
  private diverCount = 0;
  private subX = 5;
  private subY = 0;
  private subRight = false;
  // Capacities far exceed what the timers allow to coexist (e.g. ≤ 8 enemies, one per row).
  private readonly fBullets = new EntityList(32);
  private readonly eBullets = new EntityList(64);
  private readonly fish = new EntityList(32);       // timerA: move timer
  private readonly subs = new EntityList(32);       // timerA: move timer, timerB: shot timer
  private readonly divers = new EntityList(32);     // timerA: move timer
  private spawnSpeed = INIT_SPAWN_SPEED;
  private spawnTimer = INIT_SPAWN_SPEED;
  private diverSpawnTimer = DIVER_SPAWN_SPEED;
  private moveSpeed = INIT_MOVE_INTERVAL;
  private rampIndex = 0;
  private shotTimer = 0;
  private surfaced = true;

  constructor(options: SeaquestOptions = {}) {
    super(['sub_front', 'sub_back', 'friendly_bullet', 'trail', 'enemy_bullet', 'enemy_fish', 'enemy_sub', 'oxygen_gauge', 'diver_gauge', 'diver'],
      [0, LEFT, UP, RIGHT, DOWN, FIRE], options);
    this.writtenRules = options.writtenRules ?? false;
  }

  protected resetGame(): void {
    this.oxygen = MAX_OXYGEN;
    this.diverCount = 0;
    this.subX = 5;
    this.subY = 0;
    this.subRight = false;
    this.fBullets.clear(); this.eBullets.clear(); this.fish.clear(); this.subs.clear(); this.divers.clear();
    this.spawnSpeed = INIT_SPAWN_SPEED;
    this.spawnTimer = this.spawnSpeed;
    this.diverSpawnTimer = DIVER_SPAWN_SPEED;
    this.moveSpeed = INIT_MOVE_INTERVAL;
    this.rampIndex = 0;
    this.shotTimer = 0;
    this.surfaced = true;
  }

  private spawnEnemy(): void {
    const right = this.rng.int(2) === 0;
    const isSub = this.rng.uniform() < 1 / 3;
    const x = right ? 0 : 9;
    const y = 1 + this.rng.int(8);
    // No spawn into a row where an enemy travels the other way (they would collide).
    if (this.rowBlocked(this.subs, y, right) || this.rowBlocked(this.fish, y, right)) return;
    if (isSub) this.subs.push(x, y, right, this.moveSpeed, ENEMY_SHOT_INTERVAL);
    else this.fish.push(x, y, right, this.moveSpeed);
  }

  private rowBlocked(list: EntityList, y: number, right: boolean): boolean {
    for (let i = 0; i < list.length; i++) if (list.y[i] === y && (list.right[i] === 1) !== right) return true;
    return false;
  }

  private spawnDiver(): void {
    const right = this.rng.int(2) === 0;
    const y = 1 + this.rng.int(8);
    this.divers.push(right ? 0 : 9, y, right, DIVER_MOVE_INTERVAL);
  }

  private atSub(x: number, y: number): boolean {
    return x === this.subX && y === this.subY;
  }

  protected act(a: number): number {
    let r = 0;
    if (this.spawnTimer === 0) {
      this.spawnEnemy();
      this.spawnTimer = this.spawnSpeed;
    }
    if (this.diverSpawnTimer === 0) {
      this.spawnDiver();
      this.diverSpawnTimer = DIVER_SPAWN_SPEED;
    }
    if (a === FIRE && this.shotTimer === 0) {
      this.fBullets.push(this.subX, this.subY, this.subRight);
      this.shotTimer = SHOT_COOL_DOWN;
    } else if (a === LEFT) {
      this.subX = Math.max(0, this.subX - 1);
      this.subRight = false;
    } else if (a === RIGHT) {
      this.subX = Math.min(9, this.subX + 1);
      this.subRight = true;
    } else if (a === UP) this.subY = Math.max(0, this.subY - 1);
    else if (a === DOWN) this.subY = Math.min(8, this.subY + 1);

    r += this.moveFriendlyBullets();
    this.moveDivers();
    r += this.moveEnemies(this.subs, true);
    this.moveEnemyBullets();
    r += this.moveEnemies(this.fish, false);

    if (this.spawnTimer > 0) this.spawnTimer--;
    if (this.diverSpawnTimer > 0) this.diverSpawnTimer--;
    if (this.shotTimer > 0) this.shotTimer--;
    if (this.writtenRules ? this.oxygen < 0 : this.oxygen <= 0) this.terminal = true;
    if (this.subY > 0) {
      this.oxygen--;
      this.surfaced = false;
    } else if (!this.surfaced) {
      if (this.diverCount === 0) this.terminal = true;
      else r += this.surface();
    }
    return r;
  }

  private moveFriendlyBullets(): number {
    let r = 0;
    const b = this.fBullets;
    for (let i = b.length - 1; i >= 0; i--) {
      const x = b.x[i]! + (b.right[i] ? 1 : -1);
      b.x[i] = x;
      if (x < 0 || x > 9) {
        b.removeAt(i);
        continue;
      }
      const y = b.y[i]!;
      let hit = this.fish.indexAt(x, y);
      if (hit >= 0) this.fish.removeAt(hit);
      else if ((hit = this.subs.indexAt(x, y)) >= 0) this.subs.removeAt(hit);
      if (hit >= 0) {
        b.removeAt(i);
        r++;
      }
    }
    return r;
  }

  private moveDivers(): void {
    const d = this.divers;
    for (let i = d.length - 1; i >= 0; i--) {
      if (this.atSub(d.x[i]!, d.y[i]!) && this.diverCount < MAX_DIVERS) {
        d.removeAt(i);
        this.diverCount++;
      } else if (d.timerA[i] === 0) {
        d.timerA[i] = DIVER_MOVE_INTERVAL;
        const x = d.x[i]! + (d.right[i] ? 1 : -1);
        d.x[i] = x;
        if (x < 0 || x > 9) d.removeAt(i);
        else if (this.atSub(x, d.y[i]!) && this.diverCount < MAX_DIVERS) {
          d.removeAt(i);
          this.diverCount++;
        }
      } else {
        d.timerA[i]--;
      }
    }
  }

  /** Moves enemy fish or subs; subs also fire. Returns the reward from enemies running into player bullets. */
  private moveEnemies(list: EntityList, shoots: boolean): number {
    let r = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      if (this.atSub(list.x[i]!, list.y[i]!)) this.terminal = true;
      let removed = false;
      if (list.timerA[i] === 0) {
        list.timerA[i] = this.moveSpeed;
        const x = list.x[i]! + (list.right[i] ? 1 : -1);
        list.x[i] = x;
        if (x < 0 || x > 9) removed = true;
        else if (this.atSub(x, list.y[i]!)) this.terminal = true;
        else {
          const hit = this.fBullets.indexAt(x, list.y[i]!);
          if (hit >= 0) {
            this.fBullets.removeAt(hit);
            removed = true;
            r++;
          }
        }
      } else {
        list.timerA[i]--;
      }
      // As in MinAtar, a sub removed this step still fires if its shot timer is due.
      if (shoots) {
        if (list.timerB[i] === 0) {
          list.timerB[i] = ENEMY_SHOT_INTERVAL;
          this.eBullets.push(list.x[i]!, list.y[i]!, list.right[i] === 1);
        } else {
          list.timerB[i]--;
        }
      }
      if (removed) list.removeAt(i);
    }
    return r;
  }

  private moveEnemyBullets(): void {
    const b = this.eBullets;
    for (let i = b.length - 1; i >= 0; i--) {
      if (this.atSub(b.x[i]!, b.y[i]!)) this.terminal = true;
      const x = b.x[i]! + (b.right[i] ? 1 : -1);
      b.x[i] = x;
      if (x < 0 || x > 9) b.removeAt(i);
      else if (this.atSub(x, b.y[i]!)) this.terminal = true;
    }
  }

  private surface(): number {
    this.surfaced = true;
    let r = 0;
    if (this.diverCount === MAX_DIVERS) {
      r = Math.floor((this.oxygen * 10) / MAX_OXYGEN);
      // The reference empties the sub and then still takes the diver used for the refill.
      this.diverCount = this.writtenRules ? 0 : -1;
    } else {
      this.diverCount--;
    }
    this.oxygen = MAX_OXYGEN;
    if (this.ramping && (this.spawnSpeed > 1 || this.moveSpeed > 2)) {
      if (this.moveSpeed > 2 && this.rampIndex % 2 === 1) this.moveSpeed--;
      if (this.spawnSpeed > 1) this.spawnSpeed--;
      this.rampIndex++;
    }
    return r;
  }

  writeObs(out: Uint8Array, o: number): void {
    out.fill(0, o, o + 10 * CELLS);
    out[o + Ch.SubFront * CELLS + this.subY * GRID + this.subX] = 1;
    const back = Math.min(9, Math.max(0, this.subRight ? this.subX - 1 : this.subX + 1));
    out[o + Ch.SubBack * CELLS + this.subY * GRID + back] = 1;
    const bar = Math.floor((Math.max(0, this.oxygen) * 10) / MAX_OXYGEN);
    out.fill(1, o + Ch.Oxygen * CELLS + 9 * GRID, o + Ch.Oxygen * CELLS + 9 * GRID + bar);
    const divers = Math.max(0, this.diverCount); // a negative count (reference rules) shows no diver
    out.fill(1, o + Ch.DiverGauge * CELLS + 9 * GRID + 9 - divers, o + Ch.DiverGauge * CELLS + 9 * GRID + 9);
    this.points(out, o, this.fBullets, Ch.FriendlyBullet);
    this.points(out, o, this.eBullets, Ch.EnemyBullet);
    this.withTrail(out, o, this.fish, Ch.EnemyFish);
    this.withTrail(out, o, this.subs, Ch.EnemySub);
    this.withTrail(out, o, this.divers, Ch.Diver);
  }

  private points(out: Uint8Array, o: number, list: EntityList, ch: number): void {
    for (let i = 0; i < list.length; i++) out[o + ch * CELLS + list.y[i]! * GRID + list.x[i]!] = 1;
  }

  private withTrail(out: Uint8Array, o: number, list: EntityList, ch: number): void {
    for (let i = 0; i < list.length; i++) {
      const x = list.x[i]!, row = list.y[i]! * GRID;
      out[o + ch * CELLS + row + x] = 1;
      const back = list.right[i] ? x - 1 : x + 1;
      if (back >= 0 && back <= 9) out[o + Ch.Trail * CELLS + row + back] = 1;
    }
  }

  difficulty(): number {
    return this.rampIndex;
  }

  protected saveGame(): EnvState {
    return {
      oxygen: this.oxygen, diverCount: this.diverCount, subX: this.subX, subY: this.subY, subRight: this.subRight,
      fBullets: this.fBullets.toJSON(), eBullets: this.eBullets.toJSON(), fish: this.fish.toJSON(), subs: this.subs.toJSON(),
      divers: this.divers.toJSON(), spawnSpeed: this.spawnSpeed, spawnTimer: this.spawnTimer,
      diverSpawnTimer: this.diverSpawnTimer, moveSpeed: this.moveSpeed, rampIndex: this.rampIndex,
      shotTimer: this.shotTimer, surfaced: this.surfaced,
    };
  }

  protected loadGame(s: EnvState): void {
    this.oxygen = num(s, 'oxygen'); this.diverCount = num(s, 'diverCount');
    this.subX = num(s, 'subX'); this.subY = num(s, 'subY'); this.subRight = bool(s, 'subRight');
    for (const [k, list] of [['fBullets', this.fBullets], ['eBullets', this.eBullets], ['fish', this.fish], ['subs', this.subs], ['divers', this.divers]] as const) {
      list.load(s[k] as number[][]);
    }
    this.spawnSpeed = num(s, 'spawnSpeed'); this.spawnTimer = num(s, 'spawnTimer');
    this.diverSpawnTimer = num(s, 'diverSpawnTimer'); this.moveSpeed = num(s, 'moveSpeed');
    this.rampIndex = num(s, 'rampIndex'); this.shotTimer = num(s, 'shotTimer'); this.surfaced = bool(s, 'surfaced');
  }
}
