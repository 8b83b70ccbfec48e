import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore } from '../../src/checkpoint/store.js';
import { FrameReplayBuffer, frameReplayBytes, makeReplayBuffer } from '../../src/agents/frame-replay-buffer.js';
import { ReplayBuffer, type Replay } from '../../src/agents/replay-buffer.js';
import { Box, FrameStack, TimeLimit, type Env } from '../../src/envs/index.js';
import { Rng } from '../../src/util/rng.js';
import { RandomFrames } from './random-frames.js';

const K = 4;
/** A frame-stack stream: RandomFrames 6×5 stacked by 4, terminating with p = 0.05 and truncated after 12 steps. */
const stackedEnv = (levels = 256): Env<Uint8Array> => new TimeLimit(new FrameStack(new RandomFrames(6, 5, levels), K), 12);

interface Stream { transitions: number; episodeStarts: number[]; terminations: number; truncations: number }

/**
 * Feeds `steps` transitions into every buffer the way DQN does: the next obs of an episode's last step is its final
 * obs, and the following transition starts from the new episode's first stack (FrameStack repeats its first frame).
 * Observations sit at `offset` in a larger array, as a vector env's would. `after` runs after each add.
 */
function drive(env: Env<Uint8Array>, steps: number, buffers: Replay<Uint8Array>[], after: (stream: Stream) => void, offset = 0): Stream {
  const d = env.observationSpace.size, rng = new Rng(5);
  let obs = new Uint8Array(offset + d), next = new Uint8Array(offset + d);
  env.resetNoObs({ seed: 3 });
  env.writeObs(obs, offset);
  const stream: Stream = { transitions: 0, episodeStarts: [0], terminations: 0, truncations: 0 };
  for (let s = 0; s < steps; s++) {
    const action = rng.int(3);
    const t = env.stepNoObs(action);
    env.writeObs(next, offset);
    for (const b of buffers) b.add(obs, offset, next, offset, action, t.reward, t.terminated);
    stream.transitions++;
    if (t.terminated || t.truncated) {
      if (t.terminated) stream.terminations++;
      else stream.truncations++;
      env.resetNoObs();
      env.writeObs(obs, offset);
      stream.episodeStarts.push(s + 1);
    } else [obs, next] = [next, obs];
    after(stream);
  }
  return stream;
}

/** Episode starts among the transitions in the buffer after the oldest one. */
const startsAfterOldest = (stream: Stream, size: number): number => stream.episodeStarts.filter((s) => s > stream.transitions - size && s < stream.transitions).length;

/** Asserts both buffers sample the same batch from equal Rngs (every field, bit for bit). */
function assertSameBatches(plain: Replay<Uint8Array>, frames: Replay<Uint8Array>, seed: number, batch = 8): void {
  const a = plain.sample(batch, new Rng(seed)), b = frames.sample(batch, new Rng(seed));
  assert.deepEqual(b.obs, a.obs);
  assert.deepEqual(b.nextObs, a.nextObs);
  assert.deepEqual(b.actions, a.actions);
  assert.deepEqual(b.rewards, a.rewards);
  assert.deepEqual(b.dones, a.dones);
}

const shape = (env: Env): readonly number[] => env.observationSpace.shape;

/** Something to drive() that adds each stack to `buffer` with its frames in reverse order (newest first). */
function reversing(buffer: Replay<Uint8Array>): Replay<Uint8Array> {
  const reverse = (x: Uint8Array, at: number): Uint8Array => {
    const f = 30, out = new Uint8Array(K * f);
    for (let j = 0; j < K; j++) out.set(x.subarray(at + j * f, at + (j + 1) * f), (K - 1 - j) * f);
    return out;
  };
  return { add: (o, oo, n, no, a, r, d) => buffer.add(reverse(o, oo), 0, reverse(n, no), 0, a, r, d) } as Pick<Replay<Uint8Array>, 'add'> as Replay<Uint8Array>;
}

test('frame buffer samples exactly the batches of ReplayBuffer across episode ends, truncations and wrap-around', () => {
  for (const capacity of [1, 3, 7, 40]) {
    const env = stackedEnv();
    const plain = new ReplayBuffer<Uint8Array>(capacity, env.observationSpace.size, 'uint8');
    const frames = new FrameReplayBuffer(capacity, shape(env), { framesPerChunk: 5 });
    let seed = 0;
    const stream = drive(env, 300, [plain, frames], (stream) => {
      assertSameBatches(plain, frames, seed++);
      // dedup: a window of `size` transitions holds size + k frames, and one more per episode start inside it
      const starts = startsAfterOldest(stream, frames.size);
      assert.ok(frames.storedFrames <= frames.size + K + starts, `${frames.storedFrames} frames for ${frames.size} transitions with ${starts} episode starts`);
    });
    assert.ok(stream.terminations > 3 && stream.truncations > 3, `the stream has ${stream.terminations} terminations and ${stream.truncations} truncations`);
    assert.equal(frames.pos, plain.pos);
    assert.equal(frames.size, capacity);
  }
});

test('observations at an offset in a larger array (a vector env slot) are stored the same way', () => {
  const env = stackedEnv();
  const plain = new ReplayBuffer<Uint8Array>(9, env.observationSpace.size, 'uint8');
  const frames = new FrameReplayBuffer(9, shape(env), { framesPerChunk: 4 });
  let seed = 100;
  drive(env, 80, [plain, frames], () => assertSameBatches(plain, frames, seed++), 37);
});

test('a stream that does not shift falls back to storing whole stacks, and repeated frames are stored once', () => {
  // random [4, 6, 5] observations: a next obs shares no frame with its obs, so each is stored whole (k frames);
  // an obs is the previous next obs, except the oldest one's and an episode's first (k frames each)
  const noise = new TimeLimit(new RandomFrames(K * 6, 5), 10);
  const stackShape = [K, 6, 5];
  const plain = new ReplayBuffer<Uint8Array>(6, 120, 'uint8');
  const frames = new FrameReplayBuffer(6, stackShape, { framesPerChunk: 7 });
  let seed = 200;
  drive(noise, 60, [plain, frames], (stream) => {
    assertSameBatches(plain, frames, seed++);
    assert.equal(frames.storedFrames, K * (frames.size + 1 + startsAfterOldest(stream, frames.size)));
  });
  // black frames only: one frame serves every slot of every stack
  const black = stackedEnv(1);
  const plain2 = new ReplayBuffer<Uint8Array>(6, 120, 'uint8');
  const frames2 = new FrameReplayBuffer(6, shape(black), { framesPerChunk: 3 });
  drive(black, 40, [plain2, frames2], () => assertSameBatches(plain2, frames2, seed++));
  assert.equal(frames2.storedFrames, 1);
  // a stack whose frames shift the wrong way (newest first) shares only what matches by content
  const plain3 = new ReplayBuffer<Uint8Array>(5, 120, 'uint8');
  const frames3 = new FrameReplayBuffer(5, stackShape, { framesPerChunk: 6 });
  drive(stackedEnv(), 70, [reversing(plain3), reversing(frames3)], () => assertSameBatches(plain3, frames3, seed++));
  assert.ok(frames3.storedFrames < 5 * 2 * K, 'the reversed stacks still share the frames they have in common');
});

test('checkpoint files restore the buffer exactly, and it then continues as the original', () => {
  const env = stackedEnv();
  const a = new FrameReplayBuffer(11, shape(env), { framesPerChunk: 4 });
  drive(env, 50, [a], () => {});
  const files = a.checkpointFiles();
  assert.ok(Object.keys(files).length > 3, 'several chunk files');
  assert.ok(Object.keys(files).every((f) => a.fileNames.includes(f)));
  const copy = (fs: Record<string, Uint8Array>): Record<string, Uint8Array> => Object.fromEntries(Object.entries(fs).map(([k, v]) => [k, v.slice()]));
  const b = new FrameReplayBuffer(11, shape(env), { framesPerChunk: 4 });
  b.restoreFiles(copy(files), 'ck');
  assertSameBatches(a, b, 1, 32);
  // the same further stream into both: same batches and byte-identical checkpoints
  let seed = 300;
  drive(stackedEnv(), 40, [a, b], () => assertSameBatches(a, b, seed++));
  assert.deepEqual(b.checkpointFiles(), a.checkpointFiles());

  // through a checkpoint folder: every file written is one DQN asks back for (fileNames), and read back it restores
  const store = new CheckpointStore(mkdtempSync(join(tmpdir(), 'hrl-frames-store-')));
  const ck = store.save(a.checkpointFiles(), 90);
  const d = new FrameReplayBuffer(11, shape(env), { framesPerChunk: 4 });
  d.restoreFiles(store.read(ck, d.fileNames), ck.dir);
  assertSameBatches(a, d, 2, 32);
  rmSync(store.dir, { recursive: true });

  // damaged or mismatched files are named
  const c = new FrameReplayBuffer(11, shape(env), { framesPerChunk: 4 });
  const good = a.checkpointFiles();
  const without = copy(good);
  delete without['replay-frames-001.bin'];
  assert.throws(() => c.restoreFiles(without, 'ck'), /ck\/replay-frames-001\.bin is missing/);
  const short = copy(good);
  short['replay-frames.bin'] = short['replay-frames.bin']!.subarray(0, 100);
  assert.throws(() => c.restoreFiles(short, 'ck'), /ck\/replay-frames\.bin has 100 bytes/);
  assert.throws(() => new FrameReplayBuffer(12, shape(env), { framesPerChunk: 4 }).restoreFiles(copy(good), 'ck'), /does not match this buffer \(capacity 12/);
  assert.throws(() => c.restoreFiles({}, 'ck'), /ck\/replay-frames\.bin is missing/);
  // nothing was committed by the failed restores
  assert.equal(c.size, 0);
});

test('memory: a 1M Atari buffer needs ≈ 7.1 GB, an eighth of obs and next obs stored apart, in chunks under 2 GiB', () => {
  const atari = [4, 84, 84], frame = 84 * 84;
  const bytes = frameReplayBytes(1_000_000, atari);
  // (capacity + k) frames of 7056 bytes + a 4-byte reference count each; 2k int32 frame ids, action, reward, done a transition
  assert.equal(bytes, (1_000_000 + 4) * (frame + 4) + 1_000_000 * (8 * 4 + 4 + 4 + 1));
  const plainBytes = 1_000_000 * (2 * 4 * frame + 9);
  assert.ok(bytes / plainBytes < 0.13, `${bytes} vs ${plainBytes}`);
  assert.ok(bytes > 2 ** 32, 'more than one typed array may hold, hence the chunks');
  // constructing one allocates only the per-transition arrays (frames come chunk by chunk as they are stored)
  const big = new FrameReplayBuffer(1_000_000, atari);
  assert.equal(big.bytesWhenFull(), bytes);
  assert.ok(big.framesPerChunk * frame <= 2 ** 30);
  assert.match(big.describe(), /capacity 1000000, ≈ 7\.10 GB/);
  assert.throws(() => new ReplayBuffer(1_000_000, 4 * frame, 'uint8'), /exceeds the 4294967296 elements one typed array may hold/);
  // the formula counts what a buffer on one long episode holds
  const small = new FrameReplayBuffer(20, [K, 6, 5]);
  drive(new FrameStack(new RandomFrames(6, 5, 256, 0), K), 50, [small], () => {});
  assert.equal(small.storedFrames, 20 + K);
});

test('replay-frames picks the buffer: auto on Atari uint8 stacks, on for any uint8 stack, off, and names a bad choice', () => {
  const atari = new Box([4, 84, 84], 'uint8', 0, 255), grid = new Box([10, 10, 4], 'uint8', 0, 1), vector = new Box([4], 'float32', -1, 1);
  const auto = { atari: true, saved: true }, other = { atari: false, saved: true };
  assert.ok(makeReplayBuffer(10, atari, 'auto', auto) instanceof FrameReplayBuffer);
  assert.ok(makeReplayBuffer(10, atari, 'off', auto) instanceof ReplayBuffer);
  assert.ok(makeReplayBuffer(10, grid, 'auto', other) instanceof ReplayBuffer);
  assert.ok(makeReplayBuffer(10, new Box([1, 84, 84], 'uint8', 0, 255), 'auto', auto) instanceof ReplayBuffer);
  assert.ok(makeReplayBuffer(10, grid, 'on', other) instanceof FrameReplayBuffer);
  assert.ok(makeReplayBuffer(10, vector, 'auto', auto) instanceof ReplayBuffer);
  assert.throws(() => makeReplayBuffer(10, vector, 'on', other), /replay-frames on needs uint8 frame-stack observations \[k, \.\.\.frame\], got float32 \[4\]/);
  // a plain buffer whose one checkpoint file could not be read back is refused before the run, not at its first save
  assert.throws(() => makeReplayBuffer(100_000, atari, 'off', auto), /would be saved as one 5\.65 GB file, over the 2\.15 GB that can be read back: lower buffer-size, set save-buffer false, or replay-frames on/);
  assert.ok(makeReplayBuffer(100_000, grid, 'off', auto) instanceof ReplayBuffer);
});
