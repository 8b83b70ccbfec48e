import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSweep, parseSweepSpec, readSweepFile, runAction, sanitizeName, trainArgs, writeSweepFiles, SweepError } from '../../src/experiments/sweep/index.js';
import { validateRunConfig } from '../../src/cli/commands/sweep.js';

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
