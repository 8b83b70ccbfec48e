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
 *
 * Environment rows (issue 16), same ROM, uniformly random actions:
 * - AtariVectorEnv under the cleanrl protocol (NoopReset, MaxAndSkip 4, EpisodicLife, FireReset, ClipReward, 84×84
 *   gray, FrameStack 4) for N = 8, 16, 64 over 2 threads, and N = 8 on 1 thread (scaling): agent steps per
 *   wall-second, emulator frames per wall-second (reset sequences and no-ops included) and agent steps per CPU-second;
 * - the pre-processing's cost: emulator frames per CPU-second of AtariVectorEnv(cleanrl, N = 8, 1 thread) against raw
 *   emulation of the same kind of frames (8 AtariEnv, frameskip 4, no sticky actions, observations never read, 1
 *   thread), in alternating rounds; goal ≤ 10 %;
 * - the ale-v5 single env: the TypeScript composition makeAtariProtocolEnv and AtariVectorEnv with N = 1;
 * - ALE's agent steps per CPU-second at frameskip 4 (its frames / 4, no pre-processing) from the driver, next to
 *   ours per CPU-second.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FrameFormat, Joystick } from '../../src/envs/atari/index.js';
import { AtariEnv, AtariMachine, atariAvailable, atariProtocol, AtariVectorEnv, makeAtariProtocolEnv, runFramesBatch } from '../../src/envs/atari/index.js';
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

/** Agent steps, emulator frames, wall and CPU seconds of `step()` called until ~`seconds` of wall time passed. */
interface Run { steps: number; frames: number; wall: number; cpu: number }
function timed(seconds: number, frames: () => number, step: () => number): Run {
  const f0 = frames(), c0 = process.cpuUsage(), t0 = performance.now();
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) steps += step();
  const wall = (performance.now() - t0) / 1000, c = process.cpuUsage(c0);
  return { steps, frames: frames() - f0, wall, cpu: (c.user + c.system) / 1e6 };
}

function vectorEnv(rom: Uint8Array, protocol: string, numEnvs: number, threads: number): { frames: () => number; step: () => number } {
  const env = new AtariVectorEnv({ rom, game: 'tetris', protocol: atariProtocol(protocol), numEnvs, threads });
  const rng = new Rng(3), n = env.singleActionSpace.n, actions = new Int32Array(numEnvs);
  env.reset({ seed: 1 });
  return {
    frames: () => env.emulatedFrames(),
    step: () => {
      for (let i = 0; i < numEnvs; i++) actions[i] = rng.int(n);
      env.step(actions);
      return numEnvs;
    },
  };
}

/** N AtariEnv (frameskip 4, no sticky actions) stepped in a loop, observations never read: the emulation alone. */
function rawEmulation(rom: Uint8Array, numEnvs: number): { frames: () => number; step: () => number } {
  const envs = Array.from({ length: numEnvs }, () => new AtariEnv({ rom, game: 'tetris', frameskip: 4, repeatActionProbability: 0, obsType: 'ram' }));
  const counted = envs.map((e) => e.resetNoObs()['emulatedFrames'] as number);
  const rng = new Rng(3), n = envs[0]!.actionSpace.n;
  return {
    frames: () => counted.reduce((a, b) => a + b, 0),
    step: () => {
      envs.forEach((e, i) => {
        const t = e.stepNoObs(rng.int(n));
        counted[i] = (t.terminated || t.truncated ? e.resetNoObs() : t.info)['emulatedFrames'] as number;
      });
      return numEnvs;
    },
  };
}

function tsProtocolEnv(rom: Uint8Array): { frames: () => number; step: () => number } {
  const env = makeAtariProtocolEnv({ rom, game: 'tetris', protocol: atariProtocol('ale-v5') });
  const rng = new Rng(3), n = env.actionSpace.n;
  env.resetNoObs({ seed: 1 });
  const out = new Uint8Array(env.observationSpace.size);
  return {
    frames: () => 0,
    step: () => {
      const t = env.stepNoObs(rng.int(n));
      if (t.terminated || t.truncated) env.resetNoObs();
      env.writeObs(out, 0);
      return 1;
    },
  };
}

const k = (x: number): string => (x >= 1e4 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));

export async function run(args: string[]): Promise<void> {
  if (!existsSync(ROM)) return void console.log(`skipped: no ${ROM}`);
  if (!atariAvailable()) return void console.log('skipped: the addon has no Atari emulator');
  const rounds = args.includes('--quick') ? 3 : 5;
  const rom = readFileSync(ROM);
  const addon = loadAddon() as { setThreads(n: number): number; info(): { isa: string; detected: string; threads: number } };
  const threads = addon.setThreads(THREADS);
  console.log(`Tetris, random joystick every frame; median of ${rounds} rounds; CPU: ${cpus()[0]?.model ?? '?'} ×${cpus().length}, `
    + `addon ISA ${addon.info().isa} (detected ${addon.info().detected}; the emulator and pre-processing are portable C++), `
    + `${threads} pool threads for the batch`);
  const aleRate = ale(rounds);
  const vsAle = (cpu: number): string => (typeof aleRate === 'number' ? `${(cpu / aleRate).toFixed(2)}×` : '–');
  if (args.includes('--env-rows')) return envRows(rom, rounds, aleRate);  // `npm run bench -- atari --env-rows`
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
  envRows(rom, rounds, aleRate);
}

/** The environment rows (issue 16); see the header. */
function envRows(rom: Uint8Array, rounds: number, aleRate: number | string): void {
  const seconds = 0.8;
  const med = (runs: Run[], f: (r: Run) => number): number => median(runs.map(f));
  const measure = (make: () => { frames: () => number; step: () => number }): Run[] => {
    const m = make();
    timed(0.1, m.frames, m.step);  // warm-up
    return Array.from({ length: rounds }, () => timed(seconds, m.frames, m.step));
  };
  const aleSteps = typeof aleRate === 'number' ? aleRate / 4 : undefined;
  const vsAle = (stepsPerCpu: number): string => (aleSteps ? `${(stepsPerCpu / aleSteps).toFixed(2)}×` : '–');
  console.log(`\nEnvironments on Tetris, uniformly random actions; median of ${rounds} rounds of ${seconds} s`);
  console.log('| env | agent steps/s (wall) | frames/s (wall) | agent steps per CPU-second | vs ALE per core (steps) |');
  console.log('|---|---|---|---|---|');
  const row = (label: string, runs: Run[]): void => {
    const steps = med(runs, (r) => r.steps / r.wall), frames = med(runs, (r) => r.frames / r.wall), cpu = med(runs, (r) => r.steps / r.cpu);
    console.log(`| ${label} | ${k(steps)} | ${frames > 0 ? k(frames) : '–'} | ${k(cpu)} | ${vsAle(cpu)} |`);
  };
  let oneThread = 0;
  for (const [n, threads] of [[8, 1], [8, THREADS], [16, THREADS], [64, THREADS]] as const) {
    const runs = measure(() => vectorEnv(rom, 'cleanrl', n, threads));
    row(`AtariVectorEnv cleanrl, N = ${n}, ${threads} thread${threads > 1 ? 's' : ''}`, runs);
    const wall = med(runs, (r) => r.steps / r.wall);
    if (threads === 1) oneThread = wall;
    else if (n === 8) console.log(`| (scaling 1 → ${threads} threads at N = 8: ${(wall / oneThread).toFixed(2)}×) | | | | |`);
  }
  row('makeAtariProtocolEnv ale-v5 (TypeScript wrappers), 1 env', measure(() => tsProtocolEnv(rom)));
  row('AtariVectorEnv ale-v5, N = 1, 1 thread', measure(() => vectorEnv(rom, 'ale-v5', 1, 1)));
  if (aleSteps) console.log(`| ALE (HRL_ALE_BENCH), frameskip 4, no pre-processing | – | – | ${k(aleSteps)} | 1.00× |`);
  // The pre-processing's cost per emulated frame, CPU time on one thread, rounds alternating between the two.
  const vec = vectorEnv(rom, 'cleanrl', 8, 1), raw = rawEmulation(rom, 8);
  timed(0.1, vec.frames, vec.step);
  timed(0.1, raw.frames, raw.step);
  const ratios: number[] = [], vecRates: number[] = [], rawRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = timed(seconds, raw.frames, raw.step), b = timed(seconds, vec.frames, vec.step);
    rawRates.push(a.frames / a.cpu);
    vecRates.push(b.frames / b.cpu);
    ratios.push(a.frames / a.cpu / (b.frames / b.cpu));
  }
  console.log(`\nPre-processing cost (1 thread, frames per CPU-second, alternating rounds): raw emulation ${k(median(rawRates))}, `
    + `AtariVectorEnv cleanrl ${k(median(vecRates))}: +${((median(ratios) - 1) * 100).toFixed(1)} % `
    + `(rounds: ${ratios.map((x) => `${((x - 1) * 100).toFixed(1)} %`).join(', ')}; goal ≤ 10 %)`);
}
