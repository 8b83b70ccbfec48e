import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSweep, parseSweepSpec, readSweepFile, runAction, sanitizeName, trainArgs, writeSweepFiles, SweepError } from '../../src/experiments/sweep/index.js';
import { validateRunConfig } from '../../src/experiments/sweep/validate.js';
import { readConfigFile } from '../../src/cli/commands/train.js';
import { fakeEnv, hrlSync, writeSweep } from './helpers.js';

test('the grid: every combination, last axis fastest, stable names and configs', () => {
  const spec = parseSweepSpec({
    base: { algo: 'dqn', steps: 1000 },
    axes: { env: ['minatar/breakout', 'minatar/space_invaders'], activation: ['tanh', 'relu'], hadamard: ['last', 'none'], seed: [1, 2] },
  });
  const runs = expandSweep(spec);
  assert.equal(runs.length, 16);
  assert.equal(runs[0]!.name, 'minatar-breakout__tanh__hr-last__seed1');
  assert.equal(runs[1]!.name, 'minatar-breakout__tanh__hr-last__seed2');
  assert.equal(runs[15]!.name, 'minatar-space_invaders__relu__hr-none__seed2');
  assert.deepEqual(runs[0]!.config, { algo: 'dqn', steps: 1000, env: 'minatar/breakout', activation: 'tanh', hadamard: 'last', seed: 1 });
  assert.deepEqual(runs[0]!.labels, { env: 'minatar/breakout', activation: 'tanh', hadamard: 'hr-last', seed: 'seed1' });
  assert.equal(new Set(runs.map((r) => r.name)).size, 16);
  // the same file gives the same names
  assert.deepEqual(expandSweep(spec).map((r) => r.name), runs.map((r) => r.name));
  const algo = expandSweep(parseSweepSpec({ axes: { algo: ['dqn'], env: ['minatar/breakout'], activation: ['tanh'], hadamard: ['last'], seed: [1] } }));
  assert.equal(algo[0]!.name, 'dqn__minatar-breakout__tanh__hr-last__seed1');
});

test('object axis values, booleans, sanitising and collisions', () => {
  const runs = expandSweep(parseSweepSpec({
    axes: {
      variant: [{ name: 'tanh HR/matched', activation: 'tanh', hadamard: 'last' }, { activation: 'tanh', hadamard: 'none', 'match-params': true }],
      'match-params': [true, false],
      note: ['a/b', 'a b'],
    },
  }));
  assert.match(runs[0]!.name, /^tanh-HR-matched__mp__note-a-b__[0-9a-f]{8}$/);
  assert.match(runs[1]!.name, /^tanh-HR-matched__mp__note-a-b__[0-9a-f]{8}$/);
  assert.notEqual(runs[0]!.name, runs[1]!.name);
  assert.equal(runs[0]!.config['activation'], 'tanh');
  assert.equal(runs[4]!.labels['variant'], 'activation=tanh,hadamard=none,match-params=true');
  assert.equal(runs[2]!.name.startsWith('tanh-HR-matched__no-mp__'), true);
  assert.equal(sanitizeName('../x y/z'), 'x-y-z');
  for (const r of runs) assert.match(r.name, /^[A-Za-z0-9][A-Za-z0-9._-]*$/);
});

test('bad sweep files and bad config keys are named', () => {
  assert.throws(() => parseSweepSpec({ base: {}, axis: {} }), /unknown top-level key\(s\) axis/);
  assert.throws(() => parseSweepSpec({ axes: { seed: [] } }), /axis 'seed' has no values/);
  assert.throws(() => parseSweepSpec({ axes: { seed: [[1]] } }), SweepError);
  const spec = parseSweepSpec({ base: { env: 'classic/cartpole' }, axes: { activation: ['tanh', 'swish'] } });
  assert.throws(() => expandSweep(spec, validateRunConfig), /run swish: .*'activation': "swish" is not valid/);
  assert.throws(() => expandSweep(parseSweepSpec({ base: { lerning: 1 } , axes: { seed: [1] } }), validateRunConfig), /lerning/);
  assert.throws(() => expandSweep(parseSweepSpec({ axes: { seed: [1, 1] } })), /identical axis values/);
});

// Issue 18: each of these passed validation (and --dry-run) and failed only when its run started, or was accepted wrongly.
test('every run\'s full config is validated before anything starts: env ids, types, lists vs scalars, cross-key rules', () => {
  const expand = (o: object): unknown => expandSweep(parseSweepSpec(o), validateRunConfig);
  // an unknown env id on an axis names the run, the key and the registered ids
  assert.throws(() => expand({ base: { algo: 'dqn' }, axes: { env: ['minatar/breakout', 'minatar/breakot'], seed: [1] } }),
    /1 of 2 runs have an invalid config; nothing was started:\n {2}run minatar-breakot__seed1: config key 'env': Unknown environment id "minatar\/breakot" \(did you mean "minatar\/breakout"\?\)\. Registered environments: classic\/cartpole; minatar\/asterix/);
  // a scalar where a list is expected (one seed instead of three), and a list where one value is expected
  assert.throws(() => parseSweepSpec({ base: { algo: 'dqn' }, axes: { seed: 3 } }), /axis 'seed' must be a list of values, got 3 \(write \[3\] for one value/);
  assert.throws(() => parseSweepSpec({ base: { seed: [1, 2] }, axes: {} }), /base: key 'seed' is a list \(\[1,2\]\)/);
  // types, per run and key; every invalid run is listed
  assert.throws(() => expand({ base: { env: 'classic/cartpole' }, axes: { steps: [100, 'many', 2.5] } }),
    /2 of 3 runs have an invalid config[^]*run steps-many: config key 'steps': "many" is not valid; expected an integer ≥ 1\n {2}run steps2\.5: config key 'steps': 2\.5 is not valid/);
  assert.throws(() => expand({ base: { env: 'classic/cartpole', 'layer-norm': 3 }, axes: { seed: [1] } }), /run seed1: config key 'layer-norm': 3 is not valid; expected true or false/);
  // a cross-key rule that used to fail only when the PQN run built its rollout
  assert.throws(() => expand({ base: { algo: 'pqn', env: 'classic/cartpole', 'num-envs': 3, 'num-steps': 5 }, axes: { 'num-minibatches': [1, 2] } }),
    /1 of 2 runs[^]*run num-minibatches2: config key 'num-minibatches' \(2\) must divide num-envs × num-steps \(15\) for pqn/);
  // a bad base key is reported once per run, at most ten lines
  const many = (): unknown => expand({ base: { env: 'classic/cartpole', lerning: 1 }, axes: { seed: Array.from({ length: 12 }, (_, i) => i) } });
  assert.throws(many, /12 of 12 runs have an invalid config[^]*run seed9: unknown config key 'lerning'[^]*\n {2}… and 2 more$/);
});

test('aliases count as the key they stand for, in sweep files and config files', () => {
  const runs = expandSweep(parseSweepSpec({ base: { env: 'classic/cartpole', act: 'tanh', hr: 'last' }, axes: { w: [32, 64], seed: [1] } }), validateRunConfig);
  assert.deepEqual(runs.map((r) => r.name), ['w32__seed1', 'w64__seed1']);
  assert.deepEqual(runs[0]!.config, { env: 'classic/cartpole', activation: 'tanh', hadamard: 'last', width: 32, seed: 1 });
  assert.throws(() => expandSweep(parseSweepSpec({ base: { width: 16 }, axes: { w: [32] } }), validateRunConfig), /run w32: 'width' and 'w' both set config key 'width'; give it once/);
  assert.throws(() => expandSweep(parseSweepSpec({ axes: { w: [0] } }), validateRunConfig), /run w0: config key 'width': 0 is not valid; expected an integer ≥ 1 \(given as its alias 'w'\)/);
  const dir = mkdtempSync(join(tmpdir(), 'hrl-alias-'));
  writeFileSync(join(dir, 'c.yaml'), 'env: classic/cartpole\nw: 48\nmp: true\n');
  assert.deepEqual(readConfigFile(join(dir, 'c.yaml')), { env: 'classic/cartpole', width: 48, 'match-params': true });
});

test('hrl sweep --dry-run rejects an invalid run before writing anything', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-sweep-dry-'));
  const file = writeSweep(join(dir, 's.json'), { base: { algo: 'dqn', steps: 100 }, axes: { env: ['classic/cartpole', 'atari/pong-typo'], w: [16] } });
  const out = join(dir, 'out');
  const r = hrlSync(['sweep', file, '--out', out, '--dry-run'], fakeEnv());
  assert.equal(r.code, 1, r.out);
  assert.match(r.err, /hrl sweep: 1 of 2 runs have an invalid config; nothing was started:\n {2}run atari-pong-typo__w16: config key 'env': unknown Atari game 'pong-typo'; known: alien, /);
  assert.equal(existsSync(out), false);
  const ok = hrlSync(['sweep', writeSweep(join(dir, 't.json'), { base: { algo: 'dqn', env: 'classic/cartpole' }, axes: { w: [16, 32] } }), '--out', out, '--dry-run'], fakeEnv());
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /start +w16\nstart +w32\n2 runs/);
});

test('YAML files, manifest, sweep-config.json and run actions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-sweep-spec-'));
  writeFileSync(join(dir, 's.yaml'), 'base:\n  algo: dqn\n  env: classic/cartpole\naxes:\n  activation: [tanh, relu]\n  seed: [3]\n');
  const spec = readSweepFile(join(dir, 's.yaml'));
  const runs = expandSweep(spec, validateRunConfig);
  const out = join(dir, 'out');
  const m = writeSweepFiles(out, spec, runs);
  assert.deepEqual(m.axisKeys, ['activation', 'seed']);
  const saved = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { runs: { name: string }[] };
  assert.deepEqual(saved.runs.map((r) => r.name), ['tanh__seed3', 'relu__seed3']);
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'tanh__seed3', 'sweep-config.json'), 'utf8')), { algo: 'dqn', env: 'classic/cartpole', activation: 'tanh', seed: 3 });
  assert.equal(runAction(join(out, 'tanh__seed3')), 'start');
  assert.deepEqual(trainArgs(join(out, 'x'), 'resume'), ['train', '--resume', join(out, 'x')]);
  // writing again is fine (resume); a different config under the same name is refused
  writeSweepFiles(out, spec, runs);
  const changed = runs.map((r) => ({ ...r, config: { ...r.config, steps: 5 } }));
  assert.throws(() => writeSweepFiles(out, spec, changed), /holds a different config/);
});
