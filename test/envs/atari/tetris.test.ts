/**
 * A real game against the oracle: Tetris 2600 (../shared/test-roms/tetris.bin, the homebrew ROM ALE ships for tests)
 * played by tetris-player.ts, with every frame's RAM and picture equal to 6502.ts's; and exact save/restore.
 * Skips with a message where the ROM or the addon is absent.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AtariMachine, atariAvailable } from '../../../src/envs/atari/index.js';
import type { FrameInput, InputScript } from './oracle-compare.js';
import { applyInput, compareWithOracle, describeComparison, tetrisPath } from './oracle-compare.js';
import { tetrisPlayer } from './tetris-player.js';

const path = tetrisPath();
const skip = !path ? 'no ../shared/test-roms/tetris.bin beside the project' : !atariAvailable() ? 'no Atari addon' : false;
const FRAMES = 3000;

/** Score (BCD at $F1/$F2: lines cleared) as a number, as ALE's Tetris.cpp reads it. */
function linesCleared(ram: Uint8Array): number {
  const bcd = (b: number): number => (b >> 4) * 10 + (b & 15);
  return bcd(ram[0x71]!) + 100 * bcd(ram[0x72]!);
}

test(`Tetris: ${FRAMES} frames of play, RAM and pictures equal to 6502.ts's`, { skip }, async () => {
  const rom = readFileSync(path!);
  const player = tetrisPlayer(2);
  // What the player did, to show the run exercises the game: pieces moved, rotated, dropped, lines cleared.
  const seen = { left: 0, right: 0, rotate: 0, down: 0, pieces: new Set<number>(), lines: 0 };
  const input: InputScript = (frame, ram) => {
    const i = player(frame, ram);
    const j = i?.joystick0;
    if (j?.left) seen.left++;
    if (j?.right) seen.right++;
    if (j?.fire) seen.rotate++;
    if (j?.down) seen.down++;
    seen.pieces.add(ram[0x6b]! >> 4);
    seen.lines = linesCleared(ram);
    return i;
  };
  const c = await compareWithOracle(rom, { frames: FRAMES, input });
  console.log(`tetris: ${describeComparison(c)}; ${seen.lines} lines cleared, ${seen.pieces.size} piece types, `
    + `frames with left ${seen.left}, right ${seen.right}, rotate ${seen.rotate}, down ${seen.down}`);
  assert.equal(c.divergence, undefined, describeComparison(c));
  assert.equal(c.frames, FRAMES);
  assert.ok(seen.lines >= 5, `the player cleared ${seen.lines} lines`);
  assert.equal(seen.pieces.size, 7);
  assert.ok(Math.min(seen.left, seen.right, seen.rotate, seen.down) > 100);
});

test('Tetris: getState / setState restore the machine exactly (RAM and frames of the rerun equal)', { skip }, () => {
  const machine = new AtariMachine(readFileSync(path!));
  const player = tetrisPlayer(3);
  const ram = new Uint8Array(128);
  // Frames [from, to): the player's input (recorded) or the recorded one; an md5 of RAM and picture after each.
  const run = (inputs: (FrameInput | undefined)[], from: number, to: number, record: boolean): string[] => {
    const hashes: string[] = [];
    for (let f = from; f < to; f++) {
      if (record) inputs[f] = player(f, machine.ram(ram));
      applyInput(machine, inputs[f]);
      machine.runFrames(1);
      hashes.push(createHash('md5').update(machine.ram(ram)).update(machine.frame('indices')).digest('hex'));
    }
    return hashes;
  };
  // The player sets every control each frame, so a replay of its inputs is the same run.
  const inputs: (FrameInput | undefined)[] = [];
  run(inputs, 0, 600, true);  // into a game with pieces on the board
  const state = machine.getState();
  const info = machine.info();
  const first = run(inputs, 600, 1000, true);
  machine.setState(state);
  assert.deepEqual(machine.info(), info);
  const again = run(inputs, 600, 1000, false);
  assert.deepEqual(again, first);
  assert.equal(new Set(first).size > 100, true, 'the frames after the snapshot change');
});
