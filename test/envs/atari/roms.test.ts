/**
 * The ROM folder (src/envs/atari/roms.ts) on synthetic files with an injected md5 table (no commercial ROMs): import
 * copies only the files whose md5 is a game's, list and resolve report what is there, errors name the game, the
 * expected md5, what was found and the fix. The real table is compared with the cartridge table and the native
 * registry; Tetris (../shared/test-roms/tetris.bin) is imported and resolved when present.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ATARI_ROMS, KNOWN_ROMS, RomError, atariAvailable, importRoms, listRoms, loadRom, resolveRom, romDirectory, romMd5,
} from '../../../src/envs/atari/index.js';
import { atariAddon } from '../../../src/envs/atari/native.js';
import { tetrisPath } from './oracle-compare.js';

const bytes = (seed: number, n = 2048): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed * 13) & 0xff);
const A = bytes(1), B = bytes(2), C = bytes(3, 4096), JUNK = bytes(4);
const table = [{ id: 'game_a', md5: romMd5(A) }, { id: 'game_b', md5: romMd5(B) }, { id: 'game_c', md5: romMd5(C) }];
const tmp = (what: string): string => mkdtempSync(join(tmpdir(), `hrl-roms-${what}-`));

function write(path: string, data: Uint8Array | string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return path;
}

test('import copies only the files whose md5 is a game\'s, under any name and depth, as <game>.bin', () => {
  const src = tmp('src'), romDir = join(tmp('dst'), 'roms'); // romDir does not exist yet: import creates it
  const a = write(join(src, 'Game A (1982).a26'), A);
  const aAgain = write(join(src, 'zz/copy-of-a.bin'), A);
  const b = write(join(src, 'deep/er/b'), B);
  const c = write(join(src, 'c.BIN'), C);
  const junk = write(join(src, 'deep/junk.bin'), JUNK);
  const notes = write(join(src, 'README.txt'), 'not a ROM');
  symlinkSync(join(src, 'deep'), join(src, 'loop')); // links to folders are not followed (no second visit)
  write(join(romDir, 'game_b.bin'), B); // already there
  write(join(romDir, 'game_c.bin'), JUNK); // another dump: replaced

  const r = importRoms(src, romDir, { table });
  assert.deepEqual(r.imported, [
    { game: 'game_a', from: a, to: join(romDir, 'game_a.bin'), replaced: false },
    { game: 'game_c', from: c, to: join(romDir, 'game_c.bin'), replaced: true },
  ]);
  assert.deepEqual(r.present, [{ game: 'game_b', from: b }, { game: 'game_a', from: aAgain }]);
  assert.deepEqual(r.unknown.sort(), [notes, junk].sort());
  assert.deepEqual(readdirSync(romDir).sort(), ['game_a.bin', 'game_b.bin', 'game_c.bin']);
  assert.deepEqual(new Uint8Array(readFileSync(join(romDir, 'game_a.bin'))), A);
  assert.deepEqual(new Uint8Array(readFileSync(join(romDir, 'game_c.bin'))), C);

  const again = importRoms(src, romDir, { table });
  assert.deepEqual([again.imported.length, again.present.length, again.unknown.length], [0, 4, 2]);
});

test('import names a missing folder or a file given as the folder', () => {
  const dir = tmp('err');
  assert.throws(() => importRoms(join(dir, 'nope'), join(dir, 'roms'), { table }), /no such folder: .*nope/);
  const file = write(join(dir, 'x.bin'), A);
  assert.throws(() => importRoms(file, join(dir, 'roms'), { table }), /not a folder: .*x\.bin/);
});

test('list reports every game as present, missing or mismatch', () => {
  const romDir = tmp('list');
  write(join(romDir, 'game_a.bin'), A);
  write(join(romDir, 'game_c.bin'), B);
  write(join(romDir, 'unrelated.bin'), C); // only <game>.bin counts
  assert.deepEqual(listRoms(romDir, { table }).map((r) => [r.game, r.status, r.path]), [
    ['game_a', 'present', join(romDir, 'game_a.bin')],
    ['game_b', 'missing', join(romDir, 'game_b.bin')],
    ['game_c', 'mismatch', join(romDir, 'game_c.bin')],
  ]);
  assert.deepEqual(listRoms(join(romDir, 'not-there'), { table }).map((r) => r.status), ['missing', 'missing', 'missing']);
});

test('resolve returns the checked path; errors name the game, the expected md5, what was found and the fix', () => {
  const romDir = tmp('resolve');
  write(join(romDir, 'game_a.bin'), A);
  write(join(romDir, 'game_c.bin'), B);
  assert.equal(resolveRom('game_a', { romDir, table }), join(romDir, 'game_a.bin'));
  assert.deepEqual(new Uint8Array(loadRom('game_a', { romDir, table })), A);

  const missing = (): string => resolveRom('game_b', { romDir, table });
  assert.throws(missing, (e: unknown) => {
    assert.ok(e instanceof RomError);
    assert.deepEqual([e.game, e.expectedMd5, e.foundMd5, e.path], ['game_b', romMd5(B), null, join(romDir, 'game_b.bin')]);
    assert.match(e.message, new RegExp(`'game_b' \\(expected md5 ${romMd5(B)}\\): .*game_b\\.bin does not exist`));
    assert.match(e.message, /hrl roms import DIR.*ale-py.*AutoROM.*--rom-dir \/ HRL_ROM_DIR/);
    return true;
  });
  assert.throws(() => resolveRom('game_c', { romDir, table }), (e: unknown) => {
    assert.ok(e instanceof RomError);
    assert.equal(e.foundMd5, romMd5(B));
    assert.match(e.message, new RegExp(`'game_c' \\(expected md5 ${romMd5(C)}\\): .*game_c\\.bin has md5 ${romMd5(B)}`));
    return true;
  });
  assert.throws(() => resolveRom('game_z', { romDir, table }), /unknown Atari game 'game_z'; known: game_a, game_b, game_c/);
});

test('the ROM folder: --rom-dir, else $HRL_ROM_DIR, else ~/.hadamard-rl/roms', () => {
  const home = '/home/u';
  assert.equal(romDirectory({ romDir: '/r/opt', env: { HRL_ROM_DIR: '/r/env' }, home }), '/r/opt');
  assert.equal(romDirectory({ env: { HRL_ROM_DIR: '/r/env' }, home }), '/r/env');
  assert.equal(romDirectory({ env: { HRL_ROM_DIR: '' }, home }), '/home/u/.hadamard-rl/roms');
  assert.equal(romDirectory({ env: {}, home }), '/home/u/.hadamard-rl/roms');
  const romDir = tmp('env');
  write(join(romDir, 'game_a.bin'), A);
  assert.equal(resolveRom('game_a', { env: { HRL_ROM_DIR: romDir }, table }), join(romDir, 'game_a.bin'));
});

test('the ROM table: 58 games (the Atari-57 and Tetris), ids and md5s unique, the cartridge table\'s md5s', () => {
  assert.equal(ATARI_ROMS.length, 58);
  assert.equal(new Set(ATARI_ROMS.map((g) => g.id)).size, 58);
  assert.equal(new Set(ATARI_ROMS.map((g) => g.md5)).size, 58);
  for (const g of ATARI_ROMS) assert.match(g.md5, /^[0-9a-f]{32}$/, g.id);
  assert.deepEqual(ATARI_ROMS.map((g) => g.md5).sort(), Object.keys(KNOWN_ROMS).sort());
});

const nativeGames = (): { id: string; md5: string }[] | undefined => {
  if (!atariAvailable()) return undefined;
  const games = (atariAddon() as unknown as { atariGames?: () => { id: string; md5: string }[] }).atariGames;
  return typeof games === 'function' ? games() : undefined;
};

test('the ROM table equals the native game registry', { skip: nativeGames() ? false : 'no addon with the game registry' }, () => {
  const native = nativeGames()!.map((g) => ({ id: g.id, md5: g.md5 }));
  const ours = ATARI_ROMS.map((g) => ({ id: g.id, md5: g.md5 }));
  const byId = (x: { id: string }, y: { id: string }): number => x.id.localeCompare(y.id);
  assert.deepEqual(ours.sort(byId), native.sort(byId));
});

const tetris = tetrisPath();
test('Tetris imports from ../shared/test-roms and resolves as tetris', { skip: tetris ? false : 'no ../shared/test-roms/tetris.bin beside the project' }, () => {
  const romDir = tmp('tetris');
  const r = importRoms(dirname(tetris!), romDir);
  assert.deepEqual(r.imported.map((i) => [i.game, i.from]), [['tetris', tetris]]);
  assert.equal(resolveRom('tetris', { romDir }), join(romDir, 'tetris.bin'));
  assert.deepEqual(readFileSync(join(romDir, 'tetris.bin')), readFileSync(tetris!));
  assert.equal(listRoms(romDir).filter((g) => g.status === 'present').map((g) => g.game).join(), 'tetris');
});
