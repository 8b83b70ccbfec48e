/**
 * A uniform replay buffer (ring) for DQN. Observations keep the environment's dtype (uint8 for MinAtar/Atari frames,
 * float32 for vector observations), so a MinAtar transition costs 2 × 400 bytes.
 *
 * Memory: obs and next-obs are stored separately (simple and exact at episode ends). For Atari-size observations
 * (4 × 84 × 84 bytes) that is 56 KB per transition: 1M transitions ≈ 56 GB, the cost CleanRL users report, and one
 * typed array holds at most 2^32 elements in Node 20. Frame stacks go to FrameReplayBuffer instead
 * (frame-replay-buffer.ts: each frame stored once, ≈ 7 GB for 1M), which samples the very same batches.
 */
import type { ObsArray } from '../envs/index.js';
import type { Rng } from '../util/rng.js';

/** Node 20's largest typed array (elements); a bigger one throws "Invalid typed array length". */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

export interface ReplayBatch<O extends ObsArray> {
  obs: O;
  nextObs: O;
  actions: Int32Array;
  rewards: Float32Array;
  /** 1 where the transition ended the episode by termination (no bootstrap); truncation is not a done. */
  dones: Float32Array;
  size: number;
}

/** What DQN needs of a replay buffer (ReplayBuffer, FrameReplayBuffer): both sample the same batches for the same adds. */
export interface Replay<O extends ObsArray = ObsArray> {
  readonly capacity: number;
  /** Stored transitions (≤ capacity). */
  readonly size: number;
  /** Copies one transition in (obs slices are read at the given offsets). */
  add(obs: O, obsOffset: number, nextObs: O, nextOffset: number, action: number, reward: number, terminated: boolean): void;
  /** Uniform sample with replacement (one rng.int(size) per row); the batch's arrays are reused by the next call. */
  sample(batchSize: number, rng: Rng): ReplayBatch<O>;
  /** One line for the run's start: which buffer, its capacity and its memory when full. */
  describe(): string;
  /** Bytes of memory the buffer holds once full (observation storage and per-transition arrays). */
  bytesWhenFull(): number;
  /** Names of every checkpoint file checkpointFiles() may write. */
  readonly fileNames: readonly string[];
  /** The buffer as checkpoint files (each well under 2 GiB, the most readFileSync reads), by file name. */
  checkpointFiles(): Record<string, Uint8Array>;
  /** Restores what checkpointFiles() wrote; `source` names the files' place in errors. */
  restoreFiles(files: Readonly<Record<string, Uint8Array>>, source: string): void;
}

const REPLAY_FILE = 'replay.bin';
const HEADER_BYTES = 32;

export class ReplayBuffer<O extends ObsArray = ObsArray> implements Replay<O> {
  readonly obs: O;
  readonly nextObs: O;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly dones: Uint8Array;
  /** Next write position. */
  pos = 0;
  /** Stored transitions (≤ capacity). */
  size = 0;
  private batch: ReplayBatch<O> | null = null;

  readonly fileNames = [REPLAY_FILE] as const;

  constructor(readonly capacity: number, readonly obsSize: number, readonly dtype: 'uint8' | 'float32') {
    if (!(capacity >= 1)) throw new Error(`ReplayBuffer: capacity must be ≥ 1, got ${capacity}`);
    if (capacity * obsSize > MAX_TYPED_ARRAY_LENGTH) {
      throw new Error(`ReplayBuffer: capacity ${capacity} × observation size ${obsSize} exceeds the ${MAX_TYPED_ARRAY_LENGTH} elements one typed array may hold; lower buffer-size (frame-stack observations: replay-frames auto stores each frame once)`);
    }
    const make = (n: number): O => (dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n)) as O;
    this.obs = make(capacity * obsSize);
    this.nextObs = make(capacity * obsSize);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.dones = new Uint8Array(capacity);
  }

  add(obs: O, obsOffset: number, nextObs: O, nextOffset: number, action: number, reward: number, terminated: boolean): void {
    const i = this.pos, d = this.obsSize;
    this.obs.set(obs.subarray(obsOffset, obsOffset + d) as never, i * d);
    this.nextObs.set(nextObs.subarray(nextOffset, nextOffset + d) as never, i * d);
    this.actions[i] = action;
    this.rewards[i] = reward;
    this.dones[i] = terminated ? 1 : 0;
    this.pos = (this.pos + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  sample(batchSize: number, rng: Rng): ReplayBatch<O> {
    if (this.size === 0) throw new Error('ReplayBuffer.sample: the buffer is empty');
    const d = this.obsSize;
    if (!this.batch || this.batch.size !== batchSize) {
      const make = (n: number): O => (this.dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n)) as O;
      this.batch = { obs: make(batchSize * d), nextObs: make(batchSize * d), actions: new Int32Array(batchSize), rewards: new Float32Array(batchSize), dones: new Float32Array(batchSize), size: batchSize };
    }
    const b = this.batch;
    for (let k = 0; k < batchSize; k++) {
      const i = rng.int(this.size);
      b.obs.set(this.obs.subarray(i * d, (i + 1) * d) as never, k * d);
      b.nextObs.set(this.nextObs.subarray(i * d, (i + 1) * d) as never, k * d);
      b.actions[k] = this.actions[i]!;
      b.rewards[k] = this.rewards[i]!;
      b.dones[k] = this.dones[i]!;
    }
    return b;
  }

  bytesWhenFull(): number {
    return ReplayBuffer.checkpointBytes(this.capacity, this.obsSize, this.dtype) - HEADER_BYTES;
  }

  /** Size of the checkpoint file (replay.bin) of a buffer: a header, then obs, next obs, actions, rewards, dones. */
  static checkpointBytes(capacity: number, obsSize: number, dtype: 'uint8' | 'float32'): number {
    return HEADER_BYTES + capacity * (2 * obsSize * (dtype === 'uint8' ? 1 : 4) + 4 + 4 + 1);
  }

  describe(): string {
    return `replay buffer: obs and next-obs stored apart, capacity ${this.capacity}, ${formatBytes(this.bytesWhenFull())}`;
  }

  checkpointFiles(): Record<string, Uint8Array> {
    return { [REPLAY_FILE]: this.serialize() };
  }

  restoreFiles(files: Readonly<Record<string, Uint8Array>>, source: string): void {
    const bytes = files[REPLAY_FILE];
    if (!bytes) throw new Error(`${source}/${REPLAY_FILE} is missing`);
    this.restore(bytes, `${source}/${REPLAY_FILE}`);
  }

  /** Raw bytes for checkpointing: a small header then each array (one array, so at most 2 GiB: see fileNames). */
  private serialize(): Uint8Array {
    const parts: Uint8Array[] = [this.obs, this.nextObs, this.actions, this.rewards, this.dones].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const header = new Int32Array([0x48524c42 /* 'HRLB' */, 1, this.capacity, this.obsSize, this.dtype === 'uint8' ? 1 : 4, this.pos, this.size, 0]);
    const total = ReplayBuffer.checkpointBytes(this.capacity, this.obsSize, this.dtype);
    if (total > FILE_LIMIT) throw new Error(`ReplayBuffer: its checkpoint would be one ${formatBytes(total)} file, over the ${formatBytes(FILE_LIMIT)} a file may have to be read back; lower buffer-size or turn save-buffer off`);
    const out = new Uint8Array(total);
    out.set(new Uint8Array(header.buffer), 0);
    let at = header.byteLength;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  private restore(bytes: Uint8Array, source: string): void {
    const header = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 32));
    const expect = [0x48524c42, 1, this.capacity, this.obsSize, this.dtype === 'uint8' ? 1 : 4];
    if (bytes.length < 32 || expect.some((v, i) => header[i] !== v)) throw new Error(`${source} does not match this buffer (capacity ${this.capacity}, observation size ${this.obsSize}) or is corrupt`);
    let at = 32;
    for (const a of [this.obs, this.nextObs, this.actions, this.rewards, this.dones]) {
      const n = a.byteLength;
      if (at + n > bytes.length) throw new Error(`${source} is truncated`);
      new Uint8Array(a.buffer, a.byteOffset, n).set(bytes.subarray(at, at + n));
      at += n;
    }
    if (at !== bytes.length) throw new Error(`${source} has ${bytes.length - at} unexpected trailing bytes`);
    this.pos = header[5]!;
    this.size = header[6]!;
  }
}

/** The largest checkpoint file written: readFileSync reads at most 2 GiB − 1 bytes. */
export const FILE_LIMIT = 2 ** 31 - 1;

/** Bytes as "7.06 GB" / "412 MB" / "12 KB" (decimal units). */
export function formatBytes(n: number): string {
  for (const [unit, size] of [['GB', 1e9], ['MB', 1e6], ['KB', 1e3]] as const) if (n >= size) return `${(n / size).toFixed(n >= 10 * size ? 1 : 2)} ${unit}`;
  return `${n} B`;
}
