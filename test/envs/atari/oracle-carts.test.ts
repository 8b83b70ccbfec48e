/**
 * Every test cart (test/envs/atari/carts/*.bin) against the 6502.ts oracle: 240 frames from power-on with seeded
 * random joystick input (fire and all directions), every frame's RAM and picture equal. Prints the counts compared.
 * KNOWN lists the carts where our RIOT models the hardware and ALE does not (the oracle follows ALE there): their
 * divergence is printed, not failed, until a decision on ALE parity.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { atariAvailable } from '../../../src/envs/atari/index.js';
import { cartPath, compareWithOracle, describeComparison, randomJoystickScript, randomPaddleScript } from './oracle-compare.js';

const FRAMES = 240;
const KNOWN: Record<string, string> = {
  'riot-ddr.bin': 'ours drives SWCHA pins set as outputs by SWACNT; ALE\'s M6532::peek (and 6502.ts) return the inputs',
  'riot-timer.bin': 'ours sets TIMINT bit 6 on a PA7 edge (joystick 0 right); ALE\'s M6532 (and 6502.ts) never do',
};
const carts = readdirSync(dirname(cartPath('x'))).filter((f) => f.endsWith('.bin')).sort();

const skip = atariAvailable() ? false : 'no Atari addon';

test('test carts: RAM and pictures equal to 6502.ts\'s', { skip }, async () => {
  const totals = { frames: 0, ramBytes: 0, pixels: 0 };
  const failures: string[] = [];
  for (const cart of carts) {
    const c = await compareWithOracle(readFileSync(cartPath(cart)), { frames: FRAMES, input: randomJoystickScript(7) });
    totals.frames += c.frames;
    totals.ramBytes += c.ramBytes;
    totals.pixels += c.pixels;
    if (c.divergence && KNOWN[cart]) console.log(`known: ${cart}: ${describeComparison(c)} (${KNOWN[cart]})`);
    else if (c.divergence) failures.push(`${cart}: ${describeComparison(c)}`);
  }
  console.log(`carts vs 6502.ts: ${carts.length} carts, ${totals.frames} frames, ${totals.ramBytes} RAM bytes, `
    + `${totals.pixels} pixels compared`);
  assert.deepEqual(failures, []);
});

test('paddles: oracle-frames reads paddle 0 (charge time, button) as 6502.ts with ALE\'s model does', { skip }, async () => {
  const paddle = randomPaddleScript(3);
  const lines = new Set<number>();  // $84: scanlines until paddle 0 charged, as the cart counted them
  const c = await compareWithOracle(readFileSync(cartPath('oracle-frames.bin')), {
    frames: FRAMES,
    input: (frame, ram) => { lines.add(ram[0x04]!); return paddle(frame, ram); },
  });
  console.log(`paddles vs 6502.ts: ${describeComparison(c)}; ${lines.size} different charge times`);
  assert.equal(c.divergence, undefined, describeComparison(c));
  assert.ok(lines.size > 20, `the paddle moved through ${lines.size} charge times`);
});
