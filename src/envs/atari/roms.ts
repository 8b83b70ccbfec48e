/**
 * The user's Atari ROMs: ROMs are never shipped or downloaded; users import their own (from an ale-py installation's
 * `roms` folder, AutoROM's, or any dumps) into a ROM folder, where each game's ROM is `<game_id>.bin`, checked by md5.
 * The folder is `--rom-dir`, else $HRL_ROM_DIR, else ~/.hadamard-rl/roms.
 *
 * The games and md5s are a TypeScript table (the native registry's, native/atari/games/*.cc, which a test compares
 * with `atariGames()`), so that listing and importing work without the addon.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { ensureDir } from '../../util/fs-errors.js';
import { romMd5 } from './cartridge.js';

export interface RomEntry { readonly id: string; readonly md5: string }

/** The games of native/atari/games/registry.cc (the Atari-57 and Tetris) with the md5 of the ROM each supports. */
export const ATARI_ROMS = [
  { id: 'alien', md5: 'f1a0a23e6464d954e3a9579c4ccd01c8' },
  { id: 'amidar', md5: 'acb7750b4d0c4bd34969802a7deb2990' },
  { id: 'assault', md5: 'de78b3a064d374390ac0710f95edde92' },
  { id: 'asterix', md5: '89a68746eff7f266bbf08de2483abe55' },
  { id: 'asteroids', md5: 'ccbd36746ed4525821a8083b0d6d2c2c' },
  { id: 'atlantis', md5: '9ad36e699ef6f45d9eb6c4cf90475c9f' },
  { id: 'bank_heist', md5: '00ce0bdd43aed84a983bef38fe7f5ee3' },
  { id: 'battle_zone', md5: '41f252a66c6301f1e8ab3612c19bc5d4' },
  { id: 'beam_rider', md5: '79ab4123a83dc11d468fb2108ea09e2e' },
  { id: 'berzerk', md5: '136f75c4dd02c29283752b7e5799f978' },
  { id: 'bowling', md5: 'c9b7afad3bfd922e006a6bfc1d4f3fe7' },
  { id: 'boxing', md5: 'c3ef5c4653212088eda54dc91d787870' },
  { id: 'breakout', md5: 'f34f08e5eb96e500e851a80be3277a56' },
  { id: 'centipede', md5: '91c2098e88a6b13f977af8c003e0bca5' },
  { id: 'chopper_command', md5: 'c1cb228470a87beb5f36e90ac745da26' },
  { id: 'crazy_climber', md5: '55ef7b65066428367844342ed59f956c' },
  { id: 'defender', md5: '0f643c34e40e3f1daafd9c524d3ffe64' },
  { id: 'demon_attack', md5: 'f0e0addc07971561ab80d9abe1b8d333' },
  { id: 'double_dunk', md5: '368d88a6c071caba60b4f778615aae94' },
  { id: 'enduro', md5: '94b92a882f6dbaa6993a46e2dcc58402' },
  { id: 'fishing_derby', md5: 'b8865f05676e64f3bec72b9defdacfa7' },
  { id: 'freeway', md5: '8e0ab801b1705a740b476b7f588c6d16' },
  { id: 'frostbite', md5: '4ca73eb959299471788f0b685c3ba0b5' },
  { id: 'gopher', md5: 'c16c79aad6272baffb8aae9a7fff0864' },
  { id: 'gravitar', md5: '8ac18076d01a6b63acf6e2cab4968940' },
  { id: 'hero', md5: 'fca4a5be1251927027f2c24774a02160' },
  { id: 'ice_hockey', md5: 'a4c08c4994eb9d24fb78be1793e82e26' },
  { id: 'jamesbond', md5: 'e51030251e440cffaab1ac63438b44ae' },
  { id: 'kangaroo', md5: '4326edb70ff20d0ee5ba58fa5cb09d60' },
  { id: 'krull', md5: '4baada22435320d185c95b7dd2bcdb24' },
  { id: 'kung_fu_master', md5: '5b92a93b23523ff16e2789b820e2a4c5' },
  { id: 'montezuma_revenge', md5: '3347a6dd59049b15a38394aa2dafa585' },
  { id: 'ms_pacman', md5: '87e79cd41ce136fd4f72cc6e2c161bee' },
  { id: 'name_this_game', md5: '36306070f0c90a72461551a7a4f3a209' },
  { id: 'phoenix', md5: '7e52a95074a66640fcfde124fffd491a' },
  { id: 'pitfall', md5: '3e90cf23106f2e08b2781e41299de556' },
  { id: 'pong', md5: '60e0ea3cbe0913d39803477945e9e5ec' },
  { id: 'private_eye', md5: 'ef3a4f64b6494ba770862768caf04b86' },
  { id: 'qbert', md5: '484b0076816a104875e00467d431c2d2' },
  { id: 'riverraid', md5: '393948436d1f4cc3192410bb918f9724' },
  { id: 'road_runner', md5: 'ce5cc62608be2cd3ed8abd844efb8919' },
  { id: 'robotank', md5: '4f618c2429138e0280969193ed6c107e' },
  { id: 'seaquest', md5: '240bfbac5163af4df5ae713985386f92' },
  { id: 'skiing', md5: 'b76fbadc8ffb1f83e2ca08b6fb4d6c9f' },
  { id: 'solaris', md5: 'e72eb8d4410152bdcb69e7fba327b420' },
  { id: 'space_invaders', md5: '72ffbef6504b75e69ee1045af9075f66' },
  { id: 'star_gunner', md5: 'a3c1c70024d7aabb41381adbfb6d3b25' },
  { id: 'surround', md5: '4d7517ae69f95cfbc053be01312b7dba' },
  { id: 'tennis', md5: '42cdd6a9e42a3639e190722b8ea3fc51' },
  { id: 'time_pilot', md5: 'fc2104dd2dadf9a6176c1c1c8f87ced9' },
  { id: 'tutankham', md5: '085322bae40d904f53bdcc56df0593fc' },
  { id: 'up_n_down', md5: 'a499d720e7ee35c62424de882a3351b6' },
  { id: 'venture', md5: '3e899eba0ca8cd2972da1ae5479b4f0d' },
  { id: 'video_pinball', md5: '107cc025334211e6d29da0b6be46aec7' },
  { id: 'wizard_of_wor', md5: '7e8aa18bc9502eb57daaf5e7c1e94da7' },
  { id: 'yars_revenge', md5: 'c5930d0e8cdae3e037349bfa08e871be' },
  { id: 'zaxxon', md5: 'eea0da9b987d661264cce69a7c13c3bd' },
  { id: 'tetris', md5: 'b0e1ee07fbc73493eac5651a52f90f00' },
] as const satisfies readonly RomEntry[];
export type AtariGameId = (typeof ATARI_ROMS)[number]['id'];

export interface RomDirOptions {
  /** The ROM folder (the `--rom-dir` option); wins over the environment. */
  romDir?: string | undefined;
  /** Where $HRL_ROM_DIR is read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The user's home folder (default os.homedir()). */
  home?: string;
}

export interface RomTableOptions {
  /** The games and md5s (default {@link ATARI_ROMS}; tests inject their own). */
  table?: readonly RomEntry[];
}

/** The ROM folder: the option, else $HRL_ROM_DIR, else ~/.hadamard-rl/roms. */
export function romDirectory(opts: RomDirOptions = {}): string {
  const env = opts.env ?? process.env;
  const chosen = opts.romDir ?? (env['HRL_ROM_DIR'] || undefined);
  return resolve(chosen ?? join(opts.home ?? homedir(), '.hadamard-rl', 'roms'));
}

/** Where a ROM folder's file for the game lives. */
export function romPath(romDir: string, gameId: string): string {
  return join(romDir, `${gameId}.bin`);
}

const HOW_TO_GET = 'ROMs are not shipped with hadamard-rl: import your own with `hrl roms import DIR`, where DIR holds '
  + 'them under any names (for example ale-py\'s roms folder, python -c "import ale_py, os; '
  + 'print(os.path.join(os.path.dirname(ale_py.__file__), \'roms\'))", or the folder AutoROM installed them in), '
  + 'or point --rom-dir / HRL_ROM_DIR at a folder that holds <game>.bin';

/** A game's ROM that is not there, or not the dump the game's settings are for. */
export class RomError extends Error {
  constructor(
    readonly game: string,
    readonly expectedMd5: string,
    readonly path: string,
    /** The md5 of the file found, or null when there is none. */
    readonly foundMd5: string | null,
  ) {
    const found = foundMd5 === null ? `${path} does not exist`
      : `${path} has md5 ${foundMd5} (another dump or revision of the game)`;
    super(`no ROM for Atari game '${game}' (expected md5 ${expectedMd5}): ${found}. ${HOW_TO_GET}`);
    this.name = 'RomError';
  }
}

function entryFor(gameId: string, table: readonly RomEntry[]): RomEntry {
  const entry = table.find((g) => g.id === gameId);
  if (!entry) throw new Error(`unknown Atari game '${gameId}'; known: ${table.map((g) => g.id).join(', ')}`);
  return entry;
}

/** The path of the game's ROM in the ROM folder, checked by md5; a {@link RomError} when missing or different. */
export function resolveRom(gameId: string, opts: RomDirOptions & RomTableOptions = {}): string {
  const { md5 } = entryFor(gameId, opts.table ?? ATARI_ROMS);
  const path = romPath(romDirectory(opts), gameId);
  const found = isFile(path) ? romMd5(readFileSync(path)) : null;
  if (found !== md5) throw new RomError(gameId, md5, path, found);
  return path;
}

/** The game's ROM bytes (see {@link resolveRom}). */
export function loadRom(gameId: string, opts: RomDirOptions & RomTableOptions = {}): Uint8Array {
  return readFileSync(resolveRom(gameId, opts));
}

export type RomStatus = 'present' | 'missing' | 'mismatch';
export interface RomListing { game: string; md5: string; path: string; status: RomStatus }

/** Every known game with whether the ROM folder holds its ROM (`mismatch`: a file with another md5). */
export function listRoms(romDir: string, opts: RomTableOptions = {}): RomListing[] {
  return (opts.table ?? ATARI_ROMS).map(({ id, md5 }) => {
    const path = romPath(romDir, id);
    const status: RomStatus = !isFile(path) ? 'missing' : romMd5(readFileSync(path)) === md5 ? 'present' : 'mismatch';
    return { game: id, md5, path, status };
  });
}

/** Files larger than this are never ROMs of a supported scheme (the largest, F4, is 32 KiB); they are not read. */
const MAX_ROM_BYTES = 1 << 20;

export interface ImportReport {
  /** Copied into the ROM folder (`replaced`: over a file with another md5). */
  imported: { game: string; from: string; to: string; replaced: boolean }[];
  /** The ROM folder already held this game's ROM (or an earlier file of this import was it). */
  present: { game: string; from: string }[];
  /** Files whose md5 is no known game's. */
  unknown: string[];
}

/**
 * Copies every file under `dir` (recursively, any name) whose md5 is a known game's into `romDir` as `<game>.bin`.
 * Symbolic links to files are followed, links to folders are not.
 */
export function importRoms(dir: string, romDir: string, opts: RomTableOptions = {}): ImportReport {
  const source = resolve(dir);
  if (!existsSync(source)) throw new Error(`no such folder: ${source}`);
  if (!statSync(source).isDirectory()) throw new Error(`not a folder: ${source}`);
  const byMd5 = new Map((opts.table ?? ATARI_ROMS).map((g) => [g.md5, g.id]));
  const report: ImportReport = { imported: [], present: [], unknown: [] };
  ensureDir(romDir);
  for (const from of filesUnder(source)) {
    const rom = statSync(from).size <= MAX_ROM_BYTES ? readFileSync(from) : undefined;
    const game = rom && byMd5.get(romMd5(rom));
    if (rom === undefined || game === undefined) {
      report.unknown.push(from);
      continue;
    }
    const to = romPath(romDir, game);
    const existing = isFile(to) ? romMd5(readFileSync(to)) : null;
    if (existing !== null && byMd5.get(existing) === game) {
      report.present.push({ game, from });
      continue;
    }
    writeFileAtomic(to, rom); // a killed import leaves no truncated ROM under its game's name
    report.imported.push({ game, from, to, replaced: existing !== null });
  }
  return report;
}

/** The regular files under a folder, depth first in name order (so that reports are stable). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const link = lstatSync(path);
    if (link.isDirectory()) out.push(...filesUnder(path));
    else if (link.isFile() || (link.isSymbolicLink() && isFile(path))) out.push(path);
  }
  return out;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
