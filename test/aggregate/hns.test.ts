/**
 * Human-normalised Atari scores: the repository's table (data/atari57-human-random.tsv) against the games table and
 * the research notes, and the HNS view of `hrl aggregate` (median and IQM over games per group) on a hand-made sweep.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ATARI_GAMES } from '../../src/envs/atari/games.js';
import {
  aggregateSweep, atariGameOf, atariScores, formatAggregate, loadSweep, parseAtariScores, scoreRef,
} from '../../src/experiments/aggregate/index.js';
import { expandSweep, parseSweepSpec, writeSweepFiles } from '../../src/experiments/sweep/index.js';

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

const ep = (step: number, ret: number): Record<string, unknown> => ({ kind: 'episode', step, return: ret, length: 1 });

/** A sweep over `envs` × variants × 3 seeds whose runs' final returns are `finals(env, variant, seed)`; `skip` runs have no data. */
function makeSweep(envs: string[], finals: (env: string, variant: string, seed: number) => number, skip: (name: string) => boolean = () => false): string {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-hns-'));
  const spec = parseSweepSpec({
    base: { algo: 'dqn', steps: 100 },
    axes: { env: envs, variant: [{ name: 'tanh', activation: 'tanh' }, { name: 'tanh-hr', activation: 'tanh', hadamard: 'last' }], seed: [1, 2, 3] },
  });
  const runs = expandSweep(spec);
  writeSweepFiles(dir, spec, runs);
  for (const r of runs) {
    if (skip(r.name)) continue;
    const rd = join(dir, r.name);
    mkdirSync(rd, { recursive: true });
    const f = finals(String(r.config['env']), r.config['hadamard'] === 'last' ? 'tanh-hr' : 'tanh', Number(r.config['seed']));
    writeFileSync(join(rd, 'config.json'), JSON.stringify({ ...r.config, version: 1 }));
    writeFileSync(join(rd, 'status.json'), JSON.stringify({ state: 'finished', step: 100, totalSteps: 100 }));
    // the final return (episodes in the last 10% of the steps) is f
    writeFileSync(join(rd, 'metrics.jsonl'), [ep(50, 0), ep(95, f), ep(100, f)].map((x) => JSON.stringify(x)).join('\n') + '\n');
  }
  return dir;
}

/** HNS per (game, variant, seed), turned into raw scores through the table. */
const HNS: Record<string, Record<string, number[]>> = {
  'atari/breakout': { tanh: [0.5, 1, 1.5], 'tanh-hr': [2, 2, 2] },
  'atari/seaquest': { tanh: [0.1, 0.2, 0.3], 'tanh-hr': [0, 0.4, 0.8] },
};
const raw = (env: string, variant: string, seed: number): number => {
  const hns = HNS[env]?.[variant]?.[seed - 1];
  if (hns === undefined) return 100 * seed; // tetris, minatar: any return
  const s = atariScores().get(atariGameOf(env)!)!;
  return s.random + hns * (s.human - s.random);
};
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
