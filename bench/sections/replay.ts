/**
 * Replay buffers on Atari-shaped frame stacks ([4, 84, 84] uint8): microseconds per add and per sample of a batch of
 * 32, for obs and next obs stored apart (ReplayBuffer) and for each frame stored once (FrameReplayBuffer), on a
 * FrameStack-like stream (one new frame a step, 500-step episodes starting from a repeated frame) that fills and
 * wraps the buffer. Frames come from a pool of random frames, so the stream costs next to nothing itself.
 * Flags: --quick.
 */
import { FrameReplayBuffer } from '../../src/agents/frame-replay-buffer.js';
import { ReplayBuffer, formatBytes, type Replay } from '../../src/agents/replay-buffer.js';
import { Rng } from '../../src/util/rng.js';
import { median } from '../lib/torch.js';

const K = 4, FRAME = 84 * 84, OBS = K * FRAME, EPISODE = 500, BATCH = 32;

/** Feeds `steps` transitions into `buffer`; returns µs per add. */
function fill(buffer: Replay<Uint8Array>, steps: number, pool: Uint8Array[], rng: Rng): number {
  let obs = new Uint8Array(OBS), next = new Uint8Array(OBS);
  const restart = (): void => { const f = pool[rng.int(pool.length)]!; for (let j = 0; j < K; j++) obs.set(f, j * FRAME); };
  restart();
  const t0 = performance.now();
  for (let s = 1; s <= steps; s++) {
    next.set(obs.subarray(FRAME), 0);
    next.set(pool[rng.int(pool.length)]!, (K - 1) * FRAME);
    buffer.add(obs, 0, next, 0, rng.int(6), 0, s % EPISODE === 0);
    if (s % EPISODE === 0) restart();
    else [obs, next] = [next, obs];
  }
  return ((performance.now() - t0) * 1000) / steps;
}

/** µs per sample(32), median of `reps` runs of `n` samples. */
function sampling(buffer: Replay<Uint8Array>, n: number, reps: number): number {
  const rng = new Rng(1), times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) buffer.sample(BATCH, rng);
    times.push(((performance.now() - t0) * 1000) / n);
  }
  return median(times);
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const capacity = quick ? 2000 : 10_000, steps = capacity * 2, samples = quick ? 500 : 2000;
  const rng = new Rng(7);
  const pool = Array.from({ length: 256 }, () => Uint8Array.from({ length: FRAME }, () => rng.int(256)));
  console.log(`\n| buffer (capacity ${capacity}, [4, 84, 84] uint8) | µs / add | µs / sample(32) | memory when full | 1M transitions |\n|---|---:|---:|---:|---:|`);
  const rows: [string, () => Replay<Uint8Array>, number][] = [
    ['obs and next obs apart (ReplayBuffer)', () => new ReplayBuffer<Uint8Array>(capacity, OBS, 'uint8'), 1_000_000 * (2 * OBS + 9)],
    ['frames once (FrameReplayBuffer)', () => new FrameReplayBuffer(capacity, [K, 84, 84]), new FrameReplayBuffer(1_000_000, [K, 84, 84]).bytesWhenFull()],
  ];
  for (const [name, make, million] of rows) {
    const buffer = make();
    const add = fill(buffer, steps, pool, new Rng(3));
    const sample = sampling(buffer, samples, 3);
    console.log(`| ${name} | ${add.toFixed(1)} | ${sample.toFixed(1)} | ${formatBytes(buffer.bytesWhenFull())} | ${formatBytes(million)} |`);
  }
}
