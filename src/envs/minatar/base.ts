/**
 * Shared machinery of the MinAtar games (Young & Tian 2019): a 10×10 grid, one boolean channel per object type,
 * sticky actions, the minimal action set, seeding and checkpointing.
 *
 * Observation layout: channel-first [C, 10, 10] uint8 with values 0/1 (NCHW-friendly; the Python MinAtar
 * returns [10, 10, C] booleans). Cell (row y, column x) of channel c is at index c·100 + y·10 + x; row 0 is the top.
 *
 * Actions: the agent's action indexes the game's minimal action set (default, as gymnax and our agents use) or the
 * full set of six (n, l, u, r, d, f), which the reference's `Environment` always takes. Sticky actions: with
 * probability `stickyActionProb` (0.1 by default, as in MinAtar) the previous action is repeated instead of the chosen
 * one. The previous action is 0 (no-op) when the env is made and carries over resets, as in the reference's
 * `Environment` (v1.0.15, and already in 2019), which never resets it: the first step of an episode may repeat the
 * last action of the one before.
 *
 * Randomness: one Rng per env drives sticky actions and the game; `reset({seed})` re-seeds it; without a seed the
 * stream continues. `getState()`/`setState()` checkpoint the game, the RNG and the sticky action exactly.
 */
import { Rng } from '../../util/rng.js';
import { BaseEnv, checkAction, type EnvState, type Info, type ResetOptions, type RgbFrame, type Transition } from '../core/env.js';
import { Box, Discrete } from '../core/spaces.js';

/** Full MinAtar action set, by index. */
export const FULL_ACTIONS = ['n', 'l', 'u', 'r', 'd', 'f'] as const;
export const NOOP = 0, LEFT = 1, UP = 2, RIGHT = 3, DOWN = 4, FIRE = 5;
const ACTION_MEANINGS = ['NOOP', 'LEFT', 'UP', 'RIGHT', 'DOWN', 'FIRE'] as const;

export const GRID = 10;
export const CELLS = GRID * GRID;

export interface MinAtarOptions {
  /** Probability of repeating the previous action (MinAtar default 0.1). */
  stickyActionProb?: number;
  /** Increase the difficulty over time as in MinAtar (Asterix, Seaquest, Space Invaders; no effect elsewhere). */
  difficultyRamping?: boolean;
  /** Use the game's minimal action set (default) instead of all six actions. */
  minimalActionSet?: boolean;
  /** Pixels per grid cell in render(). */
  renderScale?: number;
}

export abstract class MinAtarEnv extends BaseEnv<Uint8Array> {
  abstract readonly gameName: string;
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly channelNames: readonly string[];
  readonly stickyActionProb: number;
  readonly ramping: boolean;
  readonly renderScale: number;
  /** Map from agent action to full-set action index. */
  protected readonly actionMap: Int32Array;
  protected rng = new Rng(0);
  protected terminal = false;
  private lastAction = 0;
  private readonly transition: Transition = { reward: 0, terminated: false, truncated: false, info: {} };

  protected constructor(channelNames: readonly string[], minimalActions: readonly number[], options: MinAtarOptions) {
    super();
    const p = options.stickyActionProb ?? 0.1;
    if (!(p >= 0 && p <= 1)) throw new Error(`MinAtar: stickyActionProb must be in [0, 1], got ${p}`);
    this.stickyActionProb = p;
    this.ramping = options.difficultyRamping ?? true;
    this.renderScale = options.renderScale ?? 16;
    this.channelNames = channelNames;
    const actions = (options.minimalActionSet ?? true) ? minimalActions : [0, 1, 2, 3, 4, 5];
    this.actionMap = Int32Array.from(actions);
    this.observationSpace = new Box([channelNames.length, GRID, GRID], 'uint8', 0, 1);
    this.actionSpace = new Discrete(actions.length);
  }

  /** Start a new episode (state only; the RNG is already seeded). */
  protected abstract resetGame(): void;
  /** Advance one frame with a full-set action; returns the reward and sets `terminal`. */
  protected abstract act(action: number): number;
  /** The game's own state for checkpoints. */
  protected abstract saveGame(): EnvState;
  protected abstract loadGame(state: EnvState): void;
  /** Current level of the difficulty ramp (0 for games without one). */
  abstract difficulty(): number;

  resetNoObs(options?: ResetOptions): Info {
    if (options?.seed !== undefined) this.rng = new Rng(options.seed);
    this.terminal = false;
    this.resetGame();
    return this.transition.info;
  }

  stepNoObs(action: number): Transition {
    checkAction(action, this.actionMap.length, this.gameName);
    if (this.terminal) throw new Error(`${this.gameName}: step() after the episode ended; call reset() first`);
    // Sticky actions draw from the RNG every step, as MinAtar does, so the stream does not depend on p.
    if (this.rng.uniform() < this.stickyActionProb) action = this.lastAction;
    this.lastAction = action;
    const t = this.transition;
    t.reward = this.act(this.actionMap[action]!);
    t.terminated = this.terminal;
    t.truncated = false;
    return t;
  }

  actionMeanings(): readonly string[] {
    return Array.from(this.actionMap, (a) => ACTION_MEANINGS[a]!);
  }

  /** The current observation as a fresh [C, 10, 10] array. */
  observation(): Uint8Array {
    return this.currentObs();
  }

  getState(): EnvState {
    const r = this.rng.getState();
    return {
      game: this.gameName,
      rng: { s: [...r.s], spareNormal: r.spareNormal },
      lastAction: this.lastAction,
      terminal: this.terminal,
      state: this.saveGame(),
    };
  }

  setState(state: EnvState): void {
    if (state['game'] !== this.gameName) throw new Error(`${this.gameName}.setState: state is for ${String(state['game'])}`);
    const r = state['rng'] as { s: number[]; spareNormal: number | null };
    this.rng.setState({ s: [r.s[0]!, r.s[1]!, r.s[2]!, r.s[3]!], spareNormal: r.spareNormal });
    this.lastAction = state['lastAction'] as number;
    this.terminal = state['terminal'] as boolean;
    this.loadGame(state['state'] as EnvState);
  }

  /** Each cell takes the colour of its highest active channel (as MinAtar's display does); black when empty. */
  render(): RgbFrame {
    const c = this.channelNames.length, s = this.renderScale;
    const obs = this.currentObs();
    const palette = channelPalette(c);
    const w = GRID * s;
    const data = new Uint8Array(w * w * 3);
    for (let y = 0; y < GRID; y++) {
      for (let x = 0; x < GRID; x++) {
        let top = -1;
        for (let ch = 0; ch < c; ch++) if (obs[ch * CELLS + y * GRID + x]) top = ch;
        if (top < 0) continue;
        const r = palette[top * 3]!, g = palette[top * 3 + 1]!, b = palette[top * 3 + 2]!;
        for (let py = y * s; py < (y + 1) * s; py++) {
          for (let px = x * s; px < (x + 1) * s; px++) {
            const o = (py * w + px) * 3;
            data[o] = r; data[o + 1] = g; data[o + 2] = b;
          }
        }
      }
    }
    return { width: w, height: w, data };
  }
}

/** Distinct, bright colours for up to 10 channels (a cubehelix-like sweep). */
function channelPalette(n: number): Uint8Array {
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = (i + 1) / (n + 1);
    const angle = 2 * Math.PI * (0.5 + 1.5 * t);
    const l = 0.3 + 0.6 * t, amp = 0.9 * l * (1 - l) + 0.15;
    const cs = Math.cos(angle), sn = Math.sin(angle);
    const rgb = [l + amp * (-0.14861 * cs + 1.78277 * sn), l + amp * (-0.29227 * cs - 0.90649 * sn), l + amp * (1.97294 * cs)];
    for (let k = 0; k < 3; k++) out[i * 3 + k] = Math.round(255 * Math.min(1, Math.max(0.15, rgb[k]!)));
  }
  return out;
}

/** Helpers to read typed values back from a checkpoint. */
export function num(s: EnvState, k: string): number {
  const v = s[k];
  if (typeof v !== 'number') throw new Error(`MinAtar.setState: field ${k} must be a number`);
  return v;
}
export function bool(s: EnvState, k: string): boolean {
  const v = s[k];
  if (typeof v !== 'boolean') throw new Error(`MinAtar.setState: field ${k} must be a boolean`);
  return v;
}
export function intArray(s: EnvState, k: string): number[] {
  const v = s[k];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw new Error(`MinAtar.setState: field ${k} must be a number array`);
  return v as number[];
}
