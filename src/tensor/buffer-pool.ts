/**
 * Recycled tensor storage. A fresh Float32Array costs far more than zeroing a used one: V8 accounts its backing store
 * as external memory (triggering collections), and the VM faults in every page on first touch (measured here:
 * ~8 µs for 16 KiB, ~0.6 ms for 4 MiB, against ~1 µs and ~0.1 ms to zero-fill a used buffer). Autograd hands back
 * intermediate gradients once they are consumed and `zeroGrad()` the parameter gradients; the backends' `alloc()`
 * takes from here first, so a training step reuses the previous step's memory.
 *
 * A buffer may be given back only when nothing else can reach its storage: the callers check that (see
 * src/tensor/tensor.ts). Small buffers are not pooled (allocating them is as cheap as the bookkeeping), and the pool is
 * bounded in count per length and in bytes overall.
 */

const MIN_POOLED_LENGTH = 1024;
const MAX_PER_LENGTH = 8;
const MAX_POOLED_BYTES = 512 * 1024 * 1024;

const free = new Map<number, Float32Array[]>();
const pooled = new Set<ArrayBufferLike>(); // storage currently in the pool, whichever view gave it back
let pooledBytes = 0;
// HRL_RECYCLE=0 turns recycling off (a debugging aid: results must not change, only speed and memory)
let recycling = process.env['HRL_RECYCLE'] !== '0';

/**
 * Runs fn with storage recycling on or off, then restores the previous setting. Recycling must never change a result:
 * the tests train agents both ways and compare them bit for bit.
 */
export function withRecycling<T>(on: boolean, fn: () => T): T {
  const before = recycling;
  recycling = on;
  if (!on) clearBufferPool();
  try {
    return fn();
  } finally {
    recycling = before;
  }
}

/**
 * A buffer of `length` floats for a backend's alloc(): a recycled one when the pool has it (zeroed with the backend's
 * `zero`, unless null: allocEmpty), else a new one. Each hand-out is numbered (see issueOf).
 */
export function newBuffer(length: number, zero: ((buf: Float32Array) => void) | null): Float32Array {
  // a buffer too small for the pool is never recycled, so it needs no number either
  if (length < MIN_POOLED_LENGTH) return new Float32Array(length);
  let buf = takeBuffer(length);
  if (buf) zero?.(buf);
  else buf = new Float32Array(length);
  (buf.buffer as Numbered)[ISSUE] = ++issued;
  return buf;
}

// Which hand-out of a storage is current, stamped on the storage itself (a property write costs nanoseconds; a
// WeakMap entry costs as much as allocating a small buffer). Numbers only grow, so a scratch scope knows what was
// handed out during it (a number above the count at its start), and a recycled storage handed out again (say, to
// optimizer state created by a factory) is not recycled on behalf of the tensor that owned it before.
const ISSUE = Symbol('hand-out number');
interface Numbered { [ISSUE]?: number }
let issued = 0;

/** The number of the current hand-out of buf's storage by newBuffer (undefined: not from newBuffer). */
export function issueOf(buf: Float32Array): number | undefined {
  return (buf.buffer as Numbered)[ISSUE];
}

/** The number of the latest hand-out: storage handed out later gets a larger number. */
export function lastIssue(): number {
  return issued;
}

/** A previously recycled buffer of exactly `length` floats (contents undefined: the caller zero-fills), if any. */
export function takeBuffer(length: number): Float32Array | undefined {
  if (length < MIN_POOLED_LENGTH) return undefined;
  const list = free.get(length);
  const buf = list?.pop();
  if (buf) {
    pooled.delete(buf.buffer);
    pooledBytes -= buf.byteLength;
  }
  return buf;
}

/**
 * Gives `buf` back for reuse. The caller guarantees that no live tensor or array refers to its storage. Views (a
 * Float32Array over part of a larger buffer) are ignored, as is a buffer given back twice.
 */
export function recycleBuffer(buf: Float32Array): void {
  if (!recycling) return;
  if (buf.length < MIN_POOLED_LENGTH || buf.byteOffset !== 0 || buf.byteLength !== buf.buffer.byteLength) return;
  if (pooled.has(buf.buffer) || pooledBytes + buf.byteLength > MAX_POOLED_BYTES) return;
  let list = free.get(buf.length);
  if (!list) free.set(buf.length, (list = []));
  if (list.length >= MAX_PER_LENGTH) return;
  list.push(buf);
  pooled.add(buf.buffer);
  pooledBytes += buf.byteLength;
}

/** Drops every pooled buffer (for tests and for callers about to need the memory elsewhere). */
export function clearBufferPool(): void {
  free.clear();
  pooled.clear();
  pooledBytes = 0;
}

/** Number of buffers and bytes currently pooled. */
export function bufferPoolStats(): { buffers: number; bytes: number } {
  return { buffers: pooled.size, bytes: pooledBytes };
}
