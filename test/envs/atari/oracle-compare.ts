/**
 * Runs our AtariMachine and the 6502.ts oracle (oracle.ts) side by side with the same inputs and reports the first
 * divergence: a RAM byte, a pixel, the frame count, or an error in either. After every frame of ours, the oracle is
 * run to exactly the same CPU cycle (info().cycles), so RAM is compared at the same instant; pictures are compared on
 * the scanlines the oracle drew for that frame (all of the view unless the frame ended early).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CartScheme, ConsoleSwitches, Joystick } from '../../../src/envs/atari/index.js';
import { AtariMachine } from '../../../src/envs/atari/index.js';
import { Rng } from '../../../src/util/rng.js';
import { Oracle6502 } from './oracle.js';

/** test/envs/atari/carts/<name>, from the sources or from dist/. */
export function cartPath(name: string): string {
  return fileURLToPath(new URL(`../../../../test/envs/atari/carts/${name}`, import.meta.url));
}

/** ../shared/test-roms/tetris.bin beside the project root, or undefined when this checkout has no such folder. */
export function tetrisPath(): string | undefined {
  const path = fileURLToPath(new URL('../../../../../shared/test-roms/tetris.bin', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/** What the controls are for one frame; absent fields keep their last value. */
export interface FrameInput {
  joystick0?: Joystick;
  joystick1?: Joystick;
  switches?: ConsoleSwitches;
  /** [index, ohms, button]. */
  paddles?: [0 | 1 | 2 | 3, number, boolean][];
}

/** The input for frame `frame` (0-based), given the RAM before it (the same in both machines while they agree). */
export type InputScript = (frame: number, ram: Uint8Array) => FrameInput | undefined;

interface Controllable {
  setJoystick(port: 0 | 1, j: Joystick): void;
  setSwitches(s: ConsoleSwitches): void;
  setPaddle(index: 0 | 1 | 2 | 3, ohms: number, button?: boolean): void;
}

export function applyInput(machine: Controllable, input: FrameInput | undefined): void {
  if (!input) return;
  if (input.joystick0) machine.setJoystick(0, input.joystick0);
  if (input.joystick1) machine.setJoystick(1, input.joystick1);
  if (input.switches) machine.setSwitches(input.switches);
  for (const [i, ohms, button] of input.paddles ?? []) machine.setPaddle(i, ohms, button);
}

/**
 * Seeded joystick play on port 0: every 2–12 frames a new state, one of no direction, left, right, down or up, with
 * fire half of the time; the console switches stay at colour / B / B.
 */
export function randomJoystickScript(seed: number): InputScript {
  const rng = new Rng(seed);
  const directions: Joystick[] = [{}, { left: true }, { right: true }, { down: true }, { up: true }];
  let next = 0;
  return (frame) => {
    if (frame < next) return undefined;
    next = frame + 2 + rng.int(11);
    return { joystick0: { ...directions[rng.int(directions.length)], fire: rng.int(2) === 1 } };
  };
}

/** ALE's paddle range in ohms (ale_state.hpp PADDLE_MIN / PADDLE_MAX). */
export const PADDLE_MIN = 27450, PADDLE_MAX = 790196;

/**
 * Seeded paddle play for paddle games (Breakout, Pong): paddle 0 moves by ALE's step of 23,000 ohms per frame left,
 * right or not at all, a new choice every 2–12 frames, its button pressed half of the time; paddle 1 stays centred.
 */
export function randomPaddleScript(seed: number): InputScript {
  const rng = new Rng(seed);
  let ohms = (PADDLE_MIN + PADDLE_MAX) / 2, step = 0, button = false, next = 0;
  return (frame) => {
    if (frame >= next) {
      next = frame + 2 + rng.int(11);
      step = 23000 * (rng.int(3) - 1);
      button = rng.int(2) === 1;
    }
    ohms = Math.min(PADDLE_MAX, Math.max(PADDLE_MIN, ohms + step));
    return { paddles: [[0, ohms, button], [1, (PADDLE_MIN + PADDLE_MAX) / 2, false]] };
  };
}

export interface Divergence {
  /** The frame after which it was seen (0: at power-on). */
  frame: number;
  what: 'ram' | 'pixel' | 'frame count' | 'error';
  /** RAM: the address ($80–$FF); pixel: x and y in the view. */
  address?: number;
  x?: number;
  y?: number;
  ours: number | string;
  oracle: number | string;
}

export interface Comparison {
  /** Frames run and compared (RAM after each, and the picture unless pixels were off). */
  frames: number;
  ramBytes: number;
  pixels: number;
  cycles: number;
  divergence?: Divergence;
}

export interface CompareOptions {
  frames: number;
  scheme?: CartScheme;
  seed?: number;
  input?: InputScript;
  /** Compare pictures too (default true). */
  pixels?: boolean;
}

const hex = (v: number, digits = 2): string => `$${v.toString(16).toUpperCase().padStart(digits, '0')}`;

/** One line: where the machines first differ, or that they agreed, with the counts. */
export function describeComparison(c: Comparison): string {
  const counts = `${c.frames} frames, ${c.ramBytes} RAM bytes, ${c.pixels} pixels, ${c.cycles} cycles compared`;
  const d = c.divergence;
  if (!d) return `equal: ${counts}`;
  const fmt = (v: number | string): string => (typeof v === 'number' ? hex(v) : v);
  const where = d.what === 'ram' ? `RAM ${hex(d.address!)}`
    : d.what === 'pixel' ? `pixel x=${d.x} y=${d.y}` : d.what;
  return `diverged after frame ${d.frame} at ${where}: ours ${fmt(d.ours)}, oracle ${fmt(d.oracle)} (${counts} before)`;
}

function firstDifference(a: Uint8Array, b: Uint8Array, length: number): number {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** What the comparison needs of our machine (AtariMachine has it). */
export interface ComparedMachine extends Controllable {
  readonly height: number;
  runFrames(n: number): void;
  info(): { cycles: number; frame: number };
  ram(out: Uint8Array): Uint8Array;
  frame(format: 'indices'): Uint8Array;
}

/** Runs our machine on `rom` and the oracle from power-on for `options.frames` frames; see compareRuns. */
export async function compareWithOracle(rom: Uint8Array, options: CompareOptions): Promise<Comparison> {
  const ours = new AtariMachine(rom, { scheme: options.scheme, seed: options.seed });
  const oracle = await Oracle6502.create(rom, { scheme: ours.scheme, seed: options.seed });
  return compareRuns(ours, oracle, options);
}

/**
 * Runs both machines (just powered on) frame by frame with `options.input`, the oracle to each of our frame ends;
 * stops at the first divergence.
 */
export function compareRuns(ours: ComparedMachine, oracle: Oracle6502, options: CompareOptions): Comparison {
  const comparePixels = options.pixels ?? true;
  const result: Comparison = { frames: 0, ramBytes: 0, pixels: 0, cycles: 0 };
  const ourRam = new Uint8Array(128), oracleRam = new Uint8Array(128);
  const oraclePixels = new Uint8Array(ours.height * 160);
  oracle.setView(34, ours.height);

  const compareRam = (frame: number): boolean => {
    ours.ram(ourRam);
    oracle.ram(oracleRam);
    const i = firstDifference(ourRam, oracleRam, 128);
    if (i >= 0) {
      result.divergence = { frame, what: 'ram', address: 0x80 + i, ours: ourRam[i]!, oracle: oracleRam[i]! };
      return false;
    }
    result.ramBytes += 128;
    return true;
  };

  if (!compareRam(0)) return result;
  for (let frame = 1; frame <= options.frames; frame++) {
    const input = options.input?.(frame - 1, oracleRam);
    applyInput(ours, input);
    applyInput(oracle, input);
    try {
      ours.runFrames(1);
    } catch (e) {
      result.divergence = { frame, what: 'error', ours: String(e instanceof Error ? e.message : e), oracle: 'ran' };
      return result;
    }
    const { cycles, frame: ourFrames } = ours.info();
    try {
      oracle.runToCycle(cycles);
    } catch (e) {
      result.divergence = { frame, what: 'error', ours: 'ran', oracle: String(e instanceof Error ? e.message : e) };
      return result;
    }
    if (oracle.frames !== ourFrames) {
      result.divergence = { frame, what: 'frame count', ours: `${ourFrames} frames`, oracle: `${oracle.frames} frames` };
      return result;
    }
    if (!compareRam(frame)) return result;
    if (comparePixels) {
      const ourPixels = ours.frame('indices');
      const { rows } = oracle.frame(oraclePixels);
      const i = firstDifference(ourPixels, oraclePixels, rows * 160);
      if (i >= 0) {
        result.divergence = {
          frame, what: 'pixel', x: i % 160, y: Math.floor(i / 160), ours: ourPixels[i]!, oracle: oraclePixels[i]!,
        };
        return result;
      }
      result.pixels += rows * 160;
    }
    result.frames = frame;
    result.cycles = cycles;
  }
  return result;
}
