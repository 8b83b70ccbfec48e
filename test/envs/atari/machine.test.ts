/**
 * The machine's face (src/envs/atari/machine.ts) on a tiny test cartridge (carts/machine-basic.asm): controls reach
 * the ports, frames and formats, save states (exact, and refused when corrupt), the jam error, batch stepping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AtariMachine, atariAvailable, ntscPalette, runFramesBatch } from '../../../src/envs/atari/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const rom = readFileSync(join(root, 'test/envs/atari/carts/machine-basic.bin'));
const skip = atariAvailable() ? false : 'the native addon with the Atari emulator is not built';

test('machine: frames are counted and the controls reach SWCHA, INPT4 and SWCHB', { skip }, () => {
  const m = new AtariMachine(rom);
  assert.equal(m.scheme, '4K');
  m.runFrames(10);
  let ram = m.ram();
  assert.equal(ram[0], 9, 'the first frame ends at the first VSYNC, before the cart counts it');
  assert.equal(ram[1], 0xff);
  assert.equal(ram[2]! & 0x80, 0x80);
  assert.equal(ram[3], 0x3f, 'colour, difficulties B, unused bits high');
  m.setJoystick(0, { up: true, fire: true });
  m.setJoystick(1, { down: true, right: true });
  m.setSwitches({ color: false, difficulty0A: true });
  m.runFrames(1);
  ram = m.ram();
  assert.equal(ram[1], 0xe0 | 0x0f & ~0x0a, 'P0 up (bit 4), P1 right + down (bits 3, 1)');
  assert.equal(ram[2]! & 0x80, 0, 'fire pressed reads bit 7 low');
  assert.equal(ram[3]! & 0x08, 0, 'B/W');
  assert.equal(ram[3]! & 0x40, 0x40, 'P0 difficulty A');
  assert.equal(m.info().frame, 11);
});

test('machine: the picture is a colour ramp, one colour per scanline, and RGB / gray follow the palette', { skip }, () => {
  const m = new AtariMachine(rom);
  m.runFrames(3);
  const idx = m.frame('indices');
  assert.equal(idx.length, 210 * 160);
  const rows: number[] = [];
  for (let y = 0; y < 210; y++) {
    const row = idx.subarray(y * 160, (y + 1) * 160);
    // The first pixels of a line may still show the previous colour (COLUBK is written during the line): take the end.
    rows.push(row[159]!);
  }
  let steps = 0;
  for (let y = 1; y < 210; y++) if (rows[y] === ((rows[y - 1]! + 2) & 0xfe)) steps++;
  assert.ok(steps > 150, `consecutive scanlines step the colour by 2 (${steps} of 209 do)`);
  const pal = ntscPalette();
  const rgb = m.frame('rgb'), gray = m.frame('gray');
  for (const i of [0, 5000, 20000, 33599]) {
    for (let c = 0; c < 3; c++) assert.equal(rgb[3 * i + c], pal[3 * idx[i]! + c]);
    const luma = 0.299 * pal[3 * idx[i]!]! + 0.587 * pal[3 * idx[i]! + 1]! + 0.114 * pal[3 * idx[i]! + 2]!;
    assert.ok(Math.abs(gray[i]! - luma) <= 1, `gray ${gray[i]} vs BT.601 luma ${luma.toFixed(1)}`);
  }
});

test('machine: a save state restores the machine exactly; corrupt or foreign states are refused and change nothing', { skip }, () => {
  const m = new AtariMachine(rom);
  m.setJoystick(0, { left: true });
  m.runFrames(5);
  const state = m.getState();
  m.runFrames(5);
  const ram = m.ram(), frame = m.frame(), cycles = m.info().cycles;
  m.setState(state);
  assert.equal(m.info().frame, 5);
  m.runFrames(5);
  assert.deepEqual(m.ram(), ram);
  assert.deepEqual(m.frame(), frame);
  assert.equal(m.info().cycles, cycles);

  const before = m.getState();
  assert.throws(() => m.setState(state.subarray(0, state.length - 3)), /truncated or corrupt machine state/);
  assert.throws(() => m.setState(new Uint8Array(64)), /not an Atari 2600 machine state/);
  const longer = new Uint8Array(state.length + 1);
  longer.set(state);
  assert.throws(() => m.setState(longer), /truncated or corrupt machine state/);
  assert.deepEqual(m.getState(), before);
});

test('machine: a jammed CPU is an error naming the opcode and its address', { skip }, () => {
  const m = new AtariMachine(rom);
  m.runFrames(2);
  m.setSwitches({ select: true });
  assert.throws(() => m.runFrames(1), /the CPU jammed: opcode \$02 at \$F0[0-9A-F]{2} \(frame 2\)/);
  assert.throws(() => m.runFrames(1), /jammed/);
});

test('machine: runFramesBatch equals stepping each machine alone', { skip }, () => {
  const make = (k: number): AtariMachine => {
    const m = new AtariMachine(rom, { seed: 100 + k });
    m.setJoystick(0, { up: k % 2 === 0, right: k % 3 === 0, fire: k === 1 });
    return m;
  };
  const batch = [0, 1, 2, 3, 4].map(make), alone = [0, 1, 2, 3, 4].map(make);
  runFramesBatch(batch, 7);
  for (const m of alone) m.runFrames(7);
  for (let k = 0; k < batch.length; k++) assert.deepEqual(batch[k]!.getState(), alone[k]!.getState());
  assert.throws(() => runFramesBatch([batch[0]!, {} as AtariMachine]), /not a machine handle|nativeHandle/);
});

test('machine: power-on RAM comes from the seed; bad ROMs are named', { skip }, () => {
  const a = new AtariMachine(rom), b = new AtariMachine(rom), c = new AtariMachine(rom, { seed: 1 });
  assert.deepEqual(a.ram(), b.ram());
  assert.notDeepEqual(a.ram(), c.ram());
  assert.throws(() => new AtariMachine(new Uint8Array(3000)), /3000 bytes/);
  assert.throws(() => AtariMachine.fromFile('/nonexistent/pong.bin'), /cannot read the ROM \/nonexistent\/pong.bin/);
});
