/**
 * A uniform replay buffer (ring) for DQN. Observations keep the environment's dtype (uint8 for MinAtar/Atari frames,
 * float32 for vector observations), so a MinAtar transition costs 2 × 400 bytes.
 *
 * Memory: obs and next-obs are stored separately (simple and exact at episode ends). For Atari-size observations
 * (4 × 84 × 84 bytes) that is 56 KB per transition: 1M transitions ≈ 56 GB, the cost CleanRL users report. Use a
 * smaller `buffer-size` (e.g. 100k–200k ≈ 5.6–11 GB) on such inputs; frame de-duplication is future work.
 */
import type { ObsArray } from '../envs/index.js';
import type { Rng } from '../util/rng.js';

export interface ReplayBatch<O extends ObsArray> {
  obs: O;
  nextObs: O;
  actions: Int32Array;
  rewards: Float32Array;
  /** 1 where the transition ended the episode by termination (no bootstrap); truncation is not a done. */
  dones: Float32Array;
  size: number;
}

export class ReplayBuffer<O extends ObsArray = ObsArray> {
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

  constructor(readonly capacity: number, readonly obsSize: number, readonly dtype: 'uint8' | 'float32') {
    if (!(capacity >= 1)) throw new Error(`ReplayBuffer: capacity must be ≥ 1, got ${capacity}`);
    const make = (n: number): O => (dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n)) as O;
    this.obs = make(capacity * obsSize);
    this.nextObs = make(capacity * obsSize);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.dones = new Uint8Array(capacity);
  }

  /** Copies one transition in (obs slices are read at the given offsets). */
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

  /** Uniform sample with replacement; the returned batch's arrays are reused by the next call. */
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

  /** Raw bytes for checkpointing: a small header then each array. */
  serialize(): Uint8Array {
    const parts: Uint8Array[] = [this.obs, this.nextObs, this.actions, this.rewards, this.dones].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const header = new Int32Array([0x48524c42 /* 'HRLB' */, 1, this.capacity, this.obsSize, this.dtype === 'uint8' ? 1 : 4, this.pos, this.size, 0]);
    const total = header.byteLength + parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    out.set(new Uint8Array(header.buffer), 0);
    let at = header.byteLength;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  restore(bytes: Uint8Array, source = 'replay buffer'): void {
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
