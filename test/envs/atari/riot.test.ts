/**
 * The RIOT: the riot-timer and riot-ports carts run in our machine and in the 6502.ts oracle side by side, RAM
 * compared after every frame; riot-ddr (direction registers as outputs, the PA7 edge flag: neither 6502.ts nor ALE
 * models them) against the hardware's rules; the power-on timer; save states. What each cart stores where is in the
 * header of its .asm (carts/).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ConsoleSwitches, Joystick } from '../../../src/envs/atari/index.js';
import { ALE_SYSTEM_SEED, AtariMachine, atariAvailable, encodeJoystick, encodeSwitches } from '../../../src/envs/atari/index.js';
import { Rng } from '../../../src/util/rng.js';
import { powerOnState } from './oracle.js';
import type { FrameInput, InputScript } from './oracle-compare.js';
import { applyInput, cartPath, compareWithOracle, describeComparison } from './oracle-compare.js';

const noAddon = atariAvailable() ? false : 'the native addon with the Atari emulator is not built';
const readCart = (name: string): Uint8Array => readFileSync(cartPath(`${name}.bin`));

/** RAM index of address $80 + i. */
const at = (address: number): number => address - 0x80;

/** Seeded inputs for every frame: both joysticks (each direction and fire at random) and all console switches. */
function randomInputs(seed: number): () => FrameInput {
  const rng = new Rng(seed);
  const coin = (): boolean => rng.int(2) === 1;
  const joystick = (): Joystick => ({ up: coin(), down: coin(), left: coin(), right: coin(), fire: coin() });
  const switches = (): ConsoleSwitches => ({
    reset: coin(), select: coin(), color: coin(), difficulty0A: coin(), difficulty1A: coin(),
  });
  return (): FrameInput => ({ joystick0: joystick(), joystick1: joystick(), switches: switches() });
}

test('riot-timer: every interval read at exact cycles equals 6502.ts, frame by frame', { skip: noAddon }, async () => {
  // 14 windows (one a frame) twice, after the power-on frame.
  const c = await compareWithOracle(readCart('riot-timer'), { frames: 29, pixels: false });
  assert.equal(c.divergence, undefined, describeComparison(c));
  console.log(`riot-timer: ${describeComparison(c)}`);
});

test('riot-timer: the power-on timer is ALE\'s (25 + rng % 75, one count every 64 cycles)', { skip: noAddon }, () => {
  for (const seed of [ALE_SYSTEM_SEED, 7]) {
    const m = new AtariMachine(readCart('riot-timer'), { seed });
    m.runFrames(1);
    const { timer } = powerOnState(seed);
    const ram = m.ram();
    assert.equal(ram[at(0x8b)], timer - 1, 'INTIM on cycle 3');
    // After the RAM loop (16 + 127 × 9 + 8 cycles) and STY: read on cycle 1173; ALE: V - 1 - floor(cycle / 64).
    assert.equal(ram[at(0x8c)], timer - 1 - Math.floor(1173 / 64), 'INTIM on cycle 1173');
    assert.equal(ram[at(0x8d)], 0, 'TIMINT');
  }
});

test('riot-ports: joysticks, console switches and the direction registers equal 6502.ts', { skip: noAddon }, async () => {
  const inputs = randomInputs(3);
  const script: InputScript = () => inputs();
  const c = await compareWithOracle(readCart('riot-ports'), { frames: 40, pixels: false, input: script });
  assert.equal(c.divergence, undefined, describeComparison(c));
  console.log(`riot-ports: ${describeComparison(c)}`);
});

test('riot-ddr: output pins and the PA7 edge flag follow the hardware\'s rules', { skip: noAddon }, () => {
  const m = new AtariMachine(readCart('riot-ddr'));
  const inputs = randomInputs(11);
  const rng = new Rng(5);
  m.runFrames(1);  // power-on: clears the RAM, no test body yet
  let previousPa7 = true;  // the input at power-on: no joystick pushed
  let checked = 0;
  for (let f = 1; f <= 40; f++) {
    // Frame f runs the body with frame number f; joystick 0 right (PA7) changes about every other frame.
    const input = inputs();
    input.joystick0!.right = rng.int(2) === 1;
    applyInput(m, input);
    m.runFrames(1);
    const ram = m.ram();
    const swcha = swchaOf(input), swchb = encodeSwitches(input.switches!);
    const pa7 = !input.joystick0!.right;
    const pa7Flag = (before: boolean, after: boolean, rising: boolean): number =>
      before !== after && after === rising ? 0x40 : 0;
    const expected: [number, number, string][] = [
      [0x81, (0xa0 | 0x0f) & swcha, 'SWCHA, SWACNT $F0, output $A0'],
      [0x82, (0x05 | 0xf0) & swcha, 'SWCHA, SWACNT $0F, output $05'],
      [0x83, 0x5a & swcha, 'SWCHA, SWACNT $FF, output $5A'],
      [0x84, 0xc3, 'SWCHB, SWBCNT $FF, output $C3'],
      [0x85, 0x05 | (swchb & 0xf0), 'SWCHB, SWBCNT $0F, output $05'],
      [0x86, swchb, 'SWCHB, SWBCNT 0'],
      [0x87, 0, 'SWACNT'],
      [0x88, 0, 'SWBCNT'],
      // The polarity chosen in frame f - 1 (rising when odd; power-on: falling) catches the input's change.
      [0x89, pa7Flag(previousPa7, pa7, (f - 1) % 2 === 1), 'PA7 flag at the frame start'],
      [0x8a, 0, 'PA7 flag cleared by the TIMINT read'],
      // PA7 driven low, then back to the input, with this frame's polarity.
      [0x8b, pa7Flag(pa7, false, f % 2 === 1), 'PA7 flag after driving the pin low'],
      [0x8c, pa7Flag(false, pa7, f % 2 === 1), 'PA7 flag after releasing it'],
    ];
    for (const [address, value, what] of expected) {
      assert.equal(ram[at(address)], value, `frame ${f}: ${what}`);
      checked++;
    }
    previousPa7 = pa7;
  }
  console.log(`riot-ddr: 40 frames, ${checked} RAM bytes as the hardware's rules say`);
});

function swchaOf(input: FrameInput): number {
  return encodeJoystick(input.joystick0!) << 4 | encodeJoystick(input.joystick1!);
}

test('RIOT state: a snapshot taken mid-count resumes exactly', { skip: noAddon }, () => {
  for (const name of ['riot-timer', 'riot-ddr']) {
    const m = new AtariMachine(readCart(name));
    m.runFrames(5);  // riot-timer: the next frame starts a 1024-cycle window; riot-ddr: PA7 polarity rising
    m.setJoystick(0, { right: true });
    const state = m.getState();
    const later: Uint8Array[] = [];
    for (let f = 0; f < 5; f++) {
      m.runFrames(1);
      later.push(m.ram());
    }
    m.setJoystick(0, {});
    m.setState(state);
    for (let f = 0; f < 5; f++) {
      m.runFrames(1);
      assert.deepEqual(m.ram(), later[f], `${name}, frame ${f + 1} after the restore`);
    }
  }
});
