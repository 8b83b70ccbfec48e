/**
 * AtariVectorEnv: N Atari games under a named protocol (./protocols.ts), EnvPool-style: one addon call steps all N
 * emulators on the addon's thread pool, with the protocol's pre-processing (no-op starts, max of the last two frames,
 * episodic life, FIRE on reset, reward clipping, 84×84 grayscale by area resize, frame stack) done in C++ and written
 * straight into one uint8 batch buffer [N × frameStack × 84 × 84] (native/atari/vector_env.h).
 *
 * It is `new SyncVectorEnv(N × makeAtariProtocolEnv(...))` bit for bit (observations, final observations, rewards,
 * ends, episode statistics, seeding, checkpoints), only faster: see ../vector/types.ts for the same-step autoreset
 * contract. As there, `episodeReturn`/`episodeLength` describe the learner's episode (clipped rewards, agent steps;
 * under episodic life an episode is one life), while `gameEnded`/`gameReturn`/`gameLength` (and `finalInfo[i].episode`
 * = {r, l, t}) give the whole game's raw score and length in emulator frames where the game itself ended
 * (RecordEpisodeStatistics below the wrappers).
 */
import type { EnvState, Info } from '../core/env.js';
import { Box, Discrete } from '../core/spaces.js';
import { allocateBuffers, vectorInfo, type VectorBuffers, type VectorEnv, type VectorInfo, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from '../vector/types.js';
import { areaWeights } from '../wrappers/warp-frame.js';
import { wrapperSeed } from '../wrappers/seeding.js';
import { Rng } from '../../util/rng.js';
import { aleAddon, VEC_INFO, VEC_INFO_LENGTH, type AleFacts, type AleVecHandle, type AleVecOutputs } from './ale-native.js';
import { detectScheme, schemeId } from './cartridge.js';
import { ALE_ACTION_MEANINGS, ATARI_HEIGHT, ATARI_WIDTH, readRom } from './env.js';
import type { AtariProtocol } from './protocols.js';

export interface AtariVectorEnvOptions {
  /** The ROM's bytes, or a path to it. */
  rom: Uint8Array | string;
  /** The game's settings, by ALE's ROM name. */
  game: string;
  protocol: AtariProtocol;
  numEnvs: number;
  mode?: number;
  difficulty?: number;
  /** Threads that step the envs (default: the addon's whole pool; more than the pool has are not made). */
  threads?: number;
}

export class AtariVectorEnv implements VectorEnv<Uint8Array> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Discrete;
  readonly obsSize: number;
  readonly game: string;
  readonly protocol: AtariProtocol;
  readonly facts: AleFacts & { actionSet: number[] };
  private readonly handle: AleVecHandle;
  private readonly buf: VectorBuffers<Uint8Array>;
  private readonly infoFields: Float64Array;
  private readonly outputs: AleVecOutputs;
  private readonly actions: Int32Array;
  private readonly threads: number;
  private readonly result: VectorStepResult<Uint8Array>;
  private everReset = false;
  private closed = false;

  constructor(options: AtariVectorEnvOptions) {
    const { numEnvs, protocol: p } = options;
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new Error(`AtariVectorEnv: numEnvs must be a positive integer, got ${numEnvs}`);
    checkProtocol(p);
    const threads = options.threads ?? 0;
    if (options.threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
      throw new Error(`AtariVectorEnv: threads must be a positive integer, got ${options.threads}`);
    }
    this.threads = threads;
    this.numEnvs = numEnvs;
    this.game = options.game;
    this.protocol = { ...p };
    const rom = typeof options.rom === 'string' ? readRom(options.rom, 'AtariVectorEnv') : options.rom;
    const size = p.screenSize;
    this.handle = aleAddon().aleVecCreate(rom, schemeId(detectScheme(rom)), options.game, {
      frameSkip: p.frameSkip, repeatActionProbability: p.repeatActionProbability, maxFrames: p.maxEpisodeFrames,
      mode: options.mode ?? -1, difficulty: options.difficulty ?? 0, noopMax: p.noopMax, episodicLife: p.episodicLife,
      fireReset: p.fireReset, clipReward: p.clipReward, fullActionSpace: p.fullActionSpace, screen: size,
      frameStack: p.frameStack, numEnvs, noopState: noopState(0),
    }, areaWeights(ATARI_HEIGHT, size), areaWeights(ATARI_WIDTH, size));
    this.facts = aleAddon().aleVecFacts(this.handle);
    // FrameStack(1) is left out, as wrapAtari does: the observation is then the 2-D frame.
    this.singleObservationSpace = new Box(p.frameStack > 1 ? [p.frameStack, size, size] : [size, size], 'uint8', 0, 255);
    this.singleActionSpace = new Discrete(this.facts.actionSet.length);
    this.obsSize = this.singleObservationSpace.size;
    this.buf = allocateBuffers(numEnvs, this.obsSize, 'uint8') as VectorBuffers<Uint8Array>;
    this.infoFields = new Float64Array(numEnvs * VEC_INFO_LENGTH);
    const b = this.buf;
    this.outputs = [b.obs, b.finalObs, b.rewards, b.terminations, b.truncations, b.episodeEnded, b.episodeReturn, b.episodeLength, this.infoFields];
    this.actions = new Int32Array(numEnvs);
    const info: VectorInfo<Uint8Array> = vectorInfo(b, numEnvs);
    this.result = { obs: b.obs, rewards: b.rewards, terminations: b.terminations, truncations: b.truncations, info };
  }

  /** ALE's names of the agent's actions. */
  actionMeanings(): readonly string[] {
    return this.facts.actionSet.map((a) => ALE_ACTION_MEANINGS[a]!);
  }

  /**
   * Resets all envs, as SyncVectorEnv does: with a seed, env i is seeded with seed + i (ALE's random_seed and the
   * no-op generator); the very first reset without a seed seeds env i with i; later ones continue each env's streams.
   */
  reset(options: VectorResetOptions = {}): VectorResetResult<Uint8Array> {
    this.checkOpen();
    if (options.seed !== undefined && !Number.isFinite(options.seed)) throw new Error(`AtariVectorEnv.reset: seed must be a finite number, got ${options.seed}`);
    const base = options.seed ?? (this.everReset ? undefined : 0);
    let seeds: Uint32Array | null = null, noop: Uint32Array | null = null;
    if (base !== undefined) {
      seeds = new Uint32Array(this.numEnvs);
      noop = new Uint32Array(4 * this.numEnvs);
      for (let i = 0; i < this.numEnvs; i++) {
        seeds[i] = (base + i) >>> 0;
        noop.set(noopState(base + i), 4 * i);
      }
    }
    aleAddon().aleVecReset(this.handle, seeds, noop, ...this.outputs, this.threads);
    this.everReset = true;
    this.result.info.finalInfo.fill(null);
    this.buf.gameEnded.fill(0);
    return { obs: this.buf.obs, info: this.result.info };
  }

  /** Steps env i with actions[i] (an index into actionMeanings()); returns the shared result object. */
  step(actions: ArrayLike<number>): VectorStepResult<Uint8Array> {
    this.checkOpen();
    if (!this.everReset) throw new Error('AtariVectorEnv: call reset() before step()');
    if (actions.length !== this.numEnvs) throw new Error(`AtariVectorEnv.step: expected ${this.numEnvs} actions, got ${actions.length}`);
    const n = this.singleActionSpace.n;
    for (let i = 0; i < this.numEnvs; i++) {
      const a = actions[i]!;
      if (!(Number.isInteger(a) && a >= 0 && a < n)) throw new Error(`AtariVectorEnv(${this.game}).step: action of env ${i} must be an integer in [0, ${n - 1}], got ${a}`);
      this.actions[i] = a;
    }
    aleAddon().aleVecStep(this.handle, this.actions, ...this.outputs, this.threads);
    const { episodeEnded, gameEnded, gameReturn, gameLength } = this.buf;
    const finalInfo = this.result.info.finalInfo, f = this.infoFields;
    for (let i = 0; i < this.numEnvs; i++) {
      const o = i * VEC_INFO_LENGTH;
      gameEnded[i] = episodeEnded[i] === 1 && f[o + VEC_INFO.gameEnded] === 1 ? 1 : 0;
      if (gameEnded[i] === 1) {
        gameReturn[i] = f[o + VEC_INFO.gameReturn]!;
        gameLength[i] = f[o + VEC_INFO.gameFrames]!;
      }
      if (episodeEnded[i] === 1) finalInfo[i] = this.finalInfo(i);
      else if (finalInfo[i] !== null) finalInfo[i] = null;
    }
    return this.result;
  }

  /** Emulator frames run by all N envs since they were made (reset sequences, no-ops and skipped frames included). */
  emulatedFrames(): number {
    this.checkOpen();
    return aleAddon().aleVecEmulatedFrames(this.handle);
  }

  /** The single env's info at env i's last step, as AtariEnv and RecordEpisodeStatistics give it. */
  private finalInfo(i: number): Info {
    const f = this.infoFields, o = i * VEC_INFO_LENGTH;
    const info: Info = {
      lives: f[o + VEC_INFO.lives]!, episodeFrameNumber: f[o + VEC_INFO.episodeFrame]!,
      frameNumber: f[o + VEC_INFO.frameNumber]!, emulatedFrames: f[o + VEC_INFO.emulatedFrames]!,
    };
    if (f[o + VEC_INFO.gameEnded] === 1) {
      info['episode'] = { r: f[o + VEC_INFO.gameReturn]!, l: f[o + VEC_INFO.gameFrames]!, t: f[o + VEC_INFO.gameSeconds]! };
    }
    return info;
  }

  /** Exact checkpoint: every env's emulator and wrapper state (base64) plus the running episode statistics. */
  getState(): EnvState {
    this.checkOpen();
    const envs: string[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      const bytes = aleAddon().aleVecGetState(this.handle, i);
      envs.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));
    }
    return { kind: 'AtariVectorEnv', game: this.game, protocol: { ...this.protocol }, everReset: this.everReset, envs };
  }

  /** Restores getState()'s result (into this or a fresh instance of the same game and protocol), observations included. */
  setState(state: EnvState): void {
    this.checkOpen();
    const envs = state['envs'];
    if (state['kind'] !== 'AtariVectorEnv' || state['game'] !== this.game || !Array.isArray(envs) || !envs.every((e) => typeof e === 'string')) {
      throw new Error(`AtariVectorEnv(${this.game}).setState: expected a state from AtariVectorEnv(${this.game}).getState(), got ${String(state['kind'])} of ${String(state['game'])}`);
    }
    if (envs.length !== this.numEnvs) throw new Error(`AtariVectorEnv.setState: state holds ${envs.length} envs, this vector env has ${this.numEnvs}`);
    if (JSON.stringify(state['protocol']) !== JSON.stringify(this.protocol)) {
      throw new Error(`AtariVectorEnv.setState: the state was made under another protocol (${JSON.stringify(state['protocol'])})`);
    }
    envs.forEach((e, i) => aleAddon().aleVecSetState(this.handle, i, new Uint8Array(Buffer.from(e as string, 'base64')), this.buf.obs));
    this.everReset = Boolean(state['everReset']);
  }

  close(): void {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('AtariVectorEnv: the env is closed');
  }
}

/** NoopReset's generator after reset({seed}) (src/envs/wrappers/noop-reset.ts). */
function noopState(seed: number): Uint32Array {
  return Uint32Array.from(new Rng(wrapperSeed(seed, 'noop')).getState().s);
}

function checkProtocol(p: AtariProtocol): void {
  const int = (name: keyof AtariProtocol, min: number): void => {
    const v = p[name];
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= min)) throw new Error(`AtariVectorEnv: protocol.${name} must be an integer >= ${min}, got ${String(v)}`);
  };
  int('frameSkip', 1);
  int('noopMax', 0);
  int('screenSize', 1);
  int('frameStack', 1);
  int('maxEpisodeFrames', 0);
  if (!(p.repeatActionProbability >= 0 && p.repeatActionProbability <= 1)) {
    throw new Error(`AtariVectorEnv: protocol.repeatActionProbability must be in [0, 1], got ${p.repeatActionProbability}`);
  }
}
