/**
 * Worker thread of AsyncVectorEnv: hosts envs [start, start + count) as a SyncVectorEnv writing straight into
 * views of the shared buffers, and serves commands from the main thread (see ./async-protocol.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import '../builtin.js';
import { make } from '../core/registry.js';
import type { ObsArray } from '../core/env.js';
import { CMD, Command, CTRL_STRIDE, DONE, ERROR_BYTES, REQUEST, STATUS, type AsyncWorkerData } from './async-protocol.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { VectorBuffers } from './types.js';

const d = workerData as AsyncWorkerData;
const base = d.worker * CTRL_STRIDE;

function slice<T extends ObsArray | Float32Array | Float64Array | Int32Array>(a: T, per: number): T {
  return a.subarray(d.start * per, (d.start + d.count) * per) as T;
}

function reportError(e: unknown): void {
  const text = new TextEncoder().encode(e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
  const slot = d.errors.subarray(d.worker * ERROR_BYTES, (d.worker + 1) * ERROR_BYTES);
  slot.fill(0);
  slot.set(text.subarray(0, ERROR_BYTES - 1));
  Atomics.store(d.control, base + STATUS, 1);
}

async function main(): Promise<void> {
  for (const m of d.modules) await import(m);
  const b = d.buffers;
  const views: VectorBuffers = {
    obs: slice(b.obs, d.obsSize),
    finalObs: slice(b.finalObs, d.obsSize),
    rewards: slice(b.rewards, 1),
    terminations: b.terminations.subarray(d.start, d.start + d.count),
    truncations: b.truncations.subarray(d.start, d.start + d.count),
    episodeEnded: b.episodeEnded.subarray(d.start, d.start + d.count),
    episodeReturn: slice(b.episodeReturn, 1),
    episodeLength: slice(b.episodeLength, 1),
    gameEnded: b.gameEnded.subarray(d.start, d.start + d.count),
    gameReturn: slice(b.gameReturn, 1),
    gameLength: slice(b.gameLength, 1),
  };
  const envs = Array.from({ length: d.count }, () => make(d.id, d.options));
  const vec = new SyncVectorEnv(envs, { buffers: views, seedOffset: d.start });
  const actions = d.actions.subarray(d.start, d.start + d.count);
  parentPort!.postMessage({ type: 'ready' });

  let seen = 0;
  for (;;) {
    Atomics.wait(d.control, base + REQUEST, seen);
    const req = Atomics.load(d.control, base + REQUEST);
    if (req === seen) continue;
    seen = req;
    const cmd = Atomics.load(d.control, base + CMD);
    try {
      if (cmd === Command.Reset) vec.reset();
      else if (cmd === Command.ResetSeeded) vec.reset({ seed: d.seed[0]! });
      else if (cmd === Command.Step) vec.step(actions);
      else if (cmd === Command.Close) vec.close();
    } catch (e) {
      reportError(e);
    }
    Atomics.store(d.control, base + DONE, seen);
    Atomics.notify(d.control, base + DONE);
    if (cmd === Command.Close) break;
  }
}

main().catch((e: unknown) => {
  parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
});
