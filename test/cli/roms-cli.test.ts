/**
 * `hrl roms import|list` end to end (no commercial ROMs: junk files, and Tetris from ../shared/test-roms when present).
 * HRL_ROM_DIR points every run at a temporary folder, so the user's own ROM folder is never touched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const tmp = (what: string): string => mkdtempSync(join(tmpdir(), `hrl-roms-cli-${what}-`));
const defaultDir = join(tmp('env'), 'roms');
const hrl = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [cli, 'roms', ...args], { encoding: 'utf8', env: { ...process.env, HRL_ROM_DIR: defaultDir } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('hrl roms list: every game missing in an empty folder, in text and JSON', () => {
  const r = hrl('list');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^alien +missing +f1a0a23e6464d954e3a9579c4ccd01c8$/m);
  assert.match(r.out, /^tetris +missing +b0e1ee07fbc73493eac5651a52f90f00$/m);
  assert.match(r.out, new RegExp(`0 of 58 games available in ${defaultDir} \\(the folder does not exist yet\\); add ROMs with \`hrl roms import DIR\``));
  const empty = tmp('empty');
  const j = hrl('list', '--rom-dir', empty, '--json');
  assert.equal(j.code, 0, j.err);
  const rows = JSON.parse(j.out) as { game: string; status: string; path: string }[];
  assert.equal(rows.length, 58);
  assert.ok(rows.every((row) => row.status === 'missing' && row.path === join(empty, `${row.game}.bin`)));
});

test('hrl roms: a missing folder, a missing argument and an unknown subcommand are named errors', () => {
  const dir = tmp('err');
  const a = hrl('import', join(dir, 'nope'));
  assert.equal(a.code, 1);
  assert.match(a.err, /hrl roms: no such folder: .*nope/);
  const b = hrl('list', '--rom-dir', join(dir, 'typo'));
  assert.equal(b.code, 1);
  assert.match(b.err, /no such ROM folder: .*typo/);
  const c = hrl('import');
  assert.equal(c.code, 2);
  assert.match(c.err, /expected one folder to import from[\s\S]*usage: hrl roms import DIR/);
  const d = hrl('lst');
  assert.equal(d.code, 2);
  assert.match(d.err, /unknown subcommand 'lst'/);
  const h = hrl('--help');
  assert.equal(h.code, 0);
  assert.match(h.out, /usage: hrl roms import DIR \[--rom-dir D\][\s\S]*\$HRL_ROM_DIR, else ~\/\.hadamard-rl\/roms/);
});

test('hrl roms import skips files that are no known game\'s ROM', () => {
  const src = tmp('src'), romDir = join(tmp('dst'), 'roms');
  mkdirSync(join(src, 'sub'));
  writeFileSync(join(src, 'sub', 'homebrew.bin'), new Uint8Array(4096).fill(0xea));
  writeFileSync(join(src, 'notes.txt'), 'hello');
  const r = hrl('import', src, '--rom-dir', romDir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`^0 imported, 0 already present, 2 unknown file\\(s\\) skipped; ROM folder: ${romDir}$`, 'm'));
  assert.deepEqual(readdirSync(romDir), []);
});

const tetris = fileURLToPath(new URL('../../../../shared/test-roms/tetris.bin', import.meta.url));
test('hrl roms import then list: Tetris', { skip: existsSync(tetris) ? false : 'no ../shared/test-roms/tetris.bin beside the project' }, () => {
  const r = hrl('import', dirname(tetris)); // into $HRL_ROM_DIR
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`^imported +tetris +${tetris}$`, 'm'));
  assert.match(r.out, /^1 imported, 0 already present, 1 unknown/m);
  const again = hrl('import', dirname(tetris));
  assert.match(again.out, /^present +tetris/m);
  const list = hrl('list');
  assert.match(list.out, /^tetris +present +b0e1ee07fbc73493eac5651a52f90f00$/m);
  assert.match(list.out, /1 of 58 games available/);
});
