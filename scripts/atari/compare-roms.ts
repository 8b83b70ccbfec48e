/**
 * Compares our Atari 2600 emulator with the 6502.ts oracle on every ROM in a folder you give (local, never in CI:
 * commercial ROMs do not enter the repository). For each *.bin / *.a26 / *.rom file: its md5 is looked up in the
 * table of known games (src/envs/atari/games.ts); unknown md5s run too, with the scheme detected from the
 * content. Both machines run from power-on for N frames with the same seeded random inputs (joystick 0: a direction
 * and fire, changed every 2–12 frames; paddle 0 instead for Breakout and Pong, or for every ROM with --paddles), and
 * the first divergence is printed (frame, RAM address or pixel, both values) or "equal", with the counts compared and
 * our frames per CPU-second on the same inputs.
 *
 * Run (from the project root):
 *   npm run build && node dist/scripts/atari/compare-roms.js ROM_FOLDER [--frames 2000] [--seed 1] [--no-pixels] [--paddles]
 * The oracle is slow (~150–200 frames per CPU-second): 2000 frames take ~10–15 s per ROM.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputScript } from '../../test/envs/atari/oracle-compare.js';
import {
  applyInput, compareWithOracle, describeComparison, randomJoystickScript, randomPaddleScript,
} from '../../test/envs/atari/oracle-compare.js';
import { ATARI_GAMES, AtariMachine, detectScheme, romMd5 } from '../../src/envs/atari/index.js';

/** Breakout and Pong: ALE plays them with paddles (DefProps.hxx Controller_Left = PADDLES). */
const PADDLE_ROMS = new Set(['f34f08e5eb96e500e851a80be3277a56', '60e0ea3cbe0913d39803477945e9e5ec']);

/** The folder and the options; --frames and --seed take a value. */
function parseArgs(args: string[]): { folder?: string; frames: number; seed: number; pixels: boolean; paddles: boolean } {
  const parsed = { folder: undefined as string | undefined, frames: 2000, seed: 1, pixels: true, paddles: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--frames') parsed.frames = Number(args[++i]);
    else if (a === '--seed') parsed.seed = Number(args[++i]);
    else if (a === '--no-pixels') parsed.pixels = false;
    else if (a === '--paddles') parsed.paddles = true;
    else parsed.folder = a;
  }
  return parsed;
}

/** Our frames per CPU-second on the same inputs (RAM read for the script, no picture), or why it stopped. */
function ourSpeed(rom: Uint8Array, frames: number, input: InputScript): string {
  const machine = new AtariMachine(rom);
  const ram = new Uint8Array(128);
  const c0 = process.cpuUsage();
  try {
    for (let f = 0; f < frames; f++) {
      applyInput(machine, input(f, machine.ram(ram)));
      machine.runFrames(1);
    }
  } catch (e) {
    return `ours stopped: ${e instanceof Error ? e.message : String(e)}`;
  }
  const c = process.cpuUsage(c0);
  return `ours ${(frames / ((c.user + c.system) / 1e6)).toFixed(0)} frames per CPU-second`;
}

async function main(args: string[]): Promise<void> {
  const { folder, frames, seed, pixels, paddles } = parseArgs(args);
  if (!folder) throw new Error('usage: node dist/scripts/atari/compare-roms.js ROM_FOLDER [--frames N] [--seed S] [--no-pixels] [--paddles]');
  const files = readdirSync(folder).filter((f) => /\.(bin|a26|rom)$/i.test(f)).sort();
  console.log(`${files.length} ROMs in ${folder}; ${frames} frames each, input seed ${seed}`);
  for (const file of files) {
    const rom = readFileSync(join(folder, file));
    const md5 = romMd5(rom);
    const known = ATARI_GAMES.find((g) => g.md5 === md5);
    const label = `${file} (${md5.slice(0, 8)}, ${known ? `${known.id}, ${known.scheme}` : 'unknown md5'})`;
    const script = (): InputScript => (paddles || PADDLE_ROMS.has(md5) ? randomPaddleScript(seed) : randomJoystickScript(seed));
    try {
      const scheme = known?.scheme ?? detectScheme(rom);
      const c = await compareWithOracle(rom, { frames, scheme, input: script(), pixels });
      console.log(`${label}: ${describeComparison(c)}; ${ourSpeed(rom, frames, script())}`);
    } catch (e) {
      console.log(`${label}: not run: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

await main(process.argv.slice(2));
