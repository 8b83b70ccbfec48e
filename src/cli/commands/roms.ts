/** `hrl roms import DIR | list`: the user's Atari ROMs (src/envs/atari/roms.ts). */
import { existsSync } from 'node:fs';
import { ATARI_ROMS, importRoms, listRoms, romDirectory, type ImportReport, type RomListing } from '../../envs/atari/roms.js';
import { parse, UsageError } from '../args.js';

const USAGE = `usage: hrl roms import DIR [--rom-dir D]
       hrl roms list [--rom-dir D] [--json]

ROMs are not shipped with hadamard-rl. 'import' copies every file under DIR (recursively, any name) whose md5 is a
supported game's ROM into the ROM folder as <game>.bin, for example from ale-py's roms folder or AutoROM's.
'list' shows which of the ${ATARI_ROMS.length} games have their ROM there.
  --rom-dir D   the ROM folder (default: $HRL_ROM_DIR, else ~/.hadamard-rl/roms)
  --json        list: print JSON [{game, md5, path, status}]`;

export async function romsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { 'rom-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
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
  } else {
    throw new UsageError(`${sub === undefined ? 'expected import or list' : `unknown subcommand '${sub}'`}\n\n${USAGE}`);
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
