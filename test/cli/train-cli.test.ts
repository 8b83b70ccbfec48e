import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunDir } from '../../src/training/run-dir.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const env = { ...process.env, HRL_QUIET: '1' };
const hrl = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('hrl train → eval (with a GIF) → export-csv on CartPole', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'hrl-cli-')), 'run');
  const t = hrl('train', '--algo', 'dqn', '--env', 'classic/cartpole', '--steps', '1500', '--learning-starts', '200', '--act', 'tanh', '--hr', '--seed', '7', '--out', out, '--eval-episodes', '3');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /finished 1500 steps; greedy evaluation over 3 episodes \(seeds 1000007–1000009\): mean return/);
  const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(cfg['hadamard'], 'last');
  assert.equal(cfg['activation'], 'tanh');
  assert.equal(cfg['optimizer'], 'adam'); // defaults are saved with the run
  // a finished run has its metrics as CSV (docs/run-format.md), the same table hrl export-csv writes
  const atEnd = readFileSync(join(out, 'metrics.csv'), 'utf8');
  const rows = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(atEnd.trim().split('\n').length, rows.length + 1);
  assert.match(atEnd, /^step,kind,/);
  // hrl eval's defaults are the end-of-training evaluation's: same episodes, same seeds, same returns
  const evalRow = rows.find((r) => r['kind'] === 'eval')!;
  assert.equal(evalRow['seed'], 1_000_007);
  const d = hrl('eval', out);
  assert.equal(d.code, 0, d.err);
  assert.match(d.out, /greedy return [\d.]+ ± [\d.]+ over 3 episodes \(seeds 1000007–1000009\)/);
  assert.match(d.out, new RegExp(`returns: ${(evalRow['returns'] as number[]).join(', ')}\n`));
  const e = hrl('eval', out, '--episodes', '2', '--seed', '5', '--gif', join(out, 'ep.gif'), '--json');
  assert.equal(e.code, 0, e.err);
  const res = JSON.parse(e.out) as { returns: number[]; seed: number; recorded: { path: string } };
  assert.equal(res.returns.length, 2);
  assert.equal(res.seed, 5);
  assert.equal(readFileSync(res.recorded.path).subarray(0, 6).toString('latin1'), 'GIF89a');
  const c = hrl('export-csv', out);
  assert.equal(c.code, 0, c.err);
  assert.equal(readFileSync(join(out, 'metrics.csv'), 'utf8'), atEnd);
  const evalOnly = join(out, 'eval.csv');
  assert.equal(hrl('export-csv', out, '--kind', 'eval', '--out', evalOnly).code, 0);
  assert.equal(readFileSync(evalOnly, 'utf8').trim().split('\n').length, 2);
  const again = hrl('train', '--env', 'classic/cartpole', '--out', out);
  assert.equal(again.code, 2);
  assert.match(again.err, /already holds a run; continue it with --resume/);
});

test('bad keys and values are named before anything runs', () => {
  const a = hrl('train', '--env', 'classic/cartpole', '--activation', 'swish');
  assert.equal(a.code, 2);
  assert.match(a.err, /config key 'activation': "swish" is not valid; expected one of: identity, relu/);
  const b = hrl('train', '--lerning-rate', '1');
  assert.equal(b.code, 2);
  assert.match(b.err, /unknown option --lerning-rate/);
  const c = hrl('train', '--env', 'minatar/breakuot', '--steps', '10');
  assert.equal(c.code, 1);
  assert.match(c.err, /minatar\/breakuot/);
});

test('Ctrl-C writes a checkpoint, marks the run interrupted and exits 130', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'hrl-sig-')), 'run');
  const child = spawn(process.execPath, [cli, 'train', '--env', 'classic/cartpole', '--steps', '400000', '--learning-starts', '100', '--out', out, '--eval-episodes', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // wait until the run has started, then interrupt
  for (let i = 0; i < 100 && !existsSync(join(out, 'status.json')); i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1500));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, 130, stderr);
  assert.match(stderr, /SIGINT received, writing a checkpoint/);
  const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as { state: string; step: number };
  assert.equal(status.state, 'interrupted');
  assert.ok(status.step > 0 && status.step < 400000);
  assert.equal(new RunDir(out).loadCheckpoint()!.step, status.step);
});
