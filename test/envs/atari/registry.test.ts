/**
 * The Atari games in the registry: make('atari/<game>') for every game (a missing ROM is the RomError naming it),
 * Gymnasium's ids as aliases, option errors, and on Tetris (../shared/test-roms/tetris.bin, copied into a temporary
 * ROM folder; skipped with a message when absent): each protocol's observations and actions, the options reaching
 * AtariEnv / makeAtariProtocolEnv unchanged, render() and the GIF/APNG export.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ALE_ACTION_MEANINGS, ATARI_GAMES, AtariEnv, atariAvailable, atariProtocol, makeAtariProtocolEnv, RomError, type AtariEnvOptions,
} from '../../../src/envs/atari/index.js';
import { gymnasiumName } from '../../../src/envs/atari/register.js';
import { describeEnvs, encodeFrames, envAlias, listEnvs, make, recordEpisode, type Env, type EnvOptions } from '../../../src/envs/index.js';
import { envsCommand } from '../../../src/cli/commands/envs.js';
import { tetrisPath } from './oracle-compare.js';

const emptyRomDir = mkdtempSync(join(tmpdir(), 'hrl-noroms-'));
const tetris = tetrisPath();
const skip = !tetris ? 'no ../shared/test-roms/tetris.bin beside the project' : !atariAvailable() ? 'no Atari addon' : false;
/** A ROM folder holding Tetris only. */
function tetrisRomDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-roms-'));
  copyFileSync(tetris!, join(dir, 'tetris.bin'));
  return dir;
}

test('every game is atari/<game>; a missing ROM is the RomError naming the game, its md5 and hrl roms import', () => {
  const ids = listEnvs();
  for (const { id, md5 } of ATARI_GAMES) {
    assert.ok(ids.includes(`atari/${id}`), id);
    assert.throws(() => make(`atari/${id}`, { romDir: emptyRomDir, protocol: 'cleanrl' }), (e: unknown) => {
      assert.ok(e instanceof RomError, String(e));
      assert.equal(e.game, id);
      assert.equal(e.expectedMd5, md5);
      assert.ok(e.message.includes(md5) && e.message.includes('hrl roms import') && e.message.includes(join(emptyRomDir, `${id}.bin`)), e.message);
      return true;
    });
  }
  // the listing gives the Atari games one line, next to one line per MinAtar game
  const lines = describeEnvs();
  const atari = lines.filter((l) => l.startsWith('atari/'));
  assert.equal(atari.length, 1);
  assert.ok(atari[0]!.startsWith(`atari/<game> (${ATARI_GAMES.length} games: alien, `), atari[0]);
  assert.ok(lines.includes('minatar/breakout') && lines.includes('classic/cartpole'));
  assert.throws(() => make('atari/pongg'), (e: Error) => /Unknown environment id "atari\/pongg"/.test(e.message) && e.message.includes('pong, private_eye'));
});

test('hrl envs lists the Atari games on one line and an id or alias with its options', async () => {
  const printed = async (argv: string[]): Promise<string[]> => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => { lines.push(a.map(String).join(' ')); };
    try { await envsCommand(argv); } finally { console.log = log; }
    return lines.join('\n').split('\n');
  };
  const all = await printed([]);
  assert.equal(all.filter((l) => l.includes('atari/')).length, 2, 'the games line and the aliases line'); // not one per game
  assert.ok(all.some((l) => /^minatar\/seaquest +MinAtar seaquest/.test(l)));
  const one = await printed(['ALE/Pong-v5']);
  assert.ok(one[0]!.startsWith('atari/pong: '));
  assert.ok(one.some((l) => l.includes('ALE/Pong-v5 is an alias of atari/pong')));
  assert.ok(one.some((l) => l.trim().startsWith('protocol (none|cleanrl|envpool|ale-v5, default none)')));
  await assert.rejects(envsCommand(['atari/nope']), /Unknown environment id "atari\/nope"/);
});

test("Gymnasium's ids are aliases with ale-py's settings", () => {
  assert.equal(gymnasiumName('up_n_down'), 'UpNDown');
  assert.equal(gymnasiumName('ms_pacman'), 'MsPacman');
  assert.equal(gymnasiumName('jamesbond'), 'Jamesbond');
  const v5 = { frameskip: 4, repeatActionProbability: 0.25, maxEpisodeFrames: 108_000 };
  assert.deepEqual(envAlias('ALE/Breakout-v5'), { id: 'atari/breakout', options: v5, excludes: ['protocol'] });
  assert.deepEqual(envAlias('ALE/Tetris-v5')?.options, v5);
  assert.deepEqual(envAlias('ALE/KungFuMaster-v5')?.id, 'atari/kung_fu_master');
  const v4 = { repeatActionProbability: 0, maxEpisodeFrames: 108_000 };
  assert.deepEqual(envAlias('BreakoutNoFrameskip-v4')?.options, { ...v4, frameskip: 1 });
  assert.deepEqual(envAlias('PongDeterministic-v4')?.options, { ...v4, frameskip: 4 });
  assert.deepEqual(envAlias('SpaceInvadersDeterministic-v4')?.options, { ...v4, frameskip: 3 });
  assert.deepEqual(envAlias('Seaquest-ramNoFrameskip-v4')?.options, { ...v4, obsType: 'ram', frameskip: 1 });
  // ale-py has no v4 ids for these two, and no fixed-frameskip meaning for plain <Game>-v4
  for (const id of ['TetrisNoFrameskip-v4', 'SurroundDeterministic-v4', 'Breakout-v4']) assert.equal(envAlias(id), undefined, id);
  assert.ok(!listEnvs().includes('ALE/Breakout-v5'), 'aliases are not listed as ids');
  assert.throws(() => make('ALE/Breakout-v5', { romDir: emptyRomDir }), (e: unknown) => e instanceof RomError && e.game === 'breakout');
  assert.throws(() => make('ALE/Breakout-v5', { protocol: 'cleanrl' }), /option "protocol" does not go with this alias of atari\/breakout; use make\("atari\/breakout"/);
});

test('bad options are named before any ROM is read', () => {
  const bad = (options: EnvOptions, pattern: RegExp): void => {
    assert.throws(() => make('atari/breakout', { romDir: emptyRomDir, ...options }), (e: unknown) => {
      assert.ok(!(e instanceof RomError), `${JSON.stringify(options)} reached the ROM: ${String(e)}`);
      assert.match((e as Error).message, pattern);
      return true;
    });
  };
  bad({ protocol: 'dqn' }, /option "protocol" must be one of "none", "cleanrl", "envpool", "ale-v5", got "dqn"/);
  bad({ protocol: true }, /option "protocol" must be one of/);
  bad({ obsType: 'gray' }, /option "obsType" must be one of "rgb", "grayscale", "ram"/);
  bad({ protocol: 'ale-v5', obsType: 'ram' }, /option "obsType" is for protocol "none" only/);
  bad({ romDir: 3 }, /option "romDir" must be a non-empty string, got 3/);
  bad({ romDir: '' }, /option "romDir" must be a non-empty string/);
  bad({ frameskip: 0 }, /option "frameskip" must be ≥ 1/);
  bad({ frameskip: 2.5 }, /option "frameskip" must be an integer/);
  bad({ repeatActionProbability: 1.5 }, /option "repeatActionProbability" must be ≤ 1/);
  bad({ fullActionSpace: 'yes' }, /option "fullActionSpace" must be a boolean/);
  bad({ frameSkip: 4 }, /unknown option "frameSkip".*frameskip \(integer\)/);
});

/** Steps two envs with the same seed and actions; asserts equal observations, rewards and ends at every step. */
function assertSameEnv(a: Env<Uint8Array>, b: Env<Uint8Array>, steps: number, what: string): void {
  assert.deepEqual(a.observationSpace.shape, b.observationSpace.shape, what);
  assert.equal(a.actionSpace.n, b.actionSpace.n, what);
  assert.deepEqual(a.reset({ seed: 5 }).obs, b.reset({ seed: 5 }).obs, what);
  for (let t = 0; t < steps; t++) {
    const action = (t * 7 + 3) % a.actionSpace.n;
    const x = a.step(action), y = b.step(action);
    assert.deepEqual([x.reward, x.terminated, x.truncated], [y.reward, y.terminated, y.truncated], `${what}, step ${t}`);
    assert.deepEqual(x.obs, y.obs, `${what}, step ${t}`);
    if (x.terminated || x.truncated) { a.reset(); b.reset(); }
  }
}

test('Tetris: each protocol, its shapes and action set; options reach AtariEnv and the protocol stack', { skip }, () => {
  const romDir = tetrisRomDir();
  const rom = readFileSync(tetris!);
  const minimal = ['NOOP', 'FIRE', 'RIGHT', 'LEFT', 'DOWN'];
  const raw = make('atari/tetris', { romDir });
  assert.ok(raw instanceof AtariEnv);
  assert.deepEqual(raw.observationSpace.shape, [210, 160, 3]);
  assert.deepEqual(raw.actionMeanings(), minimal);
  assert.deepEqual(make('atari/tetris', { romDir, obsType: 'grayscale' }).observationSpace.shape, [210, 160]);
  assert.deepEqual(make('atari/tetris', { romDir, obsType: 'ram' }).observationSpace.shape, [128]);
  assert.deepEqual(make('atari/tetris', { romDir, fullActionSpace: true }).actionMeanings!(), [...ALE_ACTION_MEANINGS]);
  for (const protocol of ['cleanrl', 'envpool', 'ale-v5']) {
    const env = make('atari/tetris', { romDir, protocol });
    assert.deepEqual(env.observationSpace.shape, [4, 84, 84], protocol);
    assert.equal(env.observationSpace.dtype, 'uint8');
    assert.deepEqual(env.actionMeanings!(), minimal, protocol);
    assert.equal(make('atari/tetris', { romDir, protocol, fullActionSpace: true }).actionSpace.n, 18, protocol);
  }
  // the registry builds what the library's constructors build from the same settings
  const direct = (o: Omit<AtariEnvOptions, 'rom' | 'game'>): AtariEnv => new AtariEnv({ rom, game: 'tetris', ...o });
  assertSameEnv(make('atari/tetris', { romDir }), direct({}), 60, 'raw defaults');
  assertSameEnv(make('ALE/Tetris-v5', { romDir }) as Env<Uint8Array>, direct({}), 60, 'ALE/Tetris-v5');
  assertSameEnv(make('atari/tetris', { romDir, frameskip: 2, repeatActionProbability: 0.5, obsType: 'grayscale' }),
    direct({ frameskip: 2, repeatActionProbability: 0.5, obsType: 'grayscale' }), 60, 'raw options');
  assertSameEnv(make('atari/tetris', { romDir, protocol: 'envpool' }),
    makeAtariProtocolEnv({ rom, game: 'tetris', protocol: atariProtocol('cleanrl') }), 40, 'envpool = cleanrl');
  assertSameEnv(make('atari/tetris', { romDir, protocol: 'ale-v5', frameskip: 3, repeatActionProbability: 0.1, maxEpisodeFrames: 300 }),
    makeAtariProtocolEnv({ rom, game: 'tetris', protocol: atariProtocol('ale-v5', { frameSkip: 3, repeatActionProbability: 0.1, maxEpisodeFrames: 300 }) }),
    120, 'ale-v5 with overrides');
});

test('Tetris: render() shows the game, raw and under a protocol, and episodes export as GIF and APNG', { skip }, () => {
  const romDir = tetrisRomDir();
  for (const protocol of ['none', 'cleanrl']) {
    const env = make('atari/tetris', { romDir, protocol });
    const ep = recordEpisode(env, (_obs, step) => (step % 5 === 0 ? 4 : step % 3), { seed: 2, maxSteps: 40 });
    assert.equal(ep.frames.length, ep.length + 1);
    for (const f of ep.frames) assert.deepEqual([f.width, f.height, f.data.length], [160, 210, 160 * 210 * 3]);
    assert.ok(ep.frames.some((f) => !f.data.every((v, i) => v === ep.frames[0]!.data[i])), `${protocol}: the picture changes`);
    if (protocol !== 'none') assert.deepEqual(env.render().data, env.unwrapped.render().data, 'a protocol stack renders its emulator');
    const gif = encodeFrames('ep.gif', ep.frames, { delayMs: 50 });
    assert.equal(String.fromCharCode(...gif.subarray(0, 6)), 'GIF89a');
    assert.deepEqual([gif[6]! | (gif[7]! << 8), gif[8]! | (gif[9]! << 8)], [160, 210]);
    const apng = encodeFrames('ep.apng', ep.frames);
    assert.equal(String.fromCharCode(...apng.subarray(1, 4)), 'PNG');
  }
  // the raw env's RGB observation is what render() shows
  const raw = make('atari/tetris', { romDir });
  raw.reset({ seed: 1 });
  for (let t = 0; t < 30; t++) raw.step(t % 5);
  const obs = raw.step(1).obs;
  assert.deepEqual(raw.render().data, obs);
});
