/**
 * An Atari 2600 (the emulator in native/atari/): load a ROM, set the controls, run frames, read RAM and pictures, and
 * save or restore the whole machine as bytes. This is the machine only; ALE's game layer (rewards, lives, reset
 * sequence, frameskip, sticky actions) sits on top of it.
 */
import { readFileSync } from 'node:fs';
import type { CartScheme } from './cartridge.js';
import { detectScheme, romMd5, schemeId } from './cartridge.js';
import type { MachineHandle } from './native.js';
import { atariAddon } from './native.js';

/** ALE's system seed (Settings.cxx `system_random_seed`): RAM and the RIOT timer at power-on come from mt19937(seed). */
export const ALE_SYSTEM_SEED = 4753849;

export interface MachineOptions {
  /** Bank-switching scheme; detected from the ROM when absent. */
  scheme?: CartScheme;
  /** Seed of the power-on RAM and timer values (default ALE's). */
  seed?: number;
}

/** One joystick: directions and fire. */
export interface Joystick { up?: boolean; down?: boolean; left?: boolean; right?: boolean; fire?: boolean }

/** Console switches: reset and select are buttons (true while held); colour (true) or B/W; difficulties A (true) or B. */
export interface ConsoleSwitches { reset?: boolean; select?: boolean; color?: boolean; difficulty0A?: boolean; difficulty1A?: boolean }

/** SWCHB's unused bits (2, 4, 5), which read high (ALE's switches start from $FF). */
const SWCHB_UNUSED = 0x34;

/** The SWCHB byte of console switches (a switch reads 0 while pressed / at B / in B/W). */
export function encodeSwitches(s: ConsoleSwitches): number {
  return SWCHB_UNUSED | (s.reset ? 0 : 0x01) | (s.select ? 0 : 0x02) | (s.color === false ? 0 : 0x08)
    | (s.difficulty0A ? 0x40 : 0) | (s.difficulty1A ? 0x80 : 0);
}

/** SWCHA's nibble of one joystick (right, left, down, up in bits 3..0, low while pushed). */
export function encodeJoystick(j: Joystick): number {
  return (j.right ? 0 : 8) | (j.left ? 0 : 4) | (j.down ? 0 : 2) | (j.up ? 0 : 1);
}

/** Colour, and both difficulties at B, with no button held. */
export const DEFAULT_SWCHB = encodeSwitches({});

export type FrameFormat = 'indices' | 'rgb' | 'gray';
const FORMAT_ID = { indices: 0, rgb: 1, gray: 2 } as const;

export class AtariMachine {
  static readonly WIDTH = 160;
  readonly scheme: CartScheme;
  readonly md5: string;
  private readonly handle: MachineHandle;
  private swcha = 0xff;
  private swchb = DEFAULT_SWCHB;
  private fire: [boolean, boolean] = [false, false];
  private paddles: [number, number, number, number] = [0, 0, 0, 0];

  constructor(rom: Uint8Array, options: MachineOptions = {}) {
    this.md5 = romMd5(rom);
    this.scheme = options.scheme ?? detectScheme(rom);
    this.handle = atariAddon().atariCreate(rom, schemeId(this.scheme), options.seed ?? ALE_SYSTEM_SEED);
  }

  static fromFile(path: string, options: MachineOptions = {}): AtariMachine {
    let rom: Uint8Array;
    try {
      rom = readFileSync(path);
    } catch (e) {
      throw new Error(`cannot read the ROM ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return new AtariMachine(rom, options);
  }

  /** Power-cycles the machine (RAM and timer from the seed again, the power-on bank). */
  powerOn(seed = ALE_SYSTEM_SEED): void {
    atariAddon().atariPowerOn(this.handle, seed);
  }

  /** Sets joystick `port` (0 = left, 1 = right); takes effect from the next frame run. */
  setJoystick(port: 0 | 1, j: Joystick): void {
    const shift = port === 0 ? 4 : 0;
    this.swcha = (this.swcha & ~(0x0f << shift)) | (encodeJoystick(j) << shift);
    this.fire[port] = j.fire ?? false;
    this.pushControls();
  }

  /** Paddle i (0–3) as a resistance in ohms (ALE: 27450 … 790196); buttons: paddles 0/1 on SWCHA bits 7/6, 2/3 on bits 3/2. */
  setPaddle(index: 0 | 1 | 2 | 3, ohms: number, button = false): void {
    this.paddles[index] = Math.round(ohms);
    const bit = [0x80, 0x40, 0x08, 0x04][index]!;
    this.swcha = button ? this.swcha & ~bit : this.swcha | bit;
    this.pushControls();
  }

  setSwitches(s: ConsoleSwitches): void {
    this.swchb = encodeSwitches(s);
    this.pushControls();
  }

  private pushControls(): void {
    const p = this.paddles;
    atariAddon().atariSetControls(this.handle, this.swcha, this.swchb, this.fire[0], this.fire[1], p[0], p[1], p[2], p[3]);
  }

  /** Runs `n` of ALE's emulator steps (each to the end of a frame, or 25,000 instructions of one); throws if the CPU jams. */
  runFrames(n = 1): void {
    atariAddon().atariRunFrames(this.handle, n);
  }

  /** Whether frames are drawn (off for frames nobody will look at; everything else is still emulated). */
  setRender(on: boolean): void {
    atariAddon().atariSetRender(this.handle, on);
  }

  /** The picture's first scanline after the frame start and its height (ALE: 34 and 210). */
  setView(ystart: number, height: number): void {
    atariAddon().atariSetView(this.handle, ystart, height);
  }

  /** The 128 bytes of RIOT RAM ($80–$FF). */
  ram(out: Uint8Array = new Uint8Array(128)): Uint8Array {
    atariAddon().atariRam(this.handle, out);
    return out;
  }

  get height(): number {
    return this.info().height;
  }

  /** The last completed frame: height × 160 palette indices, RGB (× 3) or grayscale bytes. */
  frame(format: FrameFormat = 'indices', out?: Uint8Array): Uint8Array {
    const n = this.height * AtariMachine.WIDTH * (format === 'rgb' ? 3 : 1);
    const buf = out ?? new Uint8Array(n);
    atariAddon().atariFrame(this.handle, buf, FORMAT_ID[format]);
    return buf;
  }

  /** Frame counter, CPU cycles since power-on, scanlines of the last frame, the cartridge bank, the CPU's PC. */
  info(): { frame: number; cycles: number; scanlines: number; height: number; bank: number; scheme: string; pc: number } {
    return atariAddon().atariInfo(this.handle);
  }

  /** The whole machine (CPU, TIA, RIOT, cartridge bank and RAM) as bytes. */
  getState(): Uint8Array {
    return atariAddon().atariGetState(this.handle);
  }

  /** Restores getState() bytes; a truncated or foreign snapshot throws and leaves the machine as it was. */
  setState(state: Uint8Array): void {
    atariAddon().atariSetState(this.handle, state);
  }

  /** @internal the addon handle (batch stepping). */
  get nativeHandle(): MachineHandle {
    return this.handle;
  }
}

/** Runs `frames` frames on every machine, spread over the addon's thread pool. */
export function runFramesBatch(machines: readonly AtariMachine[], frames = 1): void {
  atariAddon().atariRunBatch(machines.map((m) => m.nativeHandle), frames);
}

/** The NTSC palette: 256 × (R, G, B). */
export function ntscPalette(): Uint8Array {
  return atariAddon().atariPalette();
}
