/**
 * SyncVectorEnv: steps N envs in a loop on the calling thread, writing all observations into one batched
 * buffer (Uint8Array for MinAtar, Float32Array for CartPole), env i at offset i·obsSize. No allocation per step.
 * Autoreset: same-step, with the final observation in `info.finalObs` — see ./types.ts for the exact contract.
 */
import type { Env, EnvState, ObsArray } from '../core/env.js';
import { recordsGames, type EpisodeStatistics } from '../wrappers/record-episode-statistics.js';
import { make, type EnvOptions } from '../core/registry.js';
import type { Box, Discrete } from '../core/spaces.js';
import { allocateBuffers, vectorInfo, type VectorBuffers, type VectorEnv, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from './types.js';

export interface SyncVectorEnvOptions<O extends ObsArray> {
  /** Write into these buffers instead of allocating (AsyncVectorEnv workers pass views of shared memory). */
  buffers?: VectorBuffers<O>;
  /** Global index of the first env, for seeding (env i gets seed + seedOffset + i). */
  seedOffset?: number;
}

export class SyncVectorEnv<O extends ObsArray = ObsArray> implements VectorEnv<O> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Discrete;
  /** Elements per observation. */
  readonly obsSize: number;
  readonly envs: readonly Env<O>[];
  private readonly buf: VectorBuffers<O>;
  private readonly runningReturn: Float64Array;
  private readonly runningLength: Int32Array;
  private readonly seedOffset: number;
  /** Per env: whether it records whole games itself (see VectorInfo.gameEnded). */
  private readonly recordsGames: boolean[];
  private everReset = false;
  private readonly result: VectorStepResult<O>;

  /** N copies of a registered env: `SyncVectorEnv.make('minatar/breakout', 64)`. */
  static make<T extends ObsArray = ObsArray>(id: string, numEnvs: number, options: EnvOptions = {}): SyncVectorEnv<T> {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new Error(`SyncVectorEnv.make: numEnvs must be a positive integer, got ${numEnvs}`);
    return new SyncVectorEnv(Array.from({ length: numEnvs }, () => make(id, options) as Env<T>));
  }

  constructor(envs: readonly Env<O>[], options: SyncVectorEnvOptions<O> = {}) {
    if (envs.length === 0) throw new Error('SyncVectorEnv: needs at least one env');
    this.envs = envs;
    this.numEnvs = envs.length;
    const first = envs[0]!;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.obsSize = first.observationSpace.size;
    for (const e of envs) {
      if (e.observationSpace.size !== this.obsSize || e.observationSpace.dtype !== first.observationSpace.dtype || e.actionSpace.n !== first.actionSpace.n) {
        throw new Error('SyncVectorEnv: all envs must have the same observation and action spaces');
      }
    }
    this.buf = options.buffers ?? (allocateBuffers(this.numEnvs, this.obsSize, first.observationSpace.dtype) as VectorBuffers<O>);
    if (this.buf.obs.length !== this.numEnvs * this.obsSize) throw new Error('SyncVectorEnv: obs buffer has the wrong size');
    this.seedOffset = options.seedOffset ?? 0;
    this.runningReturn = new Float64Array(this.numEnvs);
    this.runningLength = new Int32Array(this.numEnvs);
    this.recordsGames = envs.map(recordsGames);
    const info = vectorInfo(this.buf, this.numEnvs);
    this.result = { obs: this.buf.obs, rewards: this.buf.rewards, terminations: this.buf.terminations, truncations: this.buf.truncations, info };
  }

  /**
   * Reset all envs. With a seed, env i is seeded with seed + i; the very first reset without a seed seeds env i
   * with i (so copies never share a stream); later resets without a seed continue each env's stream.
   */
  reset(options: VectorResetOptions = {}): VectorResetResult<O> {
    const { obs } = this.buf;
    const base = options.seed ?? (this.everReset ? undefined : 0);
    this.everReset = true;
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i]!;
      env.resetNoObs(base === undefined ? undefined : { seed: base + this.seedOffset + i });
      env.writeObs(obs, i * this.obsSize);
      this.runningReturn[i] = 0;
      this.runningLength[i] = 0;
    }
    this.buf.episodeEnded.fill(0);
    this.buf.gameEnded.fill(0);
    this.result.info.finalInfo.fill(null);
    return { obs, info: this.result.info };
  }

  /** Step env i with actions[i]; returns the shared result object (overwritten by the next call). */
  step(actions: ArrayLike<number>): VectorStepResult<O> {
    if (!this.everReset) throw new Error('SyncVectorEnv: call reset() before step()');
    if (actions.length !== this.numEnvs) throw new Error(`SyncVectorEnv.step: expected ${this.numEnvs} actions, got ${actions.length}`);
    const { obs, finalObs, rewards, terminations, truncations, episodeEnded, episodeReturn, episodeLength, gameEnded, gameReturn, gameLength } = this.buf;
    const finalInfo = this.result.info.finalInfo;
    const size = this.obsSize;
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i]!;
      const t = env.stepNoObs(actions[i]!);
      rewards[i] = t.reward;
      terminations[i] = t.terminated ? 1 : 0;
      truncations[i] = t.truncated ? 1 : 0;
      const ret = this.runningReturn[i]! + t.reward;
      const len = this.runningLength[i]! + 1;
      if (t.terminated || t.truncated) {
        env.writeObs(finalObs, i * size);
        episodeEnded[i] = 1;
        episodeReturn[i] = ret;
        episodeLength[i] = len;
        finalInfo[i] = { ...t.info };
        const game = this.recordsGames[i] ? (t.info['episode'] as EpisodeStatistics | undefined) : { r: ret, l: len };
        gameEnded[i] = game ? 1 : 0;
        if (game) {
          gameReturn[i] = game.r;
          gameLength[i] = game.l;
        }
        this.runningReturn[i] = 0;
        this.runningLength[i] = 0;
        env.resetNoObs();
      } else {
        episodeEnded[i] = 0;
        gameEnded[i] = 0;
        if (finalInfo[i] !== null) finalInfo[i] = null;
        this.runningReturn[i] = ret;
        this.runningLength[i] = len;
      }
      env.writeObs(obs, i * size);
    }
    return this.result;
  }

  /** Exact checkpoint: every env's state plus the running episode statistics (for resumable training). */
  getState(): EnvState {
    return {
      everReset: this.everReset,
      runningReturn: Array.from(this.runningReturn),
      runningLength: Array.from(this.runningLength),
      envs: this.envs.map((e, i) => {
        if (!e.getState) throw new Error(`SyncVectorEnv.getState: env ${i} cannot be checkpointed (no getState)`);
        return e.getState();
      }),
    };
  }

  /** Restores getState()'s result and rewrites the current observations from the restored envs. */
  setState(state: EnvState): void {
    const envs = state['envs'];
    if (!Array.isArray(envs) || envs.length !== this.numEnvs) throw new Error(`SyncVectorEnv.setState: state holds ${Array.isArray(envs) ? envs.length : 'no'} envs, this vector env has ${this.numEnvs}`);
    this.envs.forEach((e, i) => {
      if (!e.setState) throw new Error(`SyncVectorEnv.setState: env ${i} cannot be restored (no setState)`);
      e.setState(envs[i] as EnvState);
      e.writeObs(this.buf.obs, i * this.obsSize);
    });
    this.runningReturn.set(state['runningReturn'] as number[]);
    this.runningLength.set(state['runningLength'] as number[]);
    this.everReset = Boolean(state['everReset']);
  }

  close(): void {
    for (const e of this.envs) e.close();
  }
}
