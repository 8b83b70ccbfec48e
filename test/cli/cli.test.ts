import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const hrl = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, HRL_QUIET: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('hrl fit-sine --json writes figures and machine-readable results', () => {
  const out = mkdtempSync(join(tmpdir(), 'hrl-fs-'));
  const r = hrl('fit-sine', '--seeds', '1', '--steps', '30', '--train-points', '32', '--out', out, '--json');
  assert.equal(r.code, 0, r.err);
  const parsed = JSON.parse(r.out) as { summary: { net: string; params: number }[]; files: string[] };
  assert.deepEqual(parsed.summary.map((s) => [s.net, s.params]), [['ReLU', 601], ['Tanh', 601], ['Tanh-HR', 501]]);
  for (const f of parsed.files) assert.ok(existsSync(f), f);
  const svg = readFileSync(join(out, 'fig2.svg'), 'utf8');
  assert.match(svg, /<svg[\s\S]*Tanh-HR \(501 params\)[\s\S]*<\/svg>/);
});

test('unknown commands, flags and bad values are named', () => {
  const a = hrl('fit-sin');
  assert.equal(a.code, 2);
  assert.match(a.err, /unknown command 'fit-sin'/);
  const b = hrl('fit-sine', '--stepz', '3');
  assert.equal(b.code, 2);
  assert.match(b.err, /Unknown option '--stepz'/);
  const c = hrl('fit-sine', '--steps', 'many');
  assert.equal(c.code, 2);
  assert.match(c.err, /--steps must be an integer ≥ 1, got 'many'/);
});

test('hrl info names the backend', () => {
  const r = hrl('info');
  assert.equal(r.code, 0);
  assert.match(r.out, /backend: (ts|native)/);
});
