/**
 * Atari 2600 emulation throughput (issue 15) on Tetris (../shared/test-roms/tetris.bin), the joystick set at random
 * (one of 18 direction × fire states) before every frame:
 * - ours, one emulator: frames per CPU-second with the picture read each frame as palette indices, RGB or grayscale;
 * - ours, 8 emulators over 2 threads: runFramesBatch one frame at a time, pictures not read; frames per wall-second and
 *   per CPU-second of the process;
 * - 6502.ts (the oracle driver of test/envs/atari/oracle.ts, palette indices) on the same ROM and inputs;
 * - ALE, when the environment variable HRL_ALE_BENCH names a driver built against a local ALE. Its interface:
 *   `$HRL_ALE_BENCH ROM FRAMES SEED` runs ROM for FRAMES frames with uniformly random minimal actions, sticky actions
 *   0.25 and frame_skip 1, and prints a line containing `frames_per_cpu_second=<number>` (ALE renders its palette-index
 *   screen every frame). The bench says when it is absent.
 * Every row is the median of 5 rounds (3 with --quick); the goal is ≥ 2× ALE per core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FrameFormat, Joystick } from '../../src/envs/atari/index.js';
import { AtariMachine, atariAvailable, runFramesBatch } from '../../src/envs/atari/index.js';
import { loadAddon } from '../../src/util/addon.js';
import { Rng } from '../../src/util/rng.js';
import { Oracle6502 } from '../../test/envs/atari/oracle.js';
import { median } from '../lib/torch.js';

const ROM = fileURLToPath(new URL('../../../../shared/test-roms/tetris.bin', import.meta.url));
const BATCH = 8, THREADS = 2;

interface Rate { wall: number; cpu: number }

/** Frames per second of `run(frames)` (which runs that many frames), wall and process CPU time. */
function rate(frames: number, run: (frames: number) => void): Rate {
  const c0 = process.cpuUsage(), t0 = performance.now();
  run(frames);
  const wall = (performance.now() - t0) / 1000, c = process.cpuUsage(c0);
  return { wall: frames / wall, cpu: frames / ((c.user + c.system) / 1e6) };
}

function medianRate(rounds: number, frames: number, run: (frames: number) => void): Rate {
  run(Math.max(1, frames >> 3));  // warm-up
  const rates = Array.from({ length: rounds }, () => rate(frames, run));
  return { wall: median(rates.map((r) => r.wall)), cpu: median(rates.map((r) => r.cpu)) };
}

/** A random joystick state per call, the same sequence for every emulator measured. */
function randomJoysticks(seed: number): () => Joystick {
  const rng = new Rng(seed);
  return () => {
    const d = rng.int(9);  // none, up, down, left, right and the four diagonals
    return {
      up: d === 1 || d === 5 || d === 6, down: d === 2 || d === 7 || d === 8,
      left: d === 3 || d === 5 || d === 7, right: d === 4 || d === 6 || d === 8, fire: rng.int(2) === 1,
    };
  };
}

function ours(rom: Uint8Array, format: FrameFormat, rounds: number): Rate {
  const machine = new AtariMachine(rom);
  const joystick = randomJoysticks(1);
  const out = new Uint8Array(machine.height * AtariMachine.WIDTH * (format === 'rgb' ? 3 : 1));
  return medianRate(rounds, 4000, (frames) => {
    for (let f = 0; f < frames; f++) {
      machine.setJoystick(0, joystick());
      machine.runFrames(1);
      machine.frame(format, out);
    }
  });
}

function oursBatch(rom: Uint8Array, rounds: number): Rate {
  const machines = Array.from({ length: BATCH }, () => new AtariMachine(rom));
  const joystick = randomJoysticks(2);
  const perRound = medianRate(rounds, 1000, (frames) => {
    for (let f = 0; f < frames; f++) {
      for (const m of machines) m.setJoystick(0, joystick());
      runFramesBatch(machines, 1);
    }
  });
  return { wall: perRound.wall * BATCH, cpu: perRound.cpu * BATCH };
}

async function oracle(rom: Uint8Array, rounds: number): Promise<Rate> {
  const o = await Oracle6502.create(rom, { scheme: '2K' });
  const joystick = randomJoysticks(1);
  return medianRate(rounds, 150, (frames) => {
    for (let f = 0; f < frames; f++) {
      o.setJoystick(0, joystick());
      o.runFrames(1);
      o.frame();
    }
  });
}

/** ALE's frames per CPU-second from the driver, or why there is none. */
function ale(rounds: number): number | string {
  const driver = process.env['HRL_ALE_BENCH'];
  if (!driver) return 'absent (set HRL_ALE_BENCH to a driver: see the header of bench/sections/atari.ts)';
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const run = spawnSync(driver, [ROM, '20000', String(r + 1)], { encoding: 'utf8', timeout: 120_000 });
    const m = /frames_per_cpu_second=([0-9.]+)/.exec(run.stdout ?? '');
    if (!m) return `${driver} failed: ${(run.error?.message ?? run.stderr ?? '').trim().split('\n').pop()}`;
    rates.push(Number(m[1]));
  }
  return median(rates);
}

const k = (x: number): string => (x >= 1e4 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));

export async function run(args: string[]): Promise<void> {
  if (!existsSync(ROM)) return void console.log(`skipped: no ${ROM}`);
  if (!atariAvailable()) return void console.log('skipped: the addon has no Atari emulator');
  const rounds = args.includes('--quick') ? 3 : 5;
  const rom = readFileSync(ROM);
  const addon = loadAddon() as { setThreads(n: number): number; info(): { isa: string; threads: number } };
  const threads = addon.setThreads(THREADS);
  console.log(`Tetris, random joystick every frame; median of ${rounds} rounds; CPU: ${cpus()[0]?.model ?? '?'} ×${cpus().length}, `
    + `addon ISA ${addon.info().isa}, ${threads} pool threads for the batch`);
  const aleRate = ale(rounds);
  const vsAle = (cpu: number): string => (typeof aleRate === 'number' ? `${(cpu / aleRate).toFixed(2)}×` : '–');
  console.log('| emulator | frames/s (wall) | frames per CPU-second | vs ALE per core |');
  console.log('|---|---|---|---|');
  for (const format of ['indices', 'rgb', 'gray'] as const) {
    const r = ours(rom, format, rounds);
    console.log(`| ours, 1 emulator, ${format} | ${k(r.wall)} | ${k(r.cpu)} | ${vsAle(r.cpu)} |`);
  }
  const b = oursBatch(rom, rounds);
  console.log(`| ours, ${BATCH} emulators / ${threads} threads (runFramesBatch) | ${k(b.wall)} | ${k(b.cpu)} | ${vsAle(b.cpu)} |`);
  const o = await oracle(rom, rounds);
  console.log(`| 6502.ts 1.1.4, indices | ${k(o.wall)} | ${k(o.cpu)} | ${vsAle(o.cpu)} |`);
  console.log(typeof aleRate === 'number' ? `| ALE (HRL_ALE_BENCH) | – | ${k(aleRate)} | 1.00× |` : `| ALE | ${aleRate} | | |`);
}
