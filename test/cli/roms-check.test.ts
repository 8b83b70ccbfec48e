/**
 * `hrl roms check`: random play on each available ROM next to the literature's random score. No commercial ROMs:
 * Tetris from ../shared/test-roms in a temporary ROM folder (skipped when absent), and empty or wrong folders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AtariEnv } from '../../src/envs/atari/env.js';
import { atariAvailable } from '../../src/envs/atari/native.js';
import { randomPlay } from '../../src/envs/atari/random-play.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const tmp = (what: string): string => mkdtempSync(join(tmpdir(), `hrl-roms-check-${what}-`));
const hrl = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [cli, 'roms', 'check', ...args], { encoding: 'utf8', env: { ...process.env, HRL_ROM_DIR: join(tmp('env'), 'roms') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('hrl roms check: an empty or missing ROM folder, an unknown game and a missing ROM are named errors', () => {
  const empty = tmp('empty');
  const a = hrl('--rom-dir', empty);
  assert.equal(a.code, 1);
  assert.match(a.err, new RegExp(`hrl roms: no ROMs to check in ${empty}; add ROMs with \`hrl roms import DIR\``));
  const b = hrl('--rom-dir', join(empty, 'typo'));
  assert.equal(b.code, 1);
  assert.match(b.err, /no ROMs to check in .*typo \(the folder does not exist\)/);
  const c = hrl('--rom-dir', empty, '--games', 'breakout,brekaout');
  assert.equal(c.code, 2);
  assert.match(c.err, /--games: unknown game\(s\) brekaout; known: alien, /);
  const d = hrl('--rom-dir', empty, '--games', 'pong');
  assert.equal(d.code, 1);
  assert.match(d.err, /no ROM for Atari game 'pong' \(expected md5 60e0ea3cbe0913d39803477945e9e5ec\): .*pong\.bin does not exist.*hrl roms import DIR/);
  const e = hrl('--rom-dir', empty, '--frames', '0');
  assert.equal(e.code, 2);
  assert.match(e.err, /--frames must be an integer ≥ 1, got '0'/);
});

const tetris = fileURLToPath(new URL('../../../../shared/test-roms/tetris.bin', import.meta.url));
const noTetris = !existsSync(tetris) ? 'no ../shared/test-roms/tetris.bin beside the project' : !atariAvailable() ? 'no Atari emulator in the native addon' : false;

test('hrl roms check on Tetris: random play ends games, the table has no random score for it, a progress line runs', { skip: noTetris }, () => {
  const romDir = tmp('tetris');
  copyFileSync(tetris, join(romDir, 'tetris.bin'));
  const r = hrl('--rom-dir', romDir, '--frames', '6000');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Random play: 6000 emulator frames per game, ALE v5 semantics/);
  const row = /^tetris +(\d+) +(\d+) +(\S+) +(\S+) +(\S+) +(\S+) +– \(no score in the table\)$/m.exec(r.out);
  assert.ok(row, r.out);
  const [frames, episodes] = [Number(row[1]), Number(row[2])];
  assert.ok(frames >= 6000 && frames < 6000 + 8, `frames ${frames}`);
  // a random Tetris game tops out in about 2,300 frames; it clears no line, so every return is 0
  assert.ok(episodes >= 1, `episodes ${episodes}`);
  assert.deepEqual(row.slice(3, 6), ['0', '0', '0']);
  assert.match(r.err, /roms check 6000\/6000 frames \(100\.0%\) \| \d+ frames\/s/);
});

test('randomPlay counts emulator frames and episodes, and is reproducible for a seed', { skip: noTetris }, () => {
  const play = (seed: number): ReturnType<typeof randomPlay> => randomPlay(new AtariEnv({ rom: tetris, game: 'tetris', seed }), 5000, { seed });
  const a = play(3);
  assert.deepEqual(play(3), a);
  assert.equal(a.steps, Math.ceil(a.frames / 4)); // frameskip 4 (a game over may end a step's frames early)
  assert.ok(a.frames >= 5000 && a.returns.length >= 1);
  assert.throws(() => randomPlay(new AtariEnv({ rom: tetris, game: 'tetris' }), 0), /frames must be an integer >= 1, got 0/);
});
