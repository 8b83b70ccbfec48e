/** `hrl roms import DIR | list | check`: the user's Atari ROMs (src/envs/atari/roms.ts). */
import { existsSync } from 'node:fs';
import { AtariEnv } from '../../envs/atari/env.js';
import { randomPlay, type RandomPlayResult } from '../../envs/atari/random-play.js';
import { ATARI_ROMS, importRoms, listRoms, resolveRom, romDirectory, type ImportReport, type RomListing } from '../../envs/atari/roms.js';
import { atariScores } from '../../experiments/aggregate/atari-scores.js';
import { formatTable, type TextTable } from '../../experiments/aggregate/format.js';
import { Progress } from '../../util/progress.js';
import { numberFlag, parse, UsageError } from '../args.js';

const CHECK_FRAMES = 10_000;

const USAGE = `usage: hrl roms import DIR [--rom-dir D]
       hrl roms list [--rom-dir D] [--json]
       hrl roms check [--games G1,G2] [--frames N] [--seed S] [--rom-dir D]

ROMs are not shipped with hadamard-rl. 'import' copies every file under DIR (recursively, any name) whose md5 is a
supported game's ROM into the ROM folder as <game>.bin, for example from ale-py's roms folder or AutoROM's.
'list' shows which of the ${ATARI_ROMS.length} games have their ROM there. 'check' plays each available game (or
the games named) with uniformly random actions under ALE v5 semantics (frameskip 4, sticky actions 0.25, minimal
action set) and prints the episodes finished and their returns next to the random agent's score of the literature
(data/atari57-human-random.tsv), so that a game whose rewards or terminal rule misbehave stands out.
  --rom-dir D   the ROM folder (default: $HRL_ROM_DIR, else ~/.hadamard-rl/roms)
  --json        list: print JSON [{game, md5, path, status}]
  --games G     check: these games only (comma-separated ids, e.g. breakout,pong)
  --frames N    check: emulator frames of random play per game (default ${CHECK_FRAMES})
  --seed S      check: seed of the random actions and sticky actions (default 0)`;

export async function romsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    'rom-dir': { type: 'string' }, json: { type: 'boolean' }, games: { type: 'string' }, frames: { type: 'string' }, seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  const [sub, ...rest] = positionals;
  const option = values['rom-dir'];
  const romDir = romDirectory({ romDir: typeof option === 'string' ? option : undefined });
  if (sub === 'import') {
    if (rest.length !== 1) throw new UsageError(`expected one folder to import from\n\n${USAGE}`);
    console.log(formatImport(importRoms(rest[0]!, romDir), romDir));
  } else if (sub === 'list') {
    if (rest.length !== 0) throw new UsageError(`'list' takes no folder (use --rom-dir)\n\n${USAGE}`);
    // A folder named on the command line that is not there is most likely a typo; the default one may just be new.
    if (typeof option === 'string' && !existsSync(romDir)) throw new Error(`no such ROM folder: ${romDir}`);
    const rows = listRoms(romDir);
    console.log(values['json'] ? JSON.stringify(rows, null, 2) : formatList(rows, romDir));
  } else if (sub === 'check') {
    if (rest.length !== 0) throw new UsageError(`'check' takes no folder (use --rom-dir)\n\n${USAGE}`);
    const frames = numberFlag(values, 'frames', CHECK_FRAMES, { min: 1, integer: true });
    const seed = numberFlag(values, 'seed', 0, { min: 0, integer: true });
    const games = typeof values['games'] === 'string' ? values['games'].split(',').map((g) => g.trim()).filter(Boolean) : undefined;
    console.log(formatTable(checkRoms(romDir, { games, frames, seed })).join('\n'));
  } else {
    throw new UsageError(`${sub === undefined ? 'expected import, list or check' : `unknown subcommand '${sub}'`}\n\n${USAGE}`);
  }
}

export function formatImport(r: ImportReport, romDir: string): string {
  const lines = [
    ...r.imported.map((i) => `imported  ${i.game.padEnd(18)} ${i.from}${i.replaced ? ' (replaced a file with another md5)' : ''}`),
    ...r.present.map((p) => `present   ${p.game.padEnd(18)} ${p.from}`),
    `${r.imported.length} imported, ${r.present.length} already present, ${r.unknown.length} unknown file(s) skipped; `
      + `ROM folder: ${romDir}`,
  ];
  return lines.join('\n');
}

export function formatList(rows: RomListing[], romDir: string): string {
  const present = rows.filter((r) => r.status === 'present').length;
  const lines = rows.map((r) => `${r.game.padEnd(18)} ${r.status.padEnd(8)} ${r.md5}`
    + (r.status === 'mismatch' ? `  (${r.path} has another md5)` : ''));
  lines.push(`${present} of ${rows.length} games available in ${romDir}`
    + (existsSync(romDir) ? '' : ' (the folder does not exist yet)')
    + (present < rows.length ? '; add ROMs with `hrl roms import DIR`' : ''));
  return lines.join('\n');
}

export interface CheckOptions {
  /** The games to check (default: every game whose ROM is in the folder). */
  games?: readonly string[] | undefined;
  frames: number;
  seed: number;
}

/** The games of a check: those named (each ROM checked by md5, a missing one an error), else those present. */
function gamesToCheck(romDir: string, named: readonly string[] | undefined): string[] {
  if (named) {
    const known = new Set(ATARI_ROMS.map((g) => g.id));
    const unknown = named.filter((g) => !known.has(g));
    if (unknown.length > 0) throw new UsageError(`--games: unknown game(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    for (const g of named) resolveRom(g, { romDir }); // the RomError names the game, its md5 and how to get it
    return [...named];
  }
  const present = listRoms(romDir).filter((r) => r.status === 'present').map((r) => r.game);
  if (present.length === 0) {
    throw new Error(`no ROMs to check in ${romDir}${existsSync(romDir) ? '' : ' (the folder does not exist)'}; add ROMs with \`hrl roms import DIR\` (see \`hrl roms --help\`)`);
  }
  return present;
}

/** Random play on each game, with a progress line on stderr; the results as a table. */
export function checkRoms(romDir: string, opts: CheckOptions): TextTable {
  const games = gamesToCheck(romDir, opts.games);
  const progress = new Progress({ label: 'roms check', total: games.length * opts.frames, unit: 'frames' });
  const rows: string[][] = [];
  games.forEach((game, k) => {
    const env = new AtariEnv({ rom: resolveRom(game, { romDir }), game, seed: opts.seed });
    const r = randomPlay(env, opts.frames, { seed: opts.seed, onProgress: (f) => progress.update(k * opts.frames + Math.min(f, opts.frames), { game }) });
    rows.push(checkRow(game, r));
  });
  progress.done(games.length * opts.frames);
  return {
    title: `Random play: ${opts.frames} emulator frames per game, ALE v5 semantics (frameskip 4, sticky actions 0.25, minimal actions), seed ${opts.seed}`,
    header: ['game', 'frames', 'episodes', 'mean return', 'min', 'max', 'running episode', 'random agent (literature)'],
    rows,
  };
}

const num = (v: number): string => String(+v.toFixed(2));

function checkRow(game: string, r: RandomPlayResult): string[] {
  const n = r.returns.length;
  const ref = atariScores().get(game);
  return [
    game, String(r.frames), String(n), n > 0 ? num(r.returns.reduce((a, b) => a + b, 0) / n) : '–',
    n > 0 ? num(Math.min(...r.returns)) : '–', n > 0 ? num(Math.max(...r.returns)) : '–', num(r.openReturn),
    ref ? num(ref.random) : '– (no score in the table)',
  ];
}
