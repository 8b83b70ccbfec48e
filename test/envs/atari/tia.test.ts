/**
 * The TIA against 6502.ts (oracle.ts), one test cart per feature (test/envs/atari/carts/tia-*.asm): every frame's RAM
 * and picture equal, with the counts compared printed; plus what each cart must show (every collision pair met, the
 * fire latch both ways, paddle charge times in ALE's proportion), ALE's frame rule, drawing off, save states and the
 * palette.
 *
 * (The oracle driver switches off 6502.ts's line cache, which would lose a copy that runs past the right edge.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AtariMachine, atariAvailable, ntscPalette } from '../../../src/envs/atari/index.js';
import { Rng } from '../../../src/util/rng.js';
import { Oracle6502 } from './oracle.js';
import type { Comparison, InputScript } from './oracle-compare.js';
import { cartPath, compareRuns, describeComparison, PADDLE_MAX, PADDLE_MIN, randomJoystickScript } from './oracle-compare.js';

const skip = atariAvailable() ? false : 'no Atari addon';
const FRAMES = 240;

async function compareCart(name: string, frames: number, input?: InputScript): Promise<{ c: Comparison; ours: AtariMachine }> {
  const rom = readFileSync(cartPath(name));
  const ours = new AtariMachine(rom);
  const oracle = await Oracle6502.create(rom, { scheme: ours.scheme });
  const c = compareRuns(ours, oracle, { frames, input });
  console.log(`${name}: ${describeComparison(c)}`);
  return { c, ours };
}

for (const cart of ['playfield', 'nusiz', 'hmove', 'resp', 'vdel', 'resmp']) {
  test(`tia-${cart}: RAM and pictures equal to 6502.ts's for ${FRAMES} frames`, { skip }, async () => {
    const { c } = await compareCart(`tia-${cart}.bin`, FRAMES, randomJoystickScript(11));
    assert.equal(c.divergence, undefined, describeComparison(c));
    assert.equal(c.frames, FRAMES);
  });
}

test('tia-collisions: equal to 6502.ts, and all 15 collision pairs latch at some frame', { skip }, async () => {
  const { c, ours } = await compareCart('tia-collisions.bin', FRAMES);
  assert.equal(c.divergence, undefined, describeComparison(c));
  const ram = ours.ram();
  // $98-$9F: the 8 latch registers OR-ed over all frames; bit 7 and bit 6 are pairs (CXBLPF has only bit 7).
  const latched = [...ram.subarray(0x18, 0x20)].map((v, r) => (v >> 6) & (r === 6 ? 2 : 3));
  const pairs = latched.reduce((n, bits) => n + (bits & 1) + (bits >> 1), 0);
  assert.equal(pairs, 15, `pairs latched per register: ${latched.join(' ')}`);
});

test('tia-fire: INPT4/INPT5 with and without VBLANK\'s latch equal to 6502.ts, presses kept by the latch', { skip }, async () => {
  const rng = new Rng(5);
  const fire: InputScript = () => ({ joystick0: { fire: rng.int(3) === 0 }, joystick1: { fire: rng.int(2) === 0 } });
  const seen = new Set<string>();
  const { c } = await compareCart('tia-fire.bin', FRAMES, (frame, ram) => {
    seen.add([...ram.subarray(0x10, 0x1a)].map((v) => v >> 7).join(''));
    return fire(frame, ram);
  });
  assert.equal(c.divergence, undefined, describeComparison(c));
  assert.ok(seen.size >= 20, `${seen.size} different patterns of reads`);
});

test('tia-paddles: charge times by ALE\'s model, equal to the oracle\'s, in proportion to the resistance', { skip }, async () => {
  const rng = new Rng(9);
  const ohms: number[][] = [];  // the four resistances set for each frame
  const counts: { ohms: number; count: number }[] = [];
  const { c } = await compareCart('tia-paddles.bin', FRAMES, (frame, ram) => {
    // The frame before counted paddle (its cart frame & 3); the cart's counter ($80) was stepped at its end.
    if (frame > 1 && ram[0]! > 0) {
      const k = (ram[0]! - 1) & 3;
      counts.push({ ohms: ohms[frame - 1]![k]!, count: ram[0x10 + 2 * k]! | (ram[0x11 + 2 * k]! << 8) });
    }
    ohms[frame] = [0, 1, 2, 3].map(() => PADDLE_MIN + rng.int(PADDLE_MAX - PADDLE_MIN));
    return { paddles: ohms[frame]!.map((r, i) => [i as 0 | 1 | 2 | 3, r, false]) };
  });
  assert.equal(c.divergence, undefined, describeComparison(c));
  // The cart reads 6 cycles after the write that ends the dump, then every 11 cycles (14 more each 256 reads); a read
  // sees the paddle charged once more than (1.6 R 1e-8 s) 1.19 MHz cycles have passed (ALE's TIA.cxx).
  for (const { ohms: r, count } of counts) {
    const needed = Math.floor(1.6 * r * 0.01e-6 * 1.19e6);
    let expected = 0;
    while (6 + 11 * expected + 14 * Math.floor(expected / 256) <= needed) expected++;
    assert.equal(count, expected, `${r} ohms: ${needed} cycles`);
  }
  assert.ok(counts.length >= FRAMES - 3, `${counts.length} counts`);
});

test('ALE\'s frame rule (tia-frames): VSYNC pulses under a line ignored, the 290-line cap, short frames', { skip }, async () => {
  const { c, ours } = await compareCart('tia-frames.bin', 20);
  assert.equal(c.divergence, undefined, describeComparison(c));
  const m = new AtariMachine(readFileSync(cartPath('tia-frames.bin')));
  const lines: number[] = [], pictures: Uint8Array[] = [];
  for (let f = 0; f < 11; f++) {
    m.runFrames(1);
    lines.push(m.info().scanlines);
    pictures.push(m.frame());
  }
  // Power-on to the first VSYNC; 256 + 3 lines and VSYNC (the pulse in the next one does not end it); then 400 lines
  // without VSYNC, cut at the first write past scanline 290, twice; the rest; a 100-line frame.
  assert.deepEqual(lines, [39, 263, 291, 291, 81, 104, 263, 291, 291, 81, 104]);
  // The 104-line frame draws rows 0..69 of the view (ystart 34); rows past it keep the frame before last (ALE's two
  // buffers), here the second capped frame.
  const short = pictures[5]!, beforeLast = pictures[3]!, row = (p: Uint8Array, y: number): number[] => [...p.subarray(160 * y, 160 * y + 160)];
  for (let y = 70; y < 210; y++) assert.deepEqual(row(short, y), row(beforeLast, y), `row ${y}`);
  assert.notDeepEqual(row(short, 10), row(beforeLast, 10));
  assert.ok(ours.info().frame > 0);
});

test('ALE\'s steps: 25,000 instructions without a frame\'s end are a partial frame, the frame in progress shown', { skip }, async () => {
  // VSYNC; 120 lines of background colours; about 33,000 instructions without the TIA; again.
  const code = 'a9028500850285028502a9008500a27886098502cad0f9a200a040cad0fd88d0fa4c00f0';
  const rom = new Uint8Array(4096).fill(0xff);
  rom.set(Buffer.from(code, 'hex'));
  rom.set([0x00, 0xf0, 0x00, 0xf0], 0xffc);
  const c = compareRuns(new AtariMachine(rom), await Oracle6502.create(rom, { scheme: '4K' }), { frames: 30, pixels: false });
  console.log(`partial steps: ${describeComparison(c)}`);
  assert.equal(c.divergence, undefined, describeComparison(c));  // step ends (cycles), frames and RAM as the oracle's

  const m = new AtariMachine(rom);
  m.runFrames(1);  // power-on to the first VSYNC
  assert.equal(m.info().frame, 1);
  m.runFrames(1);  // the 120 lines and 25,000 instructions into the wait: a partial step
  assert.equal(m.info().frame, 1, 'a partial step finishes no frame');
  // ALE shows the frame in progress: its lines 34..119 are view rows 0..85, one colour each (COLUBK = 120 - line), then
  // black (ALE would grey the rows from the beam's scanline down, but 25,000 instructions put the beam below any view).
  const p = m.frame();
  for (let y = 0; y < 210; y++) assert.equal(p[160 * y + 80], y < 86 ? (86 - y) & 0xfe : 0, `row ${y}`);
  m.runFrames(1);  // the rest of the wait; ALE's cap ends the frame at the next TIA write (VSYNC on), line 1201
  assert.deepEqual([m.info().frame, m.info().scanlines], [2, 1201]);
  m.runFrames(1);
  assert.deepEqual([m.info().frame, m.info().scanlines], [3, 3]);
});

test('drawing off: RAM (collisions included) and later pictures as with drawing on', { skip }, () => {
  const rom = readFileSync(cartPath('tia-collisions.bin'));
  const on = new AtariMachine(rom), off = new AtariMachine(rom);
  for (let f = 0; f < 120; f++) {
    off.setRender(f % 3 === 2);
    on.runFrames(1);
    off.runFrames(1);
    assert.deepEqual(off.ram(), on.ram(), `RAM after frame ${f}`);
    if (f % 3 === 2) assert.deepEqual(off.frame(), on.frame(), `picture of frame ${f}`);
  }
});

test('save states resume exactly, from any frame end (pending writes and half-drawn lines included)', { skip }, () => {
  for (const cart of ['tia-hmove.bin', 'tia-vdel.bin', 'tia-collisions.bin']) {
    const m = new AtariMachine(readFileSync(cartPath(cart)));
    m.runFrames(37);
    const state = m.getState();
    const expected: string[] = [];
    for (let f = 0; f < 20; f++) {
      m.runFrames(1);
      expected.push(Buffer.from(m.frame()).toString('base64') + Buffer.from(m.ram()).toString('base64'));
    }
    const r = new AtariMachine(readFileSync(cartPath(cart)));
    r.runFrames(5);  // somewhere else entirely
    r.setState(state);
    for (let f = 0; f < 20; f++) {
      r.runFrames(1);
      assert.equal(Buffer.from(r.frame()).toString('base64') + Buffer.from(r.ram()).toString('base64'), expected[f], `${cart}: frame ${f} after the restore`);
    }
  }
});

test('palette: ALE\'s NTSC colours, odd indices as their even neighbour, grayscale = BT.601 luma', { skip }, () => {
  const rgb = ntscPalette();
  assert.equal(rgb.length, 256 * 3);
  const colour = (i: number): number => (rgb[3 * i]! << 16) | (rgb[3 * i + 1]! << 8) | rgb[3 * i + 2]!;
  // A few entries of ALE's table (src/ale/common/Palettes.hpp): black, white-ish, the first hue, the last.
  assert.equal(colour(0x00), 0x000000);
  assert.equal(colour(0x0e), 0xececec);
  assert.equal(colour(0x10), 0x484800);
  assert.equal(colour(0x42), 0xa71a1a);
  assert.equal(colour(0xfe), 0xfce070);
  for (let i = 1; i < 256; i += 2) assert.equal(colour(i), colour(i - 1));
  // Pictures in RGB and grayscale are the index picture through these tables.
  const m = new AtariMachine(readFileSync(cartPath('tia-playfield.bin')));
  m.runFrames(10);
  const idx = m.frame('indices'), col = m.frame('rgb'), gray = m.frame('gray');
  for (let p = 0; p < idx.length; p += 97) {
    const i = idx[p]!, r = rgb[3 * i]!, g = rgb[3 * i + 1]!, b = rgb[3 * i + 2]!;
    assert.deepEqual([col[3 * p], col[3 * p + 1], col[3 * p + 2]], [r, g, b]);
    assert.equal(gray[p], Math.round(r * 0.2989 + g * 0.587 + b * 0.114));
  }
});
