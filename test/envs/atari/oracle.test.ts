/**
 * The 6502.ts oracle driver on its own (no addon needed): power-on state, inputs, ALE's frame boundaries, the picture
 * window and the paddle model, checked on carts/oracle-frames (see its .asm for what it stores where).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Mt19937, Oracle6502, powerOnState } from './oracle.js';
import type { ComparedMachine } from './oracle-compare.js';
import { cartPath, compareRuns, describeComparison } from './oracle-compare.js';

const rom = readFileSync(cartPath('oracle-frames.bin'));

test('Mt19937 matches std::mt19937 (the standard requires the 10000th output of seed 5489 to be 4123659995)', () => {
  const rng = new Mt19937(5489);
  for (let i = 1; i < 10000; i++) rng.next();
  assert.equal(rng.next(), 4123659995);
});

test('oracle: power-on RAM, timer and registers are ALE\'s for the seed', async () => {
  const oracle = await Oracle6502.create(rom, { scheme: '2K', seed: 4753849 });
  const power = powerOnState(4753849);
  assert.deepEqual(oracle.ram(), power.ram);
  assert.deepEqual(oracle.registers(), { a: 0, x: 0, y: 0, sp: 0xff, p: 0x20, pc: 0xf800 });
  assert.equal(oracle.cycles, 0);
  oracle.runFrames(1);
  // LDA INTIM reads on its 4th cycle (index 3): V - 1 - floor(3 / 64), as ALE's M6532 computes it.
  assert.equal(oracle.ram()[0x02], power.timer - 1);
  assert.equal(oracle.ram()[0x05], power.timer - 1 - Math.floor(274 / 64), 'the power-on timer counts every 64 cycles');
  const other = await Oracle6502.create(rom, { scheme: '2K', seed: 7 });
  assert.notDeepEqual(other.ram(), power.ram);
});

test('oracle: frames end at VSYNC off, 262 scanlines apart, each at the end of an instruction', async () => {
  const oracle = await Oracle6502.create(rom, { scheme: '2K' });
  oracle.runFrames(1);
  const first = oracle.cycles;
  assert.equal(oracle.frames, 1);
  assert.equal(oracle.ram()[0x00], 0);  // INC $80 comes after the VSYNC write that ended the frame
  for (let k = 2; k <= 5; k++) {
    const before = oracle.cycles;
    oracle.runFrames(1);
    assert.equal(oracle.frames, k);
    assert.equal(oracle.ram()[0x00], k - 1);
    assert.equal(oracle.cycles - before, 262 * 76, 'a frame of 262 scanlines is 262 × 76 cycles');
  }
  assert.ok(first < 8 * 76, `the first frame ends within 8 scanlines of power-on (cycle ${first})`);
});

test('oracle: runToCycle stops on the cycle and agrees with runFrames', async () => {
  const a = await Oracle6502.create(rom, { scheme: '2K' });
  const b = await Oracle6502.create(rom, { scheme: '2K' });
  a.runFrames(3);
  b.runToCycle(a.cycles - 1);
  assert.equal(b.frames, 2);
  b.runToCycle(a.cycles);
  assert.equal(b.cycles, a.cycles);
  assert.equal(b.frames, 3);
  assert.deepEqual(b.ram(), a.ram());
  assert.deepEqual(b.frame().pixels, a.frame().pixels);
});

test('oracle: the picture is 210 scanlines from 34 after the frame start, as palette indices', async () => {
  const oracle = await Oracle6502.create(rom, { scheme: '2K' });
  oracle.runFrames(3);
  const { pixels, rows } = oracle.frame();
  assert.equal(rows, 210);
  // Scanlines 34–36 of the frame are in VBLANK (index 0); line 37 + i has background 192 - i; overscan from 229.
  for (let y = 0; y < 210; y++) {
    const line = 34 + y;
    const expected = line < 37 || line >= 37 + 192 ? 0 : (192 - (line - 37)) & 0xfe;
    for (let x = 0; x < 160; x += 53) assert.equal(pixels[y * 160 + x], expected, `pixel ${x},${y}`);
  }
  oracle.setView(0, 50);
  const top = oracle.frame();
  assert.equal(top.pixels.length, 50 * 160);
  assert.equal(top.pixels[37 * 160], 192);
});

test('oracle: joystick, fire and paddle inputs reach the program', async () => {
  const oracle = await Oracle6502.create(rom, { scheme: '2K' });
  oracle.runFrames(2);
  assert.equal(oracle.ram()[0x01], 0xff);
  assert.equal(oracle.ram()[0x03] & 0x80, 0x80);
  assert.equal(oracle.ram()[0x04], 192, 'no paddle attached: INPT0 never charges');
  oracle.setJoystick(0, { up: true, fire: true });
  oracle.setJoystick(1, { left: true });
  const ohms = 400000;
  oracle.setPaddle(0, ohms);
  oracle.runFrames(2);
  assert.equal(oracle.ram()[0x01], 0xeb);
  assert.equal(oracle.ram()[0x03] & 0x80, 0);
  // ALE: charged once the cycles since the dump went off exceed floor(1.6 · R · 1e-8 · 1.19e6); one line = 76 cycles.
  const lines = Math.floor(1.6 * ohms * 0.01e-6 * 1.19e6) / 76;
  assert.ok(Math.abs(oracle.ram()[0x04]! - lines) <= 1, `paddle lines ${oracle.ram()[0x04]} vs ${lines.toFixed(1)}`);
  oracle.setPaddle(0, ohms / 2);
  oracle.runFrames(1);
  assert.ok(Math.abs(oracle.ram()[0x04]! - lines / 2) <= 1);
});

/** An oracle in the role of our machine, optionally deaf to the joystick, to test the comparison itself. */
function asOurs(o: Oracle6502, ignoreJoystick = false): ComparedMachine {
  return {
    height: 210,
    setJoystick: (port, j) => { if (!ignoreJoystick) o.setJoystick(port, j); },
    setSwitches: (s) => o.setSwitches(s),
    setPaddle: (i, ohms, button) => o.setPaddle(i, ohms, button),
    runFrames: (n) => o.runFrames(n),
    info: () => ({ cycles: o.cycles, frame: o.frames }),
    ram: (out) => o.ram(out),
    frame: () => o.frame().pixels,
  };
}

test('compareRuns: equal machines compare every frame, RAM byte and pixel', async () => {
  const input = (frame: number) => (frame === 3 ? { joystick0: { down: true } } : undefined);
  const a = await Oracle6502.create(rom, { scheme: '2K' }), b = await Oracle6502.create(rom, { scheme: '2K' });
  const c = compareRuns(asOurs(a), b, { frames: 6, input });
  assert.equal(c.divergence, undefined, describeComparison(c));
  // The first frame ends a few scanlines after power-on, before its picture starts: no rows of it are compared.
  assert.deepEqual([c.frames, c.ramBytes, c.pixels, c.cycles], [6, 7 * 128, 5 * 210 * 160, a.cycles]);
  assert.match(describeComparison(c), /^equal: 6 frames, 896 RAM bytes, 168000 pixels/);
});

test('compareRuns: reports the first divergence with both values', async () => {
  const input = (frame: number) => (frame === 3 ? { joystick0: { down: true } } : undefined);
  const a = await Oracle6502.create(rom, { scheme: '2K' }), b = await Oracle6502.create(rom, { scheme: '2K' });
  const c = compareRuns(asOurs(a, true), b, { frames: 6, input });
  // The joystick set before frame 4 is read into $81 during it: ours keeps $FF, the oracle reads $DF.
  assert.deepEqual(c.divergence, { frame: 4, what: 'ram', address: 0x81, ours: 0xff, oracle: 0xdf });
  assert.equal(c.frames, 3);
  assert.match(describeComparison(c), /^diverged after frame 4 at RAM \$81: ours \$FF, oracle \$DF \(3 frames/);

  const seeds = compareRuns(asOurs(await Oracle6502.create(rom, { scheme: '2K', seed: 1 })), b, { frames: 1 });
  assert.equal(seeds.divergence?.frame, 0, 'different power-on RAM differs before the first frame');
});
