import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  aggregateSweep, aucReturn, diagnostics, episodes, finalReturn, groupOf, loadSweep, normalizeScore, parseScoreTable,
  returnCurve, scoreRef, formatAggregate,
} from '../../src/experiments/aggregate/index.js';
import { expandSweep, parseSweepSpec, writeSweepFiles } from '../../src/experiments/sweep/index.js';
import type { MetricRow } from '../../src/logging/metrics-log.js';
import { CLI } from '../sweep/helpers.js';
import { spawnSync } from 'node:child_process';

const ep = (step: number, ret: number): MetricRow => ({ kind: 'episode', step, return: ret, length: 1 });

test('final return, learning curve and AUC from episode rows (hand-computed)', () => {
  const rows: MetricRow[] = [ep(10, 1), { kind: 'train', step: 20, loss: 1 }, ep(30, 3), ep(50, 5), ep(95, 7), ep(100, 9)];
  const e = episodes(rows);
  assert.deepEqual(e, { steps: [10, 30, 50, 95, 100], returns: [1, 3, 5, 7, 9] });
  // last 10% of 100 steps: episodes ending after step 90 → (7 + 9) / 2
  assert.equal(finalReturn(e, 100), 8);
  // last 1%: only step 100
  assert.equal(finalReturn(e, 100, 0.01), 9);
  // none in the last fraction → the last episode
  assert.equal(finalReturn(episodes([ep(10, 4)]), 100), 4);
  // moving average of the last 2 episodes at steps 5, 40, 100
  const c = returnCurve(e, [5, 40, 100], 2);
  assert.ok(Number.isNaN(c[0]!));
  assert.deepEqual([c[1], c[2]], [2, 8]);
  // AUC (average level) of the window-1 curve at 25, 50, 75, 100: values 1, 5, 5, 9 → trapezoids (3 + 5 + 7) × 25 / 75
  assert.equal(aucReturn(e, [25, 50, 75, 100], 1), 5);
});

test('normalisation: Atari human-normalised, MinAtar random/reference, CartPole, unknown envs raw', () => {
  const br = scoreRef('atari/breakout')!;
  assert.deepEqual(br, { random: 1.7, reference: 30.5, kind: 'human' });
  assert.ok(Math.abs(normalizeScore(30.5, br) - 1) < 1e-12);
  assert.ok(Math.abs(normalizeScore(16.1, br) - 0.5) < 1e-12);
  assert.equal(scoreRef('atari/SpaceInvaders-v5')!.reference, 1668.7);
  assert.equal(scoreRef('ALE/SpaceInvaders-v5')!.reference, 1668.7);
  assert.equal(scoreRef('atari/space_invaders')!.random, 148);
  assert.equal(scoreRef('atari/tetris'), null); // the homebrew test ROM has no human/random scores
  const mi = scoreRef('minatar/space_invaders')!;
  assert.equal(mi.kind, 'reference');
  assert.equal(normalizeScore(mi.random, mi), 0);
  assert.equal(scoreRef('classic/cartpole')!.reference, 500);
  assert.equal(scoreRef('other/game'), null);
  assert.equal(normalizeScore(42, null), 42);
  const t = parseScoreTable('game\trandom\thuman\nMsPacman\t307.3\t6951.6\n', false);
  assert.deepEqual(t['atari/mspacman'], { random: 307.3, reference: 6951.6, kind: 'human' });
  assert.equal(scoreRef('atari/ms_pacman', t)!.random, 307.3);
  assert.deepEqual(parseScoreTable('{"x/y": {"random": 1, "reference": 3}}', true)['x/y'], { random: 1, reference: 3, kind: 'reference' });
});

/** A sweep folder with hand-made runs: final returns known per (env, group, seed). */
function makeSweep(finals: (env: string, act: string, seed: number) => number, opts: { unfinished?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-agg-'));
  const spec = parseSweepSpec({ base: { algo: 'dqn', steps: 100 }, axes: { env: ['classic/cartpole', 'minatar/breakout'], activation: ['tanh', 'relu'], seed: [1, 2, 3] } });
  const runs = expandSweep(spec);
  writeSweepFiles(dir, spec, runs);
  for (const r of runs) {
    const rd = join(dir, r.name);
    const env = String(r.config['env']), act = String(r.config['activation']), seed = Number(r.config['seed']);
    writeFileSync(join(rd, 'config.json'), JSON.stringify({ ...r.config, hadamard: 'none', version: 1 }));
    const state = opts.unfinished === r.name ? 'running' : 'finished';
    writeFileSync(join(rd, 'status.json'), JSON.stringify({ state, step: 100, totalSteps: 100 }));
    const f = finals(env, act, seed);
    const rows = [
      ep(50, f / 2), ep(95, f), ep(100, f),
      { kind: 'diagnostics', step: 50, layers: { 'hidden.0': { dead: act === 'relu' ? 0.2 : null, saturated: act === 'tanh' ? 0.1 : null, srank: 10 + seed, erank: 5, dormant: 0 }, 'hidden.1': { dead: act === 'relu' ? 0.5 : null, srank: 1, hiddenBias: { dead: [1, 3], live: [0, 0] } } } },
      { kind: 'diagnostics', step: 100, layers: { 'hidden.1': { dead: act === 'relu' ? 0.4 : null, saturated: act === 'tanh' ? 0.3 : null, srank: 20 + seed, erank: 6, dormant: 0.1, hiddenBias: { dead: [2, 4], live: [seed, seed] } } } },
    ];
    mkdirSync(rd, { recursive: true });
    writeFileSync(join(rd, 'metrics.jsonl'), rows.map((x) => JSON.stringify(x)).join('\n') + '\n');
  }
  return dir;
}

test('grouping, per-env and across-env statistics, improvement, profiles and diagnostics', () => {
  // tanh beats relu on every run; CartPole finals 100·seed (tanh) / 50·seed (relu); Breakout 10·seed / 5·seed
  const finals = (env: string, act: string, seed: number): number => (env === 'classic/cartpole' ? 100 : 10) * seed * (act === 'tanh' ? 1 : 0.5);
  const dir = makeSweep(finals, { unfinished: 'minatar-breakout__relu__seed3' });
  const sweep = loadSweep(dir);
  assert.equal(sweep.runs.length, 12);
  assert.deepEqual(sweep.axisKeys, ['env', 'activation', 'seed']);
  assert.equal(groupOf(sweep.runs[0]!, ['activation']), 'tanh');
  assert.equal(groupOf(sweep.runs[0]!, ['env', 'activation']), 'classic/cartpole · tanh');
  const r = aggregateSweep(sweep, { reps: 300 });
  assert.deepEqual(r.groupBy, ['activation']);
  assert.deepEqual(r.groups, ['tanh', 'relu']);
  assert.deepEqual(r.envs, ['classic/cartpole', 'minatar/breakout']);
  assert.equal(r.runs.length, 11); // the unfinished run is left out …
  assert.match(r.warnings.join('\n'), /1 of 12 run\(s\) left out \(1 unfinished\); see "Runs left out"; --include-unfinished uses unfinished runs/);
  assert.deepEqual(r.excluded, [{ name: 'minatar-breakout__relu__seed3', kind: 'unfinished', reason: 'running at step 100 of 100' }]);
  const cp = r.perEnv['classic/cartpole']!['tanh']!;
  assert.equal(cp.runs, 3);
  assert.equal(cp.final.mean.point, 200); // (100 + 200 + 300) / 3
  assert.equal(cp.final.median.point, 200);
  assert.ok(cp.final.mean.lower >= 100 && cp.final.mean.upper <= 300 && cp.final.mean.lower < 200);
  const ref = scoreRef('classic/cartpole')!;
  assert.ok(Math.abs(cp.normFinal.mean.point - (200 - ref.random) / (500 - ref.random)) < 1e-12);
  assert.equal(r.perEnv['minatar/breakout']!['relu']!.runs, 2);
  // across envs: relu uses 2 seeds per env (the smallest count), with a warning
  assert.match(r.warnings.join('\n'), /group relu: unequal runs per env/);
  const tanhIqm = r.overall['tanh']!.iqm!.point, reluIqm = r.overall['relu']!.iqm!.point;
  assert.ok(tanhIqm > reluIqm);
  assert.ok(r.overall['tanh']!.optimalityGap!.point < r.overall['relu']!.optimalityGap!.point);
  // P(tanh > relu) per env, 3 tanh × 2 relu runs (CartPole: 100, 200, 300 vs 50, 100), ties count ½:
  // tanh 100: >50 (1), =100 (0.5) → 1.5; 200: 2; 300: 2 → 5.5/6. Breakout is the same pattern → 5.5/6.
  assert.equal(r.improvement.length, 1);
  assert.equal(r.improvement[0]!.x, 'tanh');
  assert.ok(Math.abs(r.improvement[0]!.poi.point - 5.5 / 6) < 1e-12);
  assert.equal(r.profiles!.taus.length, 41);
  assert.equal(r.profiles!.byGroup['tanh']!.point[0], 1);
  // learning curves: IQM band per env and group, on grid points after every run's first episode
  const band = r.curves['classic/cartpole']!['tanh']!;
  assert.ok(band.steps.length > 0 && band.steps[0]! >= 50);
  // at step 100 each run's moving average is (f/2 + f + f) / 3 = 5f/6; the IQM of 3 runs is their mean: 5/6 · 200
  assert.ok(Math.abs(band.point.at(-1)! - (5 / 6) * 200) < 1e-9);
  // diagnostics: the representation layer (hiddenBias) at the last row; tanh has saturation, no dead fraction
  const d = r.diagnostics['classic/cartpole']!['tanh']!;
  assert.equal(d.layer, 'hidden.1');
  assert.equal(d.final.dead, null);
  assert.equal(d.final.saturated!.point, 0.3);
  assert.equal(d.final.srank!.point, 22);
  assert.deepEqual(d.curves.srank!.point.length > 0, true);
  assert.equal(d.hiddenBias!.dead.point, 3);
  assert.equal(d.hiddenBias!.live.point, 2);
  assert.equal(r.diagnosticsOverall['relu']!.dead!.point, 0.4);
  const text = formatAggregate(r);
  assert.match(text, /Across environments \(2\): normalised final return/);
  assert.match(text, /P\(X > Y\)/);
  assert.match(text, /Representation diagnostics across environments \(2\)/);
  // --group-by '' → one group; include unfinished
  const one = aggregateSweep(sweep, { reps: 100, groupBy: [], includeUnfinished: true });
  assert.deepEqual(one.groups, ['all']);
  assert.equal(one.runs.length, 12);
  assert.throws(() => aggregateSweep(sweep, { reps: 10, groupBy: ['hadamrd'] }), /--group-by: no run has the key 'hadamrd'/);
});

test('diagnostics extraction picks the layer with the hidden bias and keeps the last KDE', () => {
  const rows: MetricRow[] = [
    { kind: 'diagnostics', step: 10, layers: { a: { dead: 0.1, srank: 3 }, b: { dead: 0.2, srank: 4, hiddenBias: { dead: [1], live: [2], inactive: 3 } } } },
    { kind: 'diagnostics', step: 20, layers: { a: { dead: 0.1 }, b: { dead: 0.3, srank: 5, hiddenBias: { dead: [3], live: [4], inactive: 5 }, kde: { neurons: [0], x: [0, 1], density: [[1, 2]] } } } },
  ];
  const d = diagnostics(rows)!;
  assert.equal(d.layer, 'b');
  assert.deepEqual(d.steps, [10, 20]);
  assert.deepEqual(d.values.dead, [0.2, 0.3]);
  assert.deepEqual(d.hiddenBias, { dead: 3, live: 4, inactive: 5 });
  assert.deepEqual(d.kde!.density, [[1, 2]]);
  assert.equal(diagnostics([ep(1, 1)]), null);
});

// Issue 18: failed and unfinished runs were left out with at most a count ("1 unfinished run(s) left out"), a failed run
// was counted as unfinished and runs that never started or failed before training were not named at all.
test('hrl aggregate and hrl report name every run they leave out and why, in the console and in the report', () => {
  const dir = makeSweep((env, act, seed) => seed * (act === 'tanh' ? 2 : 1));
  const status = (name: string, state: string, step: number, error?: string): void =>
    writeFileSync(join(dir, name, 'status.json'), JSON.stringify({ state, step, totalSteps: 100, ...(error ? { error } : {}) }));
  status('classic-cartpole__relu__seed2', 'failed', 60, 'non-finite loss at step 60');
  status('minatar-breakout__tanh__seed1', 'interrupted', 40);
  // never started: only its sweep-config.json
  for (const f of ['config.json', 'status.json', 'metrics.jsonl']) rmSync(join(dir, 'minatar-breakout__tanh__seed3', f));
  // failed before training: no status, no metrics, its log says why
  for (const f of ['config.json', 'status.json', 'metrics.jsonl']) rmSync(join(dir, 'minatar-breakout__relu__seed1', f));
  writeFileSync(join(dir, 'minatar-breakout__relu__seed1', 'log.txt'), '\n=== 2026-12-06 hrl sweep (start): train\nhrl train: cannot load the Atari ROM\n');
  // finished, but not one episode
  writeFileSync(join(dir, 'classic-cartpole__tanh__seed3', 'metrics.jsonl'), JSON.stringify({ kind: 'train', step: 10, loss: 1 }) + '\n');
  const expected = [
    ['classic-cartpole__relu__seed2', 'failed', 'failed at step 60: non-finite loss at step 60'],
    ['minatar-breakout__tanh__seed1', 'unfinished', 'interrupted at step 40 of 100'],
    ['minatar-breakout__tanh__seed3', 'not started', 'not started'],
    ['minatar-breakout__relu__seed1', 'failed', 'failed before training: hrl train: cannot load the Atari ROM'],
    ['classic-cartpole__tanh__seed3', 'no episodes', 'no finished episodes in its metrics.jsonl (finished at step 100)'],
  ];
  const r = aggregateSweep(loadSweep(dir), { reps: 50 });
  assert.deepEqual(r.excluded.map((e) => [e.name, e.kind, e.reason]).sort(), [...expected].sort());
  assert.equal(r.runs.length, 7);
  assert.equal(r.warnings[0], '5 of 12 run(s) left out (2 failed, 1 unfinished, 1 not started, 1 no episodes); see "Runs left out"; --include-unfinished uses unfinished runs');
  const hrl = (...args: string[]): { code: number | null; out: string; err: string } => {
    const p = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, HRL_QUIET: '1' } });
    return { code: p.status, out: p.stdout, err: p.stderr };
  };
  const a = hrl('aggregate', dir, '--reps', '50');
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /Runs left out \(5 of 12\)\nrun +left out +why\n/);
  const rep = hrl('report', dir, '--reps', '50', '--sine', 'none');
  assert.equal(rep.code, 0, rep.err);
  assert.match(rep.out, /^Runs left out \(5 of 12\)/);
  const html = readFileSync(join(dir, 'report', 'index.html'), 'utf8');
  assert.match(html, /Runs left out \(5 of 12\): in no statistic, table or figure of this report/);
  assert.match(html, /Note: 5 of 12 run\(s\) left out/);
  for (const [name, kind, why] of expected) {
    assert.match(a.out, new RegExp(`\\n${name} +${kind} +${why!.replace(/[()]/g, '\\$&')}\\n`), a.out);
    assert.match(rep.out, new RegExp(`\\n${name} +${kind} +${why!.replace(/[()]/g, '\\$&')}\\n`));
    assert.ok(html.includes(name) && html.includes(why!), `${name} in the report`);
  }
});
