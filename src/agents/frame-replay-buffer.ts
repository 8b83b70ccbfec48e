/**
 * A replay buffer for frame-stack observations ([k, ...frame] uint8, e.g. Atari's [4, 84, 84]) that stores each
 * frame once. A transition keeps, per stack slot, the id of a stored frame for its obs and for its next obs; sampling
 * copies those frames into the batch. It samples bit for bit the batches ReplayBuffer samples for the same adds and
 * the same Rng (same ring positions, one rng.int(size) per row), so switching buffers changes memory, not learning.
 *
 * Sharing is decided by content, never assumed: a frame reuses a stored one only when its bytes are equal to it.
 * The frames compared are the ones a frame stack shares: the obs's slot j against slot j of the previous
 * transition's next obs (the obs continues the last one), the next obs's slot j against the obs's slot j + 1 (the
 * stack shifted by one frame), and any slot against the slot before it in the same stack (FrameStack repeats the
 * first frame after a reset). A frame that matches none is stored anew, so an observation that is not a
 * continuation (a reset, an autoreset's final obs, an env that does not shift) falls back to storing up to the full
 * stack, and correctness never depends on the env. Stored frames are reference-counted: a frame is freed when the
 * last transition using it leaves the ring, and its slot is reused.
 *
 * Memory: a continuing stream adds one frame a transition, plus one per episode start (the reset frame), so a full
 * buffer holds about capacity + k + episodes frames: 1M Atari transitions ≈ 7.1 GB (`frameReplayBytes`), against
 * 56 GB for obs and next obs stored apart. Frames live in chunks of at most 1 GiB (Node 20 caps a typed array at
 * 2^32 elements, readFileSync at 2 GiB), allocated as they are first used.
 *
 * Checkpoint: `replay-frames.bin` (header, per-transition frame ids, actions, rewards, dones, free slots) and one
 * `replay-frames-NNN.bin` per frame chunk in use, each written straight from the chunk (no copy). restoreFiles takes
 * the files it is given as its chunks instead of copying them, so resuming needs the buffer's memory once, not twice.
 * Cost of a full 1M Atari buffer: ≈ 7.1 GB of disk per checkpoint (two kept: ≈ 14 GB), and about 14 s a save at the
 * ≈ 1 GB/s this machine writes and SHA-256-hashes (the manifest), as much again to verify and read it on resume.
 * `save-buffer` stays on by default for Atari too: at CleanRL's checkpoint-every 500k that is 20 saves, ≈ 5 minutes
 * of a multi-day 10M-step run, and without it a resumed run restarts from an empty buffer and no longer matches an
 * uninterrupted one; `--save-buffer false` trades that exactness for disk.
 */
import type { Box, ObsArray } from '../envs/index.js';
import type { Rng } from '../util/rng.js';
import { FILE_LIMIT, formatBytes, ReplayBuffer, type Replay, type ReplayBatch } from './replay-buffer.js';

/**
 * The replay buffer for observations of `space` (config key replay-frames): `off` stores obs and next obs apart;
 * `on` stores frames once (uint8 observations [k, ...frame] only); `auto` does so for uint8 [k > 1, H, W] frame
 * stacks on Atari (`atari`), where a plain 1M buffer would need 56 GB. With `saved` (save-buffer), a plain buffer
 * too big for its one checkpoint file is refused now rather than at the first checkpoint.
 */
export function makeReplayBuffer(capacity: number, space: Box, mode: 'auto' | 'on' | 'off', opts: { atari: boolean; saved: boolean }): Replay<ObsArray> {
  const stack = space.dtype === 'uint8' && space.shape.length >= 2;
  if (mode === 'on' && !stack) throw new Error(`replay-frames on needs uint8 frame-stack observations [k, ...frame], got ${space.dtype} [${space.shape.join(', ')}]`);
  const frames = mode === 'on' || (mode === 'auto' && opts.atari && stack && space.shape.length === 3 && space.shape[0]! > 1);
  // a FrameReplayBuffer takes and gives Uint8Array observations, which the uint8 check above guarantees
  if (frames) return new FrameReplayBuffer(capacity, space.shape) as Replay<Uint8Array> as Replay<ObsArray>;
  const file = ReplayBuffer.checkpointBytes(capacity, space.size, space.dtype);
  if (opts.saved && file > FILE_LIMIT) {
    throw new Error(`a replay buffer of ${capacity} transitions of [${space.shape.join(', ')}] ${space.dtype} would be saved as one ${formatBytes(file)} file, over the ${formatBytes(FILE_LIMIT)} that can be read back: lower buffer-size, set save-buffer false${stack ? ', or replay-frames on (frames stored once, chunked files)' : ''}`);
  }
  return new ReplayBuffer(capacity, space.size, space.dtype);
}

/** Frames per storage chunk: as many as fit in 1 GiB (one chunk is also one checkpoint file). */
export function defaultFramesPerChunk(frameSize: number): number {
  return Math.max(1, Math.floor(2 ** 30 / frameSize));
}

/** Bytes kept per transition besides frames: k obs ids and k next-obs ids (int32), action, reward, done. */
const transitionBytes = (k: number): number => 2 * k * 4 + 4 + 4 + 1;

/**
 * Memory of a full FrameReplayBuffer on a continuing stream: (capacity + k) frames plus the per-transition arrays and
 * a reference count per frame. Each episode start in the buffer adds one frame more (its reset frame); a stream
 * that never shares a frame needs up to 2k frames a transition.
 */
export function frameReplayBytes(capacity: number, stackShape: readonly number[]): number {
  const k = stackShape[0]!, frameSize = stackShape.slice(1).reduce((a, b) => a * b, 1);
  const frames = capacity + k;
  return frames * (frameSize + 4) + capacity * transitionBytes(k);
}

const INDEX_FILE = 'replay-frames.bin';
const chunkFile = (c: number): string => `replay-frames-${String(c).padStart(3, '0')}.bin`;
const MAGIC = 0x48524c46; // 'HRLF'
const VERSION = 1;
const HEADER_INTS = 10;

export interface FrameReplayOptions {
  /** Frames per storage chunk and checkpoint file (default: as many as fit in 1 GiB); small values are for tests. */
  framesPerChunk?: number;
}

export class FrameReplayBuffer implements Replay<Uint8Array> {
  /** Frames per stack (the leading axis of the observation). */
  readonly k: number;
  /** Bytes of one frame. */
  readonly frameSize: number;
  readonly obsSize: number;
  readonly framesPerChunk: number;
  /** Frame id of each stack slot of each transition's obs / next obs: [capacity × k]. */
  readonly obsFrames: Int32Array;
  readonly nextFrames: Int32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly dones: Uint8Array;
  /** Next write position. */
  pos = 0;
  /** Stored transitions (≤ capacity). */
  size = 0;
  readonly fileNames: readonly string[];

  private chunks: (Uint8Array | undefined)[] = [];
  /** Frame slots handed out so far (live or free); slots below it have storage. */
  private slotCount = 0;
  /** References to each frame slot from the transitions in the ring. */
  private refs = new Int32Array(1024);
  /** Slots whose frame no transition uses any more, reused before new ones. */
  private free: number[] = [];
  private readonly newObs: Int32Array;
  private readonly newNext: Int32Array;
  private batch: ReplayBatch<Uint8Array> | null = null;

  constructor(readonly capacity: number, readonly stackShape: readonly number[], opts: FrameReplayOptions = {}) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`FrameReplayBuffer: capacity must be an integer ≥ 1, got ${capacity}`);
    if (stackShape.length < 2 || !stackShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new Error(`FrameReplayBuffer: the observation must be a stack of frames [k, ...frame shape], got [${stackShape.join(', ')}]`);
    }
    this.k = stackShape[0]!;
    this.frameSize = stackShape.slice(1).reduce((a, b) => a * b, 1);
    this.obsSize = this.k * this.frameSize;
    this.framesPerChunk = opts.framesPerChunk ?? defaultFramesPerChunk(this.frameSize);
    if (!Number.isInteger(this.framesPerChunk) || this.framesPerChunk < 1 || this.framesPerChunk * this.frameSize > FILE_LIMIT) {
      throw new Error(`FrameReplayBuffer: framesPerChunk must be an integer ≥ 1 whose chunk fits in ${formatBytes(FILE_LIMIT)}, got ${this.framesPerChunk}`);
    }
    if (2 * this.k * capacity > 2 ** 31 - 1) throw new Error(`FrameReplayBuffer: capacity ${capacity} × ${2 * this.k} frame ids exceeds int32 frame ids`);
    this.obsFrames = new Int32Array(capacity * this.k);
    this.nextFrames = new Int32Array(capacity * this.k);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.dones = new Uint8Array(capacity);
    this.newObs = new Int32Array(this.k);
    this.newNext = new Int32Array(this.k);
    // at most 2k frames a transition are ever live, so this many chunk files at most
    const maxChunks = Math.ceil((2 * this.k * capacity) / this.framesPerChunk);
    this.fileNames = [INDEX_FILE, ...Array.from({ length: maxChunks }, (_, c) => chunkFile(c))];
  }

  /** Distinct frames stored now (live ones; freed slots excluded). */
  get storedFrames(): number {
    return this.slotCount - this.free.length;
  }

  add(obs: Uint8Array, obsOffset: number, nextObs: Uint8Array, nextOffset: number, action: number, reward: number, terminated: boolean): void {
    const k = this.k, f = this.frameSize, i = this.pos;
    // the previous transition's next obs: what this obs continues
    const prev = this.size > 0 ? ((i + this.capacity - 1) % this.capacity) * k : -1;
    for (let j = 0; j < k; j++) {
      const at = obsOffset + j * f;
      let id = prev >= 0 ? this.matching(this.nextFrames[prev + j]!, obs, at) : -1;
      if (id < 0 && j > 0) id = this.matching(this.newObs[j - 1]!, obs, at);
      this.newObs[j] = this.reference(id >= 0 ? id : this.storeFrame(obs, at));
    }
    for (let j = 0; j < k; j++) {
      const at = nextOffset + j * f;
      let id = j + 1 < k ? this.matching(this.newObs[j + 1]!, nextObs, at) : -1;
      if (id < 0 && j > 0) id = this.matching(this.newNext[j - 1]!, nextObs, at);
      this.newNext[j] = this.reference(id >= 0 ? id : this.storeFrame(nextObs, at));
    }
    // release the transition this one overwrites only now: with capacity 1 it is also the one continued above
    if (this.size === this.capacity) {
      for (let j = 0; j < k; j++) {
        this.release(this.obsFrames[i * k + j]!);
        this.release(this.nextFrames[i * k + j]!);
      }
    }
    this.obsFrames.set(this.newObs, i * k);
    this.nextFrames.set(this.newNext, i * k);
    this.actions[i] = action;
    this.rewards[i] = reward;
    this.dones[i] = terminated ? 1 : 0;
    this.pos = (i + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  sample(batchSize: number, rng: Rng): ReplayBatch<Uint8Array> {
    if (this.size === 0) throw new Error('FrameReplayBuffer.sample: the buffer is empty');
    const k = this.k, f = this.frameSize, d = this.obsSize;
    if (!this.batch || this.batch.size !== batchSize) {
      this.batch = { obs: new Uint8Array(batchSize * d), nextObs: new Uint8Array(batchSize * d), actions: new Int32Array(batchSize), rewards: new Float32Array(batchSize), dones: new Float32Array(batchSize), size: batchSize };
    }
    const b = this.batch;
    for (let row = 0; row < batchSize; row++) {
      const i = rng.int(this.size);
      for (let j = 0; j < k; j++) {
        b.obs.set(this.frame(this.obsFrames[i * k + j]!), row * d + j * f);
        b.nextObs.set(this.frame(this.nextFrames[i * k + j]!), row * d + j * f);
      }
      b.actions[row] = this.actions[i]!;
      b.rewards[row] = this.rewards[i]!;
      b.dones[row] = this.dones[i]!;
    }
    return b;
  }

  bytesWhenFull(): number {
    return frameReplayBytes(this.capacity, this.stackShape);
  }

  describe(): string {
    return `replay buffer: frames stored once (${this.k} × ${this.stackShape.slice(1).join('×')} stacks), capacity ${this.capacity}, ≈ ${formatBytes(this.bytesWhenFull())} when full (one frame more per episode start)`;
  }

  /** The stored frame `id` (a view into its chunk). */
  private frame(id: number): Uint8Array {
    const start = (id % this.framesPerChunk) * this.frameSize;
    return this.chunks[Math.floor(id / this.framesPerChunk)]!.subarray(start, start + this.frameSize);
  }

  /** `id` if the stored frame `id` has the same bytes as src[at, at + frameSize), else -1. */
  private matching(id: number, src: Uint8Array, at: number): number {
    const a = this.frame(id), f = this.frameSize;
    return Buffer.compare(a, src.subarray(at, at + f)) === 0 ? id : -1;
  }

  /** Copies src[at, at + frameSize) into a free slot (or a new one); returns its id with no reference yet. */
  private storeFrame(src: Uint8Array, at: number): number {
    let id = this.free.pop();
    if (id === undefined) {
      id = this.slotCount++;
      const c = Math.floor(id / this.framesPerChunk);
      this.chunks[c] ??= new Uint8Array(this.framesPerChunk * this.frameSize);
      if (this.slotCount > this.refs.length) {
        const grown = new Int32Array(this.refs.length * 2);
        grown.set(this.refs);
        this.refs = grown;
      }
    }
    this.frame(id).set(src.subarray(at, at + this.frameSize));
    return id;
  }

  private reference(id: number): number {
    this.refs[id]!++;
    return id;
  }

  private release(id: number): void {
    if (--this.refs[id]! === 0) this.free.push(id);
  }

  checkpointFiles(): Record<string, Uint8Array> {
    const header = new Int32Array([MAGIC, VERSION, this.capacity, this.k, this.frameSize, this.framesPerChunk, this.pos, this.size, this.slotCount, this.free.length]);
    const parts = [header, this.obsFrames, this.nextFrames, this.actions, this.rewards, Int32Array.from(this.free), this.dones];
    const index = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      index.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
      at += p.byteLength;
    }
    const files: Record<string, Uint8Array> = { [INDEX_FILE]: index };
    // each chunk in use, up to its last handed-out slot, as a view (no copy)
    for (let c = 0; c * this.framesPerChunk < this.slotCount; c++) {
      const frames = Math.min(this.framesPerChunk, this.slotCount - c * this.framesPerChunk);
      files[chunkFile(c)] = this.chunks[c]!.subarray(0, frames * this.frameSize);
    }
    return files;
  }

  /**
   * Restores what checkpointFiles() wrote. A full-size chunk file becomes that chunk's storage (no copy, so resuming
   * a 7 GB buffer does not need 14 GB): the caller must not use the files afterwards.
   */
  restoreFiles(files: Readonly<Record<string, Uint8Array>>, source: string): void {
    const name = `${source}/${INDEX_FILE}`;
    const bytes = files[INDEX_FILE];
    if (!bytes) throw new Error(`${name} is missing`);
    if (bytes.length < HEADER_INTS * 4) throw new Error(`${name} is truncated (${bytes.length} bytes)`);
    const ints = (at: number, n: number): Int32Array => new Int32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + n * 4));
    const h = ints(0, HEADER_INTS);
    const expect = [MAGIC, VERSION, this.capacity, this.k, this.frameSize, this.framesPerChunk];
    if (expect.some((v, i) => h[i] !== v)) {
      throw new Error(`${name} does not match this buffer (capacity ${this.capacity}, ${this.k} frames of ${this.frameSize} bytes, ${this.framesPerChunk} frames a chunk) or is corrupt`);
    }
    const [pos, size, slotCount, freeCount] = [h[6]!, h[7]!, h[8]!, h[9]!];
    const n = this.capacity * this.k;
    const want = HEADER_INTS * 4 + 2 * n * 4 + this.capacity * 9 + freeCount * 4;
    if (!(size >= 0 && size <= this.capacity && pos >= 0 && pos < this.capacity && slotCount >= 0 && freeCount >= 0 && freeCount <= slotCount)) throw new Error(`${name} has an impossible header`);
    if (bytes.length !== want) throw new Error(`${name} has ${bytes.length} bytes, expected ${want} (truncated or corrupt)`);
    let at = HEADER_INTS * 4;
    const obsFrames = ints(at, n); at += n * 4;
    const nextFrames = ints(at, n); at += n * 4;
    const actions = ints(at, this.capacity); at += this.capacity * 4;
    const rewards = new Float32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + this.capacity * 4)); at += this.capacity * 4;
    const free = ints(at, freeCount); at += freeCount * 4;
    const dones = bytes.subarray(at, at + this.capacity);
    // the reference counts follow from the ids; every slot must be either used or free, never both
    const refs = new Int32Array(Math.max(1024, slotCount));
    for (let t = 0; t < size * this.k; t++) {
      for (const id of [obsFrames[t]!, nextFrames[t]!]) {
        if (!(id >= 0 && id < slotCount)) throw new Error(`${name} refers to frame ${id} of ${slotCount} (corrupt)`);
        refs[id]!++;
      }
    }
    const isFree = new Uint8Array(slotCount);
    for (const id of free) {
      if (!(id >= 0 && id < slotCount) || isFree[id] || refs[id] !== 0) throw new Error(`${name} lists frame ${id} as free, but it is in use or repeated (corrupt)`);
      isFree[id] = 1;
    }
    for (let id = 0; id < slotCount; id++) if (refs[id] === 0 && !isFree[id]) throw new Error(`${name}: frame ${id} is neither used nor free (corrupt)`);
    const chunks: Uint8Array[] = [];
    const full = this.framesPerChunk * this.frameSize;
    for (let c = 0; c * this.framesPerChunk < slotCount; c++) {
      const file = `${source}/${chunkFile(c)}`;
      const data = files[chunkFile(c)];
      const frames = Math.min(this.framesPerChunk, slotCount - c * this.framesPerChunk);
      if (!data) throw new Error(`${file} is missing (the buffer holds ${slotCount} frames)`);
      if (data.length !== frames * this.frameSize) throw new Error(`${file} has ${data.length} bytes, expected ${frames * this.frameSize} (truncated or corrupt)`);
      if (data.length === full) chunks.push(data);
      else {
        const chunk = new Uint8Array(full);
        chunk.set(data);
        chunks.push(chunk);
      }
    }
    // all checked: commit
    this.obsFrames.fill(0).set(obsFrames.subarray(0, size * this.k));
    this.nextFrames.fill(0).set(nextFrames.subarray(0, size * this.k));
    this.actions.set(actions);
    this.rewards.set(rewards);
    this.dones.set(dones);
    this.free = Array.from(free);
    this.refs = refs;
    this.chunks = chunks;
    this.slotCount = slotCount;
    this.pos = pos;
    this.size = size;
  }
}
