import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigArgs } from '../../src/config/schema.js';
import { resolveConfig, TRAIN_SCHEMA } from '../../src/training/config.js';
import { readConfigFile } from '../../src/cli/commands/train.js';

test('defaults follow the algorithm and environment family', () => {
  const minatar = resolveConfig({ algo: 'dqn', env: 'minatar/breakout' });
  assert.equal(minatar.optimizer, 'rmsprop');
  assert.equal(minatar['rmsprop-alpha'], 0.95);
  assert.equal(minatar['rmsprop-eps'], 0.01);
  assert.equal(minatar['rmsprop-centered'], true);
  assert.equal(minatar['eps-end'], 0.1);
  assert.equal(minatar.steps * minatar['eps-fraction'], 100_000);
  const cart = resolveConfig({ env: 'classic/cartpole', lr: 0.01 });
  assert.equal(cart.lr, 0.01);
  assert.equal(cart['hidden-layers'], 2);
});

test('command-line flags: aliases, bare flags, booleans, enums', () => {
  const { values } = parseConfigArgs(TRAIN_SCHEMA, ['--algo', 'dqn', '--hr', '--act', 'tanh', '--ln', '--steps', '3e6', '--no-double-dqn']);
  assert.deepEqual(values, { algo: 'dqn', hadamard: 'last', activation: 'tanh', 'layer-norm': true, steps: 3e6, 'double-dqn': false });
  assert.equal(parseConfigArgs(TRAIN_SCHEMA, ['--hadamard', 'all']).values['hadamard'], 'all');
});

test('unknown keys and bad values name the key and what is allowed', () => {
  assert.throws(() => parseConfigArgs(TRAIN_SCHEMA, ['--activaton', 'tanh']), /unknown option --activaton \(did you mean 'activation'\?\)/);
  assert.throws(() => parseConfigArgs(TRAIN_SCHEMA, ['--activation', 'swish']), /config key 'activation': "swish" is not valid; expected one of: identity, relu/);
  assert.throws(() => parseConfigArgs(TRAIN_SCHEMA, ['--gamma', '1.5']), /config key 'gamma': "1.5" is not valid; expected a number ≥ 0 and ≤ 1/);
  assert.throws(() => resolveConfig({ 'eps-start': 0.1, 'eps-end': 0.5 }), /'eps-end' \(0.5\) must not exceed 'eps-start'/);
});

test('config files in JSON and YAML use the same keys; errors name the file and key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-cfg-'));
  writeFileSync(join(dir, 'a.yaml'), 'algo: dqn\nenv: minatar/breakout\nactivation: tanh\nhadamard: true\nsteps: 3e6\n');
  assert.deepEqual(readConfigFile(join(dir, 'a.yaml')), { algo: 'dqn', env: 'minatar/breakout', activation: 'tanh', hadamard: 'last', steps: 3e6 });
  writeFileSync(join(dir, 'b.json'), JSON.stringify({ algo: 'dqn', 'batch-sise': 32 }));
  assert.throws(() => readConfigFile(join(dir, 'b.json')), /config file .*b.json: unknown config key 'batch-sise' \(did you mean 'batch-size'\?\); valid keys: algo/);
  writeFileSync(join(dir, 'c.json'), '{ "algo": ');
  assert.throws(() => readConfigFile(join(dir, 'c.json')), /could not be parsed/);
});
