/**
 * The Atari 2600 emulator's functions in the C++ addon (native/atari/binding.cc), typed. A machine is an opaque handle
 * owned by JS (freed by the garbage collector).
 */
import { addonLoadError, loadAddon } from '../../util/addon.js';

declare const machineHandle: unique symbol;
/** An emulator instance in the addon. */
export type MachineHandle = { readonly [machineHandle]: true };

/** Result of the test-only CPU entry point (cpu_test_binding.cc): registers after one instruction and its bus trace. */
export interface CpuTestResult {
  pc: number; a: number; x: number; y: number; s: number; p: number;
  jammed: boolean;
  /** Every bus access in order: [address, value, 'read' | 'write']. */
  cycles: [number, number, 'read' | 'write'][];
  /** Final memory at the addresses asked for. */
  ram: [number, number][];
}

export interface CpuTestInput {
  pc: number; a: number; x: number; y: number; s: number; p: number;
  ram: [number, number][];
}

export interface AtariAddon {
  atariCreate(rom: Uint8Array, scheme: number, seed: number): MachineHandle;
  atariPowerOn(m: MachineHandle, seed: number): void;
  atariSetControls(m: MachineHandle, swcha: number, swchb: number, fire0: boolean, fire1: boolean,
    paddle0: number, paddle1: number, paddle2: number, paddle3: number): void;
  atariSetRender(m: MachineHandle, on: boolean): void;
  atariSetView(m: MachineHandle, ystart: number, height: number): void;
  atariRunFrames(m: MachineHandle, frames: number): void;
  atariRunBatch(machines: MachineHandle[], frames: number): void;
  atariRam(m: MachineHandle, out: Uint8Array): void;
  /** format 0 = palette indices, 1 = RGB, 2 = grayscale. */
  atariFrame(m: MachineHandle, out: Uint8Array, format: 0 | 1 | 2): void;
  atariInfo(m: MachineHandle): { frame: number; cycles: number; scanlines: number; height: number; bank: number; scheme: string; pc: number };
  atariGetState(m: MachineHandle): Uint8Array;
  atariSetState(m: MachineHandle, state: Uint8Array): void;
  atariPalette(): Uint8Array;
  /** Test only: one instruction on a flat 64 KiB bus (cpu_test_binding.cc); absent in builds without it. */
  atariCpuStep?(input: CpuTestInput, watch: number[]): CpuTestResult;
}

let cached: AtariAddon | null | undefined;

/** The addon's Atari functions; throws an error that says why they are unavailable. */
export function atariAddon(): AtariAddon {
  if (cached === undefined) {
    const addon = loadAddon() as Partial<AtariAddon> | null;
    cached = addon && typeof addon.atariCreate === 'function' ? (addon as AtariAddon) : null;
  }
  if (cached) return cached;
  const why = addonLoadError();
  throw new Error(why
    ? `Atari emulation needs the native addon, which did not load: ${why}`
    : 'Atari emulation is not in this build of the native addon (it was built with HRL_NO_ATARI=1); rebuild it with `npm install`');
}

/** Whether the Atari emulator can be used here (for tests that skip without it). */
export function atariAvailable(): boolean {
  try {
    atariAddon();
    return true;
  } catch {
    return false;
  }
}
