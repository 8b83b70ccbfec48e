/**
 * Atari in the training configuration (no ROM needed): the DQN/PPO/PQN defaults of CleanRL's and purejaxql's Atari
 * scripts (../shared/research/anchors.md §2), the protocol keys and their record in config.json, the ROM folder, and
 * evaluation by whole games with raw scores under episodic life and reward clipping.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import '../../src/agents/index.js';
import { parseConfigArgs } from '../../src/config/schema.js';
import { atariProtocol, RomError } from '../../src/envs/atari/index.js';
import { wrapAtari } from '../../src/envs/index.js';
import { resolveConfig, TRAIN_SCHEMA } from '../../src/training/config.js';
import { envOptions, makeEnv } from '../../src/training/factories.js';
import { greedyBatchedEvaluate } from '../../src/training/rollout-utils.js';
import { RunDir } from '../../src/training/run-dir.js';
import { ToyRgbEnv } from '../envs/helpers/toy-rgb-env.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-atari-cfg-'));

test("Atari defaults are CleanRL's dqn_atari / ppo_atari and purejaxql's pqn_atari (anchors.md §2)", () => {
  const dqn = resolveConfig({ algo: 'dqn', env: 'atari/breakout' });
  assert.deepEqual(
    [dqn.steps, dqn.optimizer, dqn.lr, dqn['adam-eps'], dqn['buffer-size'], dqn['batch-size'], dqn.gamma, dqn['target-update'], dqn.tau,
      dqn['learning-starts'], dqn['train-frequency'], dqn['eps-start'], dqn['eps-end'], dqn['eps-fraction'], dqn.loss, dqn['max-grad-norm'],
      dqn['num-envs'], dqn['double-dqn'], dqn.width, dqn.encoder],
    [10_000_000, 'adam', 1e-4, 1e-8, 1_000_000, 32, 0.99, 1000, 1, 80_000, 4, 1, 0.01, 0.1, 'mse', 0, 1, false, 512, 'auto'],
  );
  const ppo = resolveConfig({ algo: 'ppo', env: 'atari/breakout' });
  assert.deepEqual(
    [ppo.steps, ppo['num-envs'], ppo['num-steps'], ppo['num-minibatches'], ppo['update-epochs'], ppo.optimizer, ppo.lr, ppo['adam-eps'],
      ppo['anneal-lr'], ppo.gamma, ppo['gae-lambda'], ppo['clip-coef'], ppo['clip-vloss'], ppo['ent-coef'], ppo['vf-coef'],
      ppo['max-grad-norm'], ppo['norm-adv'], ppo['target-kl'], ppo.width],
    [10_000_000, 8, 128, 4, 4, 'adam', 2.5e-4, 1e-5, true, 0.99, 0.95, 0.1, true, 0.01, 0.5, 0.5, true, 0, 512],
  );
  const pqn = resolveConfig({ algo: 'pqn', env: 'atari/pong' });
  assert.deepEqual(
    [pqn.steps, pqn['num-envs'], pqn['num-steps'], pqn['update-epochs'], pqn['num-minibatches'], pqn.optimizer, pqn.lr, pqn['anneal-lr'],
      pqn['max-grad-norm'], pqn.gamma, pqn['q-lambda'], pqn['eps-start'], pqn['eps-end'], pqn['eps-fraction'], pqn['layer-norm'], pqn.width],
    [50_000_000, 128, 32, 2, 32, 'radam', 2.5e-4, false, 10, 0.99, 0.65, 1, 0.001, 0.1, true, 512],
  );
  // all three on CleanRL's protocol (NoFrameskip-v4 + the Atari wrappers, no sticky actions), minimal actions
  for (const cfg of [dqn, ppo, pqn]) assert.deepEqual([cfg['atari-protocol'], cfg['sticky-actions'], cfg['full-action-space'], cfg['rom-dir']], ['cleanrl', 0, false, undefined]);
});

test("sticky actions on Atari default to the protocol's and replace it when given; MinAtar keeps its own", () => {
  assert.equal(resolveConfig({ env: 'atari/pong', 'atari-protocol': 'ale-v5' })['sticky-actions'], 0.25);
  assert.equal(resolveConfig({ env: 'atari/pong', 'atari-protocol': 'envpool' })['sticky-actions'], 0);
  assert.equal(resolveConfig({ env: 'atari/pong', 'atari-protocol': 'ale-v5', 'sticky-actions': 0 })['sticky-actions'], 0);
  assert.equal(resolveConfig({ env: 'minatar/breakout' })['sticky-actions'], 0.1);
  const cfg = resolveConfig({ env: 'atari/pong', 'atari-protocol': 'cleanrl', 'sticky-actions': 0.1, 'full-action-space': true, 'rom-dir': '/roms' });
  assert.deepEqual(envOptions(cfg), { protocol: 'cleanrl', repeatActionProbability: 0.1, fullActionSpace: true, romDir: '/roms' });
  assert.deepEqual(envOptions(resolveConfig({ env: 'minatar/breakout' })), { stickyActionProb: 0.1 });
});

test('Atari config errors: protocol, ROM folder, Gymnasium ids and unknown games are named', () => {
  assert.throws(() => parseConfigArgs(TRAIN_SCHEMA, ['--atari-protocol', 'v5']), /config key 'atari-protocol': "v5" is not valid; expected one of: cleanrl, envpool, ale-v5/);
  assert.throws(() => parseConfigArgs(TRAIN_SCHEMA, ['--rom-dir', '']), /config key 'rom-dir'/);
  assert.deepEqual(parseConfigArgs(TRAIN_SCHEMA, ['--rom-dir', '/x', '--full-action-space']).values, { 'rom-dir': '/x', 'full-action-space': true });
  assert.throws(() => resolveConfig({ env: 'ALE/Breakout-v5' }), /config key 'env': ALE\/Breakout-v5 is Gymnasium's id of the raw game; train on atari\/breakout/);
  assert.throws(() => resolveConfig({ env: 'BreakoutNoFrameskip-v4' }), /train on atari\/breakout/);
  assert.throws(() => resolveConfig({ env: 'atari/breakuot' }), /unknown Atari game 'breakuot' \(did you mean 'atari\/breakout'\?\); known: alien, /);
});

test("the env comes from the configured ROM folder, else $HRL_ROM_DIR; a missing ROM is the game's RomError", () => {
  const dir = tmp();
  const cfg = resolveConfig({ algo: 'pqn', env: 'atari/seaquest', 'rom-dir': dir });
  assert.throws(() => makeEnv(cfg), (e: unknown) => e instanceof RomError && e.game === 'seaquest' && e.path === join(dir, 'seaquest.bin'));
  const saved = process.env['HRL_ROM_DIR'];
  process.env['HRL_ROM_DIR'] = join(dir, 'elsewhere');
  try {
    assert.throws(() => makeEnv(resolveConfig({ env: 'atari/seaquest' })), (e: unknown) => e instanceof RomError && e.path === join(dir, 'elsewhere', 'seaquest.bin'));
  } finally {
    if (saved === undefined) delete process.env['HRL_ROM_DIR'];
    else process.env['HRL_ROM_DIR'] = saved;
  }
});

test("config.json records an Atari run's ROM and protocol in full, and a resume checks the record", () => {
  const run = new RunDir(tmp());
  const cfg = resolveConfig({ algo: 'dqn', env: 'atari/breakout', 'atari-protocol': 'ale-v5', 'sticky-actions': 0.1, 'full-action-space': true });
  run.writeConfig(cfg);
  const saved = JSON.parse(readFileSync(run.configPath, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(saved['atari'], {
    game: 'breakout', romMd5: 'f34f08e5eb96e500e851a80be3277a56',
    protocol: atariProtocol('ale-v5', { repeatActionProbability: 0.1, fullActionSpace: true }),
  });
  assert.equal((saved['atari'] as { protocol: { frameSkip: number } }).protocol.frameSkip, 4);
  assert.deepEqual(run.readConfig(), cfg);
  // a record that no longer matches what the keys give (e.g. a preset changed since) stops the resume, naming the field
  const tampered = { ...saved, atari: { ...(saved['atari'] as object), protocol: { ...atariProtocol('ale-v5', { repeatActionProbability: 0.1, fullActionSpace: true }), frameSkip: 5 } } };
  writeFileSync(run.configPath, JSON.stringify(tampered));
  assert.throws(() => run.readConfig(), /'atari' record differs from what its config keys give now in protocol\.frameSkip \(saved protocol\.frameSkip=5; now protocol\.frameSkip=4\)/);
  // runs saved before the record existed still read; non-Atari runs have none
  const { atari: _a, ...old } = saved;
  writeFileSync(run.configPath, JSON.stringify(old));
  assert.deepEqual(run.readConfig(), cfg);
  run.writeConfig(resolveConfig({ env: 'minatar/breakout' }));
  assert.equal((JSON.parse(readFileSync(run.configPath, 'utf8')) as Record<string, unknown>)['atari'], undefined);
});

test('evaluation under episodic life and clipped rewards plays whole games and returns their raw scores', () => {
  const toys: ToyRgbEnv[] = [];
  const make = () => {
    const toy = new ToyRgbEnv({ lives: 3, lifeSteps: 10 });
    toys.push(toy);
    return wrapAtari(toy, { noopMax: 0, frameSkip: 1, fireReset: false, maxFrames: 0, screenSize: 8, frameStack: 2 });
  };
  // always action 2 (+3 a step, clipped to +1 for the learner); the life-loss resets take a no-op
  const returns = greedyBatchedEvaluate(make, 2, 7, 4, (_obs, n) => Array.from({ length: n * 4 }, (_, i) => (i % 4 === 2 ? 1 : 0)));
  const rawScore = (toy: ToyRgbEnv): number => toy.actionsLog.reduce((s, a) => s + (a === 2 ? 3 : a === 3 ? -2 : 0), 0);
  assert.equal(toys.length, 2);
  for (const toy of toys) {
    assert.equal(toy.livesLeft, 0, 'the game was played to its end');
    assert.equal(toy.resets, 1, 'one game, never reset');
  }
  assert.deepEqual(returns, toys.map(rawScore));
  assert.ok(returns[0]! > 10, `a whole game's raw score, not one life's clipped return: ${returns[0]}`);
});
