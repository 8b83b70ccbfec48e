/**
 * The user's Atari ROMs: ROMs are never shipped or downloaded; users import their own (from an ale-py installation's
 * `roms` folder, AutoROM's, or any dumps) into a ROM folder, where each game's ROM is `<game_id>.bin`, checked by md5.
 * The folder is `--rom-dir`, else $HRL_ROM_DIR, else ~/.hadamard-rl/roms.
 *
 * The games and md5s are the TypeScript table of games.ts (the native registry's, native/atari/games/*.cc, which a test
 * compares with `atariGames()`), so that listing and importing work without the addon.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { ensureDir } from '../../util/fs-errors.js';
import { romMd5 } from './cartridge.js';
import type { AtariGame } from './games.js';
import { ATARI_GAMES } from './games.js';

/** A game's ROM: its id and md5. */
export type RomEntry = Pick<AtariGame, 'id' | 'md5'>;
/** The known games' ROMs (games.ts). */
export const ATARI_ROMS: readonly RomEntry[] = ATARI_GAMES;

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
