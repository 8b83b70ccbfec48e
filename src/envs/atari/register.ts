/**
 * Registers `atari/<game>` for every game of ATARI_GAMES (ALE's ROM names, snake_case), and Gymnasium's spellings of
 * them as aliases: `ALE/<Game>-v5` (ale-py's v5 defaults) for every game, and for the games ale-py registers v4 ids
 * for, `<Game>NoFrameskip-v4` (frameskip 1) and `<Game>Deterministic-v4` (frameskip 4; 3 for Space Invaders), both
 * without sticky actions, and their `<Game>-ram…-v4` RAM variants. ale-py's plain `<Game>-v4` (a frameskip drawn from
 * 2–4 each step) has no equivalent here.
 *
 * `protocol: 'none'` (the default) is the raw AtariEnv with Gymnasium v5 semantics; a protocol name gives the
 * protocol's pre-processing stack (makeAtariProtocolEnv), whose settings `frameskip`, `repeatActionProbability`,
 * `maxEpisodeFrames` and `fullActionSpace` override. The ROM comes from the ROM folder (`romDir`, else $HRL_ROM_DIR,
 * else ~/.hadamard-rl/roms); a missing or different one is a RomError naming the game, its md5 and how to get it.
 */
import { register, registerAlias, type EnvOptions, type OptionSpec } from '../core/registry.js';
import type { Env } from '../core/env.js';
import { AtariEnv, type AtariObsType } from './env.js';
import { ATARI_GAMES } from './games.js';
import { makeAtariProtocolEnv } from './protocol-env.js';
import { ATARI_PROTOCOL_NAMES, atariProtocol, type AtariProtocol } from './protocols.js';
import { loadRom } from './roms.js';

export const ATARI_ENV_OPTIONS: { readonly [name: string]: OptionSpec } = {
  protocol: {
    type: 'enum', choices: ['none', ...ATARI_PROTOCOL_NAMES], default: 'none',
    description: "'none': the raw game, Gymnasium ALE/<Game>-v5 semantics; cleanrl (= envpool) or ale-v5: that protocol's pre-processing, [4,84,84] observations",
  },
  obsType: { type: 'enum', choices: ['rgb', 'grayscale', 'ram'], description: 'protocol none only: RGB [210,160,3] (default), grayscale [210,160] or RAM [128] observations' },
  fullActionSpace: { type: 'boolean', default: false, description: "all 18 actions instead of the game's minimal set" },
  mode: { type: 'integer', min: 0, description: "game mode (default: the game's), one ALE allows for the game" },
  difficulty: { type: 'integer', min: 0, description: "difficulty switch setting (default: the game's), one ALE allows for the game" },
  frameskip: { type: 'integer', min: 1, description: "emulator frames per step (default 4, or the protocol's)" },
  repeatActionProbability: { type: 'number', min: 0, max: 1, description: "sticky actions: per-frame probability of repeating the previous frame's action (default 0.25, or the protocol's)" },
  maxEpisodeFrames: { type: 'integer', min: 0, description: "episode cap in emulator frames (default 108000, or the protocol's; 0 = none)" },
  romDir: { type: 'string', description: 'the ROM folder holding <game>.bin (default $HRL_ROM_DIR, else ~/.hadamard-rl/roms)' },
};

/** Gymnasium's name of a game: ALE's ROM name in PascalCase (`up_n_down` → `UpNDown`), as ale-py derives it. */
export function gymnasiumName(gameId: string): string {
  return gameId.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Gymnasium's spellings accepted as aliases of atari/<game>, for help texts. */
export const ATARI_ALIAS_PATTERNS = "ALE/<Game>-v5, <Game>NoFrameskip-v4, <Game>Deterministic-v4, <Game>-ramNoFrameskip-v4, <Game>-ramDeterministic-v4 (v4: as ale-py registers them)";

/** The games ale-py registers v5 ids for but no v4 ids (they are not in its legacy list). */
const NO_V4_IDS: ReadonlySet<string> = new Set(['surround', 'tetris']);

/** The protocol preset under the env options that override it. */
function protocolOf(name: string, o: EnvOptions): AtariProtocol {
  return atariProtocol(name, {
    fullActionSpace: o['fullActionSpace'] as boolean,
    ...(o['frameskip'] !== undefined ? { frameSkip: o['frameskip'] as number } : {}),
    ...(o['repeatActionProbability'] !== undefined ? { repeatActionProbability: o['repeatActionProbability'] as number } : {}),
    ...(o['maxEpisodeFrames'] !== undefined ? { maxEpisodeFrames: o['maxEpisodeFrames'] as number } : {}),
  });
}

function createAtari(game: string, o: EnvOptions): Env<Uint8Array> {
  const protocol = o['protocol'] as string;
  if (protocol !== 'none' && o['obsType'] !== undefined) {
    throw new Error(`make("atari/${game}"): option "obsType" is for protocol "none" only; protocol "${protocol}" observes 84×84 grayscale frame stacks`);
  }
  const rom = loadRom(game, { romDir: o['romDir'] as string | undefined });
  const gameSettings = {
    ...(o['mode'] !== undefined ? { mode: o['mode'] as number } : {}),
    ...(o['difficulty'] !== undefined ? { difficulty: o['difficulty'] as number } : {}),
  };
  if (protocol !== 'none') return makeAtariProtocolEnv({ rom, game, protocol: protocolOf(protocol, o), ...gameSettings });
  return new AtariEnv({
    rom, game, fullActionSpace: o['fullActionSpace'] as boolean, ...gameSettings,
    ...(o['obsType'] !== undefined ? { obsType: o['obsType'] as AtariObsType } : {}),
    ...(o['frameskip'] !== undefined ? { frameskip: o['frameskip'] as number } : {}),
    ...(o['repeatActionProbability'] !== undefined ? { repeatActionProbability: o['repeatActionProbability'] as number } : {}),
    ...(o['maxEpisodeFrames'] !== undefined ? { maxEpisodeFrames: o['maxEpisodeFrames'] as number } : {}),
  });
}

export function registerAtariEnvs(): void {
  for (const { id: game } of ATARI_GAMES) {
    const id = `atari/${game}`;
    register({
      id, group: 'atari/<game>', options: ATARI_ENV_OPTIONS, create: (o) => createAtari(game, o),
      description: `Atari 2600 ${game} with ALE's settings for it (your ROM: hrl roms import); raw or under a named protocol`,
    });
    const name = gymnasiumName(game);
    // Gymnasium's ids are raw games: a protocol goes with atari/<game>
    const alias = (aliasId: string, options: EnvOptions): void => registerAlias(aliasId, { id, options, excludes: ['protocol'] });
    alias(`ALE/${name}-v5`, { frameskip: 4, repeatActionProbability: 0.25, maxEpisodeFrames: 108_000 });
    if (NO_V4_IDS.has(game)) continue;
    const v4 = { repeatActionProbability: 0, maxEpisodeFrames: 108_000 };
    const deterministicSkip = game === 'space_invaders' ? 3 : 4;
    for (const [suffix, obs] of [['', {}], ['-ram', { obsType: 'ram' }]] as const) {
      alias(`${name}${suffix}NoFrameskip-v4`, { ...v4, ...obs, frameskip: 1 });
      alias(`${name}${suffix}Deterministic-v4`, { ...v4, ...obs, frameskip: deterministicSkip });
    }
  }
}
