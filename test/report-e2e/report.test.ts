/**
 * End to end: a small sweep with the real `hrl train` (DQN on CartPole, tanh with and without HR, 2 seeds), then
 * `hrl aggregate` and `hrl report`, and the report opened in headless Chromium (skipped when no browser is installed;
 * CI installs Debian's chromium).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FIT_SINE, fitSine } from '../../src/experiments/fit-sine.js';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { findChromium, headlessFlags, svgToPng } from '../../src/experiments/report/index.js';
import { CLI, readJson, writeSweep } from '../sweep/helpers.js';

const env = { ...process.env, HRL_QUIET: '1' };
const hrl = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const dir = mkdtempSync(join(tmpdir(), 'hrl-report-e2e-'));
const out = join(dir, 'sweep');
const FIGURES = ['aggregate', 'profiles', 'improvement', 'learning-curves', 'diagnostics-saturated', 'diagnostics-srank', 'diagnostics-erank', 'hidden-bias', 'kde', 'fit-sine'];

test('real sweep → aggregate → report', () => {
  const file = writeSweep(join(dir, 'sweep.json'), {
    base: { algo: 'dqn', env: 'classic/cartpole', activation: 'tanh', steps: 1200, 'learning-starts': 200, 'diag-every': 400, 'checkpoint-every': 400, 'eval-episodes': 0, 'probe-size': 64 },
    axes: { hadamard: ['none', 'last'], seed: [1, 2] },
  });
  const s = hrl('sweep', file, '--out', out, '--jobs', '2');
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /4 finished now/);
  for (const name of ['hr-none__seed1', 'hr-last__seed2']) {
    const cfg = readJson<Record<string, unknown>>(join(out, name, 'config.json'));
    assert.equal(cfg['activation'], 'tanh');
    assert.equal(readJson<{ state: string }>(join(out, name, 'status.json')).state, 'finished');
    assert.match(readFileSync(join(out, name, 'log.txt'), 'utf8'), /finished 1200 steps/);
  }
  const a = hrl('aggregate', out, '--reps', '200');
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /Across environments \(1\): normalised final return/);
  assert.match(a.out, /hr-none +2 /);
  assert.match(a.out, /hr-last +hr-none|hr-none +hr-last/);
  assert.ok(existsSync(join(out, 'aggregate.json')));
  const sine = fitSine({ ...DEFAULT_FIT_SINE, seeds: 1, steps: 30, testPoints: 60, logEvery: 5 });
  writeFileAtomic(join(dir, 'sine.json'), JSON.stringify(sine));
  const r = hrl('report', out, '--reps', '200', '--sine', join(dir, 'sine.json'));
  assert.equal(r.code, 0, r.err);
  const html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
  const files = readdirSync(join(out, 'report', 'figures')).map((f) => f.replace(/\.svg$/, ''));
  for (const f of FIGURES) assert.ok(files.includes(f), `figure ${f} missing (have ${files.join(', ')})`);
  assert.equal((html.match(/<figure id="figure-\d+"><svg/g) ?? []).length, files.length);
  assert.doesNotMatch(html, /<script|<link |src="http|href="http/);
});

test('the report loads in headless Chromium and shows every figure', { skip: findChromium() === null ? 'no chromium on PATH (apt-get install chromium; CI installs it)' : false }, () => {
  const html = join(out, 'report', 'index.html');
  assert.ok(existsSync(html), 'the report test must run first');
  const browser = findChromium()!;
  const flags = [...headlessFlags(join(dir, 'chromium-profile')), '--enable-logging=stderr', '--v=0'];
  const dom = spawnSync(browser, [...flags, '--dump-dom', `file://${html}`], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
  assert.equal(dom.status, 0, dom.stderr);
  // Console errors and failed loads would be logged as CONSOLE / net errors.
  assert.doesNotMatch(dom.stderr, /CONSOLE\(|Uncaught|ERR_FILE_NOT_FOUND|Failed to load/);
  const figures = dom.stdout.match(/<figure id="figure-\d+"><svg[^>]*width="(\d+(\.\d+)?)"[^>]*height="(\d+(\.\d+)?)"/g) ?? [];
  assert.equal(figures.length, FIGURES.length, `the rendered DOM shows ${figures.length} figures`);
  for (const f of figures) {
    const m = /width="([\d.]+)"[^>]*height="([\d.]+)"/.exec(f)!;
    assert.ok(Number(m[1]) > 100 && Number(m[2]) > 100, f);
  }
  assert.match(dom.stdout, /<nav|Contents/);
  const shot = join(dir, 'report.png');
  const ss = spawnSync(browser, [...flags, '--window-size=1280,4000', `--screenshot=${shot}`, `file://${html}`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(ss.status, 0, ss.stderr);
  const png = readFileSync(shot);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.ok(png.length > 20_000, `screenshot is only ${png.length} bytes`);
  // hrl report --png rasterises each figure the same way
  const fig = join(out, 'report', 'figures', 'aggregate.svg');
  svgToPng(browser, fig, join(dir, 'aggregate.png'));
  const img = readFileSync(join(dir, 'aggregate.png'));
  assert.equal(img.readUInt32BE(16), 760); // PNG IHDR width = the figure's width
});
