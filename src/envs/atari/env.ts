/**
 * One Atari 2600 game as an RL environment with the Arcade Learning Environment's semantics (native/atari/ale.h):
 * ALE's reset sequence, `frameskip` emulator frames per step with rewards summed, sticky actions drawn per frame
 * (`repeatActionProbability`), the episode cap in emulator frames, the game's minimal action set (or all 18), and the
 * game's rewards, terminal rule and lives from its settings in native/atari/games/. Defaults are Gymnasium's
 * `ALE/<Game>-v5`: frameskip 4, sticky 0.25, minimal actions, 108,000 frames.
 *
 * Actions index the action set (actionMeanings()); an index outside it throws, as ale-py's step does. With the full
 * action set, an action the game does not accept acts as NOOP, as in ALE.
 *
 * Seeding: `seed` is ALE's random_seed (the sticky-action generator) as given, not hashed through numpy's SeedSequence
 * the way ale-py does, so runs match ALE's C++ interface with that seed rather than ale-py's. `reset({seed})` powers
 * the machine on again with the new seed, as ale-py's reset(seed=…) reloads the ROM.
 */
import { readFileSync } from 'node:fs';
import { BaseEnv, checkAction, type EnvState, type Info, type ResetOptions, type RgbFrame, type Transition } from '../core/env.js';
import { Box, Discrete } from '../core/spaces.js';
import { aleAddon, OBS_FORMAT, STATUS, STATUS_LENGTH, type AleFacts, type AleHandle } from './ale-native.js';
import { detectScheme, schemeId } from './cartridge.js';

/** ALE's names of the 18 actions, by ALE action id. */
export const ALE_ACTION_MEANINGS = [
  'NOOP', 'FIRE', 'UP', 'RIGHT', 'LEFT', 'DOWN', 'UPRIGHT', 'UPLEFT', 'DOWNRIGHT', 'DOWNLEFT',
  'UPFIRE', 'RIGHTFIRE', 'LEFTFIRE', 'DOWNFIRE', 'UPRIGHTFIRE', 'UPLEFTFIRE', 'DOWNRIGHTFIRE', 'DOWNLEFTFIRE',
] as const;

export type AtariObsType = 'rgb' | 'grayscale' | 'ram';

export interface AtariEnvOptions {
  /** The ROM's bytes, or a path to it. */
  rom: Uint8Array | string;
  /** The game's settings, by ALE's ROM name (e.g. 'breakout', 'tetris'). */
  game: string;
  /** Emulator frames per step (default 4). */
  frameskip?: number;
  /** Probability that a frame keeps the previous frame's action (default 0.25). */
  repeatActionProbability?: number;
  /** All 18 actions instead of the game's minimal set (default false). */
  fullActionSpace?: boolean;
  /** Episode cap in emulator frames, counted as ALE does (default 108,000; 0 = none). */
  maxEpisodeFrames?: number;
  obsType?: AtariObsType;
  /** Game mode and difficulty (default: the game's defaults); must be ones ALE allows for the game. */
  mode?: number;
  difficulty?: number;
  /** ALE's random_seed (default 0). */
  seed?: number;
}

export const ATARI_HEIGHT = 210;
export const ATARI_WIDTH = 160;
const OBS_SHAPE: Record<AtariObsType, number[]> = {
  rgb: [ATARI_HEIGHT, ATARI_WIDTH, 3], grayscale: [ATARI_HEIGHT, ATARI_WIDTH], ram: [128],
};

export class AtariEnv extends BaseEnv<Uint8Array> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly game: string;
  readonly obsType: AtariObsType;
  readonly facts: AleFacts;
  /** Agent action index → ALE action id. */
  private readonly actionSet: readonly number[];
  private readonly rom: Uint8Array;
  private readonly scheme: number;
  private readonly options: Required<Omit<AtariEnvOptions, 'rom' | 'game' | 'obsType' | 'fullActionSpace' | 'mode'>> & { mode: number };
  private handle: AleHandle;
  private readonly status = new Float64Array(STATUS_LENGTH);
  private readonly transition: Transition = { reward: 0, terminated: false, truncated: false, info: {} };

  constructor(options: AtariEnvOptions) {
    super();
    this.rom = typeof options.rom === 'string' ? readRom(options.rom) : options.rom;
    this.scheme = schemeId(detectScheme(this.rom));
    this.game = options.game;
    this.obsType = options.obsType ?? 'rgb';
    if (!(this.obsType in OBS_SHAPE)) throw new Error(`AtariEnv: obsType must be 'rgb', 'grayscale' or 'ram', got ${String(this.obsType)}`);
    const p = options.repeatActionProbability ?? 0.25;
    if (!(p >= 0 && p <= 1)) throw new Error(`AtariEnv: repeatActionProbability must be in [0, 1], got ${p}`);
    const frameskip = options.frameskip ?? 4;
    if (!(Number.isInteger(frameskip) && frameskip >= 1)) throw new Error(`AtariEnv: frameskip must be an integer >= 1, got ${frameskip}`);
    const maxEpisodeFrames = options.maxEpisodeFrames ?? 108000;
    if (!(Number.isInteger(maxEpisodeFrames) && maxEpisodeFrames >= 0)) {
      throw new Error(`AtariEnv: maxEpisodeFrames must be an integer >= 0, got ${maxEpisodeFrames}`);
    }
    this.options = {
      frameskip, repeatActionProbability: p, maxEpisodeFrames,
      mode: options.mode ?? -1, difficulty: options.difficulty ?? 0, seed: options.seed ?? 0,
    };
    this.handle = this.create(this.options.seed);
    this.facts = aleAddon().aleFacts(this.handle);
    this.actionSet = options.fullActionSpace ? ALE_ACTION_MEANINGS.map((_, i) => i) : this.facts.minimalActions;
    this.observationSpace = new Box(OBS_SHAPE[this.obsType], 'uint8', 0, 255);
    this.actionSpace = new Discrete(this.actionSet.length);
  }

  private create(seed: number): AleHandle {
    const o = this.options;
    return aleAddon().aleCreate(this.rom, this.scheme, this.game, {
      frameSkip: o.frameskip, repeatActionProbability: o.repeatActionProbability, maxFrames: o.maxEpisodeFrames,
      mode: o.mode, difficulty: o.difficulty, seed,
    });
  }

  resetNoObs(options?: ResetOptions): Info {
    if (options?.seed !== undefined) this.handle = this.create(options.seed >>> 0);
    aleAddon().aleReset(this.handle, this.status);
    return this.info();
  }

  stepNoObs(action: number): Transition {
    checkAction(action, this.actionSet.length, `AtariEnv(${this.game})`);
    aleAddon().aleAct(this.handle, this.actionSet[action]!, this.status);
    const t = this.transition;
    t.reward = this.status[STATUS.reward]!;
    t.terminated = this.status[STATUS.gameOver] === 1;
    t.truncated = this.status[STATUS.truncated] === 1;
    t.info = this.info();
    return t;
  }

  /** As ale-py's info, plus the emulator steps run since the env was made (reset sequences included). */
  private info(): Info {
    const s = this.status;
    return {
      lives: s[STATUS.lives]!, episodeFrameNumber: s[STATUS.episodeFrame]!, frameNumber: s[STATUS.frameNumber]!,
      emulatedFrames: s[STATUS.emulatedFrames]!,
    };
  }

  writeObs(out: Uint8Array, offset: number): void {
    aleAddon().aleObs(this.handle, out, OBS_FORMAT[this.obsType], offset);
  }

  render(): RgbFrame {
    const data = new Uint8Array(ATARI_HEIGHT * ATARI_WIDTH * 3);
    aleAddon().aleObs(this.handle, data, OBS_FORMAT.rgb, 0);
    return { width: ATARI_WIDTH, height: ATARI_HEIGHT, data };
  }

  lives(): number {
    return this.status[STATUS.lives]!;
  }

  actionMeanings(): readonly string[] {
    return this.actionSet.map((a) => ALE_ACTION_MEANINGS[a]!);
  }

  /** The whole environment (machine, game settings, both generators, counters) as JSON; exact. */
  getState(): EnvState {
    const bytes = aleAddon().aleGetState(this.handle);
    return { game: this.game, ale: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), status: Array.from(this.status) };
  }

  setState(state: EnvState): void {
    if (state['game'] !== this.game) throw new Error(`AtariEnv(${this.game}).setState: the state is for ${String(state['game'])}`);
    const ale = state['ale'], status = state['status'];
    if (typeof ale !== 'string' || !Array.isArray(status) || status.length !== STATUS_LENGTH || !status.every((x) => typeof x === 'number')) {
      throw new Error(`AtariEnv(${this.game}).setState: expected {game, ale: base64 string, status: ${STATUS_LENGTH} numbers}`);
    }
    aleAddon().aleSetState(this.handle, new Uint8Array(Buffer.from(ale, 'base64')));
    this.status.set(status as number[]);
  }
}

/** A ROM file's bytes; an error naming `who` and the path when it cannot be read. */
export function readRom(path: string, who = 'AtariEnv'): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`${who}: cannot read the ROM ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
