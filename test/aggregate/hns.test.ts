/**
 * Human-normalised Atari scores: the repository's table (data/atari57-human-random.tsv) against the games table and
 * the research notes, and the HNS view of `hrl aggregate` (median and IQM over games per group) on a hand-made sweep.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ATARI_GAMES } from '../../src/envs/atari/games.js';
import {
  aggregateSweep, atariGameOf, atariScores, formatAggregate, loadSweep, parseAtariScores, scoreRef,
} from '../../src/experiments/aggregate/index.js';
import { makeHnsSweep as makeSweep, rawScore as raw } from './hns-sweep.js';

test('the HNS table covers every Atari-57 game of games.ts with the same ROM md5, and only Tetris lacks scores', () => {
  const scores = atariScores();
  assert.equal(scores.size, 57);
  const byId = new Map<string, string>(ATARI_GAMES.map((g) => [g.id, g.md5]));
  for (const s of scores.values()) {
    assert.ok(byId.has(s.game), `${s.game} of the HNS table is not a game of games.ts`);
    assert.equal(s.md5, byId.get(s.game), `${s.game}: the table's ROM md5 is not games.ts's`);
    assert.ok(s.human > s.random, s.game);
  }
  assert.deepEqual(ATARI_GAMES.filter((g) => !scores.has(g.id)).map((g) => g.id), ['tetris']);
  assert.deepEqual(scores.get('breakout'), { game: 'breakout', random: 1.7, human: 30.5, md5: 'f34f08e5eb96e500e851a80be3277a56' });
  assert.deepEqual([scores.get('skiing')!.random, scores.get('skiing')!.human], [-17098.1, -4336.9]);
});

const research = fileURLToPath(new URL('../../../../shared/research/atari57-human-random.tsv', import.meta.url));
test('the HNS table holds the research notes\' numbers', { skip: existsSync(research) ? false : 'no ../shared/research/atari57-human-random.tsv beside the project' }, () => {
  const notes = parseAtariScores(readFileSync(research, 'utf8'), research);
  assert.deepEqual(notes, [...atariScores().values()]);
});

test('the HNS table reader rejects malformed tables, naming the line', () => {
  const head = 'game\trandom\thuman\tale_rom_md5\n';
  const md5 = 'f34f08e5eb96e500e851a80be3277a56';
  assert.throws(() => parseAtariScores('game\trandom\thuman\n', 't.tsv'), /t\.tsv: expected the columns game, random, human, ale_rom_md5/);
  assert.throws(() => parseAtariScores(`${head}pong\t-20.7\tx\t${md5}\n`, 't.tsv'), /t\.tsv:2: pong needs numbers random < human, got -20\.7 and x/);
  assert.throws(() => parseAtariScores(`# note\n${head}pong\t3\t1\t${md5}\n`, 't.tsv'), /t\.tsv:3: pong needs numbers random < human/);
  assert.throws(() => parseAtariScores(`${head}pong\t1\t3\t${md5}\npong\t1\t3\t${md5}\n`, 't.tsv'), /t\.tsv:3: bad or repeated game name 'pong'/);
  assert.throws(() => parseAtariScores(`${head}pong\t1\t3\n`, 't.tsv'), /t\.tsv:2: pong has no md5/);
});

test('Atari env ids: atari/<game> and Gymnasium spellings name a game; other envs do not', () => {
  assert.equal(atariGameOf('atari/breakout'), 'breakout');
  assert.equal(atariGameOf('ALE/MsPacman-v5'), 'ms_pacman');
  assert.equal(atariGameOf('atari/BreakoutNoFrameskip-v4'), 'breakout');
  assert.equal(atariGameOf('atari/tetris'), 'tetris');
  assert.equal(atariGameOf('atari/nosuchgame'), null);
  assert.equal(atariGameOf('minatar/breakout'), null);
  assert.equal(scoreRef('ALE/MsPacman-v5')!.reference, 6951.6);
});

const near = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} != ${b}`);

test('HNS per representation: median and IQM over the scored Atari games; Tetris and MinAtar are named and left out', () => {
  const dir = makeSweep(['atari/breakout', 'atari/seaquest', 'atari/tetris', 'minatar/breakout'], raw);
  const r = aggregateSweep(loadSweep(dir), { reps: 400 });
  assert.deepEqual(r.groups, ['tanh', 'tanh-hr']);
  const h = r.hns!;
  assert.deepEqual(h.games, ['atari/breakout', 'atari/seaquest']);
  assert.deepEqual(h.unscored, ['atari/tetris']);
  assert.match(r.warnings.join('\n'), /no human and random scores for atari\/tetris: left out of the human-normalised score \(HNS\)/);
  // tanh: per-game means 1 and 0.2 → median 0.6; IQM of the six runs (trim one at each end of 0.1 0.2 0.3 0.5 1 1.5)
  // = (0.2 + 0.3 + 0.5 + 1) / 4 = 0.5. tanh-hr: means 2 and 0.4 → median 1.2; IQM of 0 0.4 0.8 2 2 2 → (0.4 + 0.8 + 2 + 2) / 4.
  near(h.byGroup['tanh']!.median.point, 0.6, 'tanh median');
  near(h.byGroup['tanh']!.iqm.point, 0.5, 'tanh IQM');
  near(h.byGroup['tanh-hr']!.median.point, 1.2, 'tanh-hr median');
  near(h.byGroup['tanh-hr']!.iqm.point, 1.3, 'tanh-hr IQM');
  for (const g of ['tanh', 'tanh-hr']) {
    const { median, iqm, runsPerGame } = h.byGroup[g]!;
    assert.equal(runsPerGame, 3);
    for (const iv of [median, iqm]) assert.ok(iv.lower <= iv.point + 1e-12 && iv.point <= iv.upper + 1e-12 && iv.lower < iv.upper, `${g}: ${JSON.stringify(iv)}`);
  }
  // each run's normalised score on an Atari game is its HNS
  const run = r.runs.find((x) => x.env === 'atari/seaquest' && x.group === 'tanh' && x.seed === 2)!;
  near(run.normFinal, 0.2, 'seaquest tanh seed 2');
  const text = formatAggregate(r);
  assert.match(text, /Atari human-normalised score \(HNS\) of the final return over 2 game\(s\) \(atari\/breakout, atari\/seaquest; left out for want of human\/random scores: atari\/tetris\)/);
  assert.match(text, /\ntanh-hr +3 +1\.200 \[[^\n]*\] +1\.300 \[/);
  // the JSON result carries the same numbers
  const json = JSON.parse(JSON.stringify(r)) as typeof r;
  assert.deepEqual(json.hns, h);
});

test('HNS: a representation without runs on some game is named and left out; a sweep without Atari has no HNS', () => {
  const dir = makeSweep(['atari/breakout', 'atari/seaquest', 'minatar/breakout'], raw, (name) => name.startsWith('atari-seaquest__tanh-hr__'));
  const r = aggregateSweep(loadSweep(dir), { reps: 100 });
  assert.deepEqual(Object.keys(r.hns!.byGroup), ['tanh']);
  assert.match(r.warnings.join('\n'), /group tanh-hr lacks runs in some environment: left out of the HNS/);
  const minatar = aggregateSweep(loadSweep(makeSweep(['minatar/breakout'], raw)), { reps: 50 });
  assert.equal(minatar.hns, null);
  assert.doesNotMatch(formatAggregate(minatar), /human-normalised/);
  // only Tetris: an HNS over no game, saying why
  const tetris = aggregateSweep(loadSweep(makeSweep(['atari/tetris'], raw)), { reps: 50 });
  assert.deepEqual(tetris.hns, { games: [], unscored: ['atari/tetris'], byGroup: {} });
  assert.match(formatAggregate(tetris), /HNS\) of the final return over 0 game\(s\) \(none; left out for want of human\/random scores: atari\/tetris\)/);
});
