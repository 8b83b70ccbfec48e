/**
 * AsyncVectorEnv: N envs spread over W worker threads (worker_threads), all observations and results in
 * SharedArrayBuffers, so nothing is copied or serialised per step. The main thread signals workers with
 * Atomics.notify and blocks in Atomics.wait until they finish (allowed on Node's main thread), so `step()` is
 * synchronous like SyncVectorEnv's; `stepAsync()` + `stepWait()` let you overlap work with the envs' stepping.
 *
 * Envs are built in each worker with `make(id, options)`, so they must be registered ids; for envs registered in
 * your own module, pass its URL in `modules` so workers import it first.
 * Autoreset: same-step, with the final observation in `info.finalObs` — see ./types.ts (`finalInfo` is all null).
 * Env i is seeded with seed + i exactly as in SyncVectorEnv, so both give identical results for the same seed.
 */
import { Worker } from 'node:worker_threads';
import type { ObsArray } from '../core/env.js';
import { make, type EnvOptions } from '../core/registry.js';
import type { Box, Discrete } from '../core/spaces.js';
import { CMD, Command, CTRL_STRIDE, DONE, ERROR_BYTES, REQUEST, STATUS, type AsyncWorkerData } from './async-protocol.js';
import { allocateBuffers, vectorInfo, type VectorBuffers, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from './types.js';

export interface AsyncVectorEnvOptions {
  /** Options passed to make() for every env. */
  envOptions?: EnvOptions;
  /** Worker threads (default 2, at most numEnvs). */
  numWorkers?: number;
  /** Module URLs (e.g. `new URL('./my-envs.js', import.meta.url).href`) each worker imports before making envs. */
  modules?: string[];
  /** Give up waiting for a worker after this long (default 60 s). */
  timeoutMs?: number;
}

export class AsyncVectorEnv<O extends ObsArray = ObsArray> {
  readonly numEnvs: number;
  readonly numWorkers: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Discrete;
  readonly obsSize: number;
  private readonly control: Int32Array;
  private readonly seed: Float64Array;
  private readonly actions: Int32Array;
  private readonly errors: Uint8Array;
  private readonly buf: VectorBuffers<O>;
  private readonly workers: Worker[] = [];
  private readonly seqs: Int32Array;
  private readonly timeoutMs: number;
  private readonly result: VectorStepResult<O>;
  private pending = false;
  private everReset = false;
  private closed = false;

  /** Start the workers and build the envs; resolves when every worker is ready. */
  static async create<T extends ObsArray = ObsArray>(id: string, numEnvs: number, options: AsyncVectorEnvOptions = {}): Promise<AsyncVectorEnv<T>> {
    const env = new AsyncVectorEnv<T>(id, numEnvs, options);
    await env.started;
    return env;
  }

  private readonly started: Promise<void>;

  private constructor(id: string, numEnvs: number, options: AsyncVectorEnvOptions) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new Error(`AsyncVectorEnv: numEnvs must be a positive integer, got ${numEnvs}`);
    const envOptions = options.envOptions ?? {};
    const probe = make(id, envOptions); // validates id and options on this thread, and gives the spaces
    this.singleObservationSpace = probe.observationSpace;
    this.singleActionSpace = probe.actionSpace;
    probe.close();
    this.numEnvs = numEnvs;
    this.numWorkers = Math.min(numEnvs, Math.max(1, options.numWorkers ?? 2));
    this.obsSize = this.singleObservationSpace.size;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.control = new Int32Array(new SharedArrayBuffer(4 * CTRL_STRIDE * this.numWorkers));
    this.seed = new Float64Array(new SharedArrayBuffer(8));
    this.actions = new Int32Array(new SharedArrayBuffer(4 * numEnvs));
    this.errors = new Uint8Array(new SharedArrayBuffer(ERROR_BYTES * this.numWorkers));
    this.seqs = new Int32Array(this.numWorkers);
    this.buf = allocateBuffers(numEnvs, this.obsSize, this.singleObservationSpace.dtype, true) as VectorBuffers<O>;
    const info = vectorInfo(this.buf, numEnvs);
    this.result = { obs: this.buf.obs, rewards: this.buf.rewards, terminations: this.buf.terminations, truncations: this.buf.truncations, info };

    const ready: Promise<void>[] = [];
    let start = 0;
    for (let w = 0; w < this.numWorkers; w++) {
      const count = Math.floor(numEnvs / this.numWorkers) + (w < numEnvs % this.numWorkers ? 1 : 0);
      const data: AsyncWorkerData = {
        id, options: envOptions, modules: options.modules ?? [], start, count, worker: w, obsSize: this.obsSize,
        control: this.control, seed: this.seed, actions: this.actions, errors: this.errors, buffers: this.buf,
      };
      start += count;
      const worker = new Worker(new URL('./async-worker.js', import.meta.url), { workerData: data });
      this.workers.push(worker);
      ready.push(new Promise<void>((resolve, reject) => {
        worker.once('message', (m: { type: string; message?: string }) => {
          if (m.type === 'ready') resolve();
          else reject(new Error(`AsyncVectorEnv worker ${w} failed to start: ${m.message ?? 'unknown error'}`));
        });
        worker.once('error', reject);
      }));
    }
    this.started = Promise.all(ready).then(
      () => { for (const wk of this.workers) wk.unref(); },
      async (e: unknown) => { await Promise.all(this.workers.map((wk) => wk.terminate())); throw e; },
    );
  }

  private signal(cmd: Command): void {
    for (let w = 0; w < this.numWorkers; w++) {
      const b = w * CTRL_STRIDE;
      Atomics.store(this.control, b + CMD, cmd);
      const s = ++this.seqs[w]!;
      Atomics.store(this.control, b + REQUEST, s);
      Atomics.notify(this.control, b + REQUEST);
    }
  }

  private waitAll(): void {
    const deadline = Date.now() + this.timeoutMs;
    for (let w = 0; w < this.numWorkers; w++) {
      const b = w * CTRL_STRIDE, s = this.seqs[w]!;
      for (;;) {
        const v = Atomics.load(this.control, b + DONE);
        if (v === s) break;
        Atomics.wait(this.control, b + DONE, v, 50);
        if (Date.now() > deadline) throw new Error(`AsyncVectorEnv: worker ${w} did not answer within ${this.timeoutMs} ms`);
      }
    }
    for (let w = 0; w < this.numWorkers; w++) {
      if (Atomics.load(this.control, w * CTRL_STRIDE + STATUS) !== 0) {
        const slot = this.errors.slice(w * ERROR_BYTES, (w + 1) * ERROR_BYTES);
        const end = slot.indexOf(0);
        Atomics.store(this.control, w * CTRL_STRIDE + STATUS, 0);
        throw new Error(`AsyncVectorEnv worker ${w}: ${new TextDecoder().decode(slot.subarray(0, end < 0 ? slot.length : end))}`);
      }
    }
  }

  private check(): void {
    if (this.closed) throw new Error('AsyncVectorEnv: the env is closed');
    if (this.pending) throw new Error('AsyncVectorEnv: a stepAsync() is pending; call stepWait() first');
  }

  /** Reset all envs (env i seeded with seed + i; see SyncVectorEnv.reset for the unseeded case). */
  reset(options: VectorResetOptions = {}): VectorResetResult<O> {
    this.check();
    if (options.seed !== undefined || !this.everReset) {
      this.seed[0] = options.seed ?? 0;
      this.signal(Command.ResetSeeded);
    } else {
      this.signal(Command.Reset);
    }
    this.everReset = true;
    this.waitAll();
    return { obs: this.buf.obs, info: this.result.info };
  }

  /** Start stepping with these actions and return at once; collect the result with stepWait(). */
  stepAsync(actions: ArrayLike<number>): void {
    this.check();
    if (!this.everReset) throw new Error('AsyncVectorEnv: call reset() before step()');
    if (actions.length !== this.numEnvs) throw new Error(`AsyncVectorEnv.step: expected ${this.numEnvs} actions, got ${actions.length}`);
    const n = this.singleActionSpace.n;
    for (let i = 0; i < this.numEnvs; i++) {
      const a = actions[i]!;
      if (!(Number.isInteger(a) && a >= 0 && a < n)) throw new Error(`AsyncVectorEnv.step: action ${i} must be an integer in [0, ${n - 1}], got ${a}`);
      this.actions[i] = a;
    }
    this.signal(Command.Step);
    this.pending = true;
  }

  stepWait(): VectorStepResult<O> {
    if (!this.pending) throw new Error('AsyncVectorEnv: stepWait() without stepAsync()');
    this.pending = false;
    this.waitAll();
    return this.result;
  }

  step(actions: ArrayLike<number>): VectorStepResult<O> {
    this.stepAsync(actions);
    return this.stepWait();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
