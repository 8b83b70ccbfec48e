/**
 * Training on an Atari game end to end, on Tetris (../shared/test-roms/tetris.bin in a temporary ROM folder; skipped
 * with a message when absent): the native vector env of PPO/PQN is the single env of the config N times, an
 * interrupted DQN run resumes exactly, and PQN and PPO train through `hrl train`,
 * evaluate and record through `hrl eval`, and resume from another ROM folder given with --rom-dir. Tiny networks and
 * budgets: this checks the plumbing, not learning.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import '../../src/agents/index.js';
import { evalCommand } from '../../src/cli/commands/eval.js';
import { trainCommand } from '../../src/cli/commands/train.js';
import { atariAvailable, atariProtocol, AtariVectorEnv } from '../../src/envs/atari/index.js';
import { SyncVectorEnv, type VectorStepResult } from '../../src/envs/index.js';
import { readMetrics, type MetricRow } from '../../src/logging/metrics-log.js';
import { resolveConfig } from '../../src/training/config.js';
import { makeEnv, makeVectorEnv } from '../../src/training/factories.js';
import { RunDir } from '../../src/training/run-dir.js';
import { train } from '../../src/training/train.js';
import { tetrisPath } from '../envs/atari/oracle-compare.js';

const tetris = tetrisPath();
const skip = !tetris ? 'no ../shared/test-roms/tetris.bin beside the project' : !atariAvailable() ? 'no Atari addon' : false;
const tmp = (what: string): string => mkdtempSync(join(tmpdir(), `hrl-atari-${what}-`));
function tetrisRomDir(): string {
  const dir = tmp('roms');
  copyFileSync(tetris!, join(dir, 'tetris.bin'));
  return dir;
}
/** Rows without wall-clock fields, for comparing runs. */
const deterministic = (rows: MetricRow[]): unknown[] => rows.map(({ sps: _sps, ...rest }) => rest);
/** Runs an `hrl` command in this process, returning what it printed. */
async function hrl(command: (argv: string[]) => Promise<void>, argv: string[]): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => { lines.push(a.map(String).join(' ')); };
  try {
    await command(argv);
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

test("PPO/PQN's native vector env steps as N of the config's single envs (protocol, sticky actions, action set)", { skip }, () => {
  const romDir = tetrisRomDir();
  const cfg = resolveConfig({
    algo: 'pqn', env: 'atari/tetris', 'rom-dir': romDir, 'num-envs': 3, 'num-steps': 8, 'num-minibatches': 1,
    'atari-protocol': 'ale-v5', 'sticky-actions': 0.4, 'full-action-space': true,
  });
  const native = makeVectorEnv(cfg);
  assert.ok(native instanceof AtariVectorEnv);
  const sync = new SyncVectorEnv([0, 1, 2].map(() => makeEnv(cfg)));
  assert.deepEqual([native.singleActionSpace.n, native.singleObservationSpace.shape], [18, [4, 84, 84]]);
  assert.deepEqual(native.reset({ seed: 11 }).obs, sync.reset({ seed: 11 }).obs);
  for (let t = 0; t < 150; t++) {
    const actions = new Int32Array([t % 18, (t * 5) % 18, (t * 11 + 3) % 18]);
    const a: VectorStepResult = native.step(actions);
    const b: VectorStepResult = sync.step(actions);
    assert.deepEqual([a.rewards, a.terminations, a.truncations], [b.rewards, b.terminations, b.truncations], `step ${t}`);
    assert.deepEqual(a.obs, b.obs, `step ${t}`);
  }
});

test('an interrupted Atari DQN run on Tetris resumes exactly (emulator, wrappers, replay buffer, networks)', { skip }, async () => {
  const romDir = tetrisRomDir();
  const cfg = resolveConfig({
    algo: 'dqn', env: 'atari/tetris', 'rom-dir': romDir, steps: 240, 'learning-starts': 80, 'buffer-size': 240, width: 16,
    'target-update': 60, 'log-every': 40, 'checkpoint-every': 0, 'diag-every': 0, 'eval-episodes': 1, 'probe-size': 16,
    activation: 'tanh', hadamard: 'last',
  });
  const a = tmp('run'), b = tmp('run');
  const whole = await train(cfg, a, { progress: false });
  const first = await train(cfg, b, { progress: false, stopAt: 130 });
  assert.equal(first.state, 'interrupted');
  const second = await train(new RunDir(b).readConfig(), b, { progress: false, resume: true });
  assert.equal(second.state, 'finished');
  assert.deepEqual(second.evalReturns, whole.evalReturns);
  const rows = readMetrics(join(a, 'metrics.jsonl'));
  assert.ok(rows.some((r) => r.kind === 'train'), 'the run learned');
  assert.deepEqual(deterministic(readMetrics(join(b, 'metrics.jsonl'))), deterministic(rows));
  const pa = new RunDir(a).loadCheckpoint()!.content, pb = new RunDir(b).loadCheckpoint()!.content;
  for (const [name, t] of Object.entries(pa.groups['q']!)) assert.deepEqual(pb.groups['q']![name]!.toArray(), t.toArray(), name);
});

test('PQN and PPO train on atari/tetris through hrl train and evaluate through hrl eval', { skip }, async () => {
  const romDir = tetrisRomDir();
  const small = ['--env', 'atari/tetris', '--rom-dir', romDir, '--steps', '192', '--num-envs', '4', '--num-steps', '16', '--num-minibatches', '2',
    '--update-epochs', '1', '--width', '16', '--log-every', '64', '--eval-episodes', '1', '--probe-size', '16'];
  for (const [algo, protocol] of [['pqn', 'cleanrl'], ['ppo', 'ale-v5']] as const) {
    const out = tmp(algo);
    const printed = await hrl(trainCommand, ['--algo', algo, '--atari-protocol', protocol, ...small, '--out', out]);
    assert.match(printed, /finished 192 steps; greedy evaluation over 1 episodes/, printed);
    const saved = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(saved['atari'], { game: 'tetris', romMd5: 'b0e1ee07fbc73493eac5651a52f90f00', protocol: atariProtocol(protocol) }, algo);
    assert.ok(readMetrics(join(out, 'metrics.jsonl')).some((r) => r.kind === 'train'), `${algo}: train rows`);
    const png = join(out, 'first-frame.png'); // the GIF export of Atari episodes is tested in registry.test.ts
    const evaluated = JSON.parse(await hrl(evalCommand, [out, '--episodes', '1', '--rom-dir', romDir, '--gif', png, '--json'])) as { returns: number[] };
    assert.equal(evaluated.returns.length, 1);
    assert.equal(readFileSync(png).subarray(1, 4).toString('latin1'), 'PNG');
  }
});

test('hrl train --resume takes --rom-dir (the ROM folder of this machine) and no other key', { skip }, async () => {
  const romDir = tetrisRomDir();
  const out = tmp('resume');
  const cfg = resolveConfig({
    algo: 'pqn', env: 'atari/tetris', 'rom-dir': romDir, steps: 128, 'num-envs': 2, 'num-steps': 16, 'num-minibatches': 2, 'update-epochs': 1,
    width: 16, 'log-every': 32, 'eval-episodes': 0, 'diag-every': 0, 'probe-size': 16,
  });
  assert.equal((await train(cfg, out, { progress: false, stopAt: 64 })).state, 'interrupted');
  rmSync(romDir, { recursive: true });
  await assert.rejects(hrl(trainCommand, ['--resume', out]), (e: Error) => e.message.includes(join(romDir, 'tetris.bin')) && e.message.includes('hrl roms import'));
  await assert.rejects(hrl(trainCommand, ['--resume', out, '--lr', '0.1']), /--resume takes the run directory \(and --rom-dir\) only/);
  const moved = tetrisRomDir();
  assert.match(await hrl(trainCommand, ['--resume', out, '--rom-dir', moved]), /finished 128 steps/);
  assert.equal(new RunDir(out).readConfig()['rom-dir'], romDir, "config.json keeps the run's own setting");
  assert.ok(!existsSync(romDir));
});
