/**
 * Issue 18, "one writer per run directory": the run lock (src/training/run-lock.ts) refuses a second writer naming the
 * holder, dies with its process (kill -9, SIGSTOP does not free it), judges another host's lock by its lease, and
 * fences a writer whose run was taken over; two concurrent `hrl train --resume` leave one clean metrics.jsonl.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../src/agents/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { RunDir } from '../../src/training/run-dir.js';
import { train } from '../../src/training/train.js';
import { EXIT_RUN_BUSY, LOCK_FILE, RunLock, RunLockedError, RunLockLostError, type RunOwner } from '../../src/training/run-lock.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-lock-'));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function hrl(args: string[]): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, HRL_QUIET: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { child, done: new Promise((r) => child.on('exit', (code) => r({ code, out, err }))) };
}

/** An owner file as another host would write it, renewed `ageMs` ago. */
function foreignOwner(dir: string, ageMs: number): RunOwner {
  const owner: RunOwner = { host: 'other-host.example', pid: 4242, processStart: '1', bootId: 'x', startedAt: '2026-12-06T00:00:00.000Z', command: 'hrl train --resume x', token: 'feedbeef' };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(owner));
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(join(dir, LOCK_FILE), t, t);
  return owner;
}

describe('run lock', () => {
  test('a second writer is refused with an error naming the holder; after release the run can be taken again', async () => {
    const dir = tmp();
    const first = await RunLock.acquire(dir, { command: 'hrl train --out first' });
    await assert.rejects(RunLock.acquire(dir), (e: Error) => e instanceof RunLockedError && e.exitCode === EXIT_RUN_BUSY
      && e.message.includes(`is being written by pid ${process.pid} on host ${hostname()} (hrl train --out first, since `));
    first.verify();
    first.release();
    (await RunLock.acquire(dir)).release();
  });

  test('the lock dies with its process: kill -9 frees it at once, a stopped (SIGSTOP) holder keeps it', async () => {
    const dir = tmp();
    const script = `import('${join(dirname(CLI), '../training/run-lock.js')}').then(async (m) => { await m.RunLock.acquire(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000); })`;
    const holder = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((r) => holder.stdout!.once('data', () => r()));
    try {
      holder.kill('SIGSTOP');
      await assert.rejects(RunLock.acquire(dir), new RegExp(`is being written by pid ${holder.pid} on host`));
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
      const notices: string[] = [];
      const lock = await RunLock.acquire(dir, { notice: (l) => notices.push(l) });
      assert.match(notices.join('\n'), new RegExp(`taking over the run lock: pid ${holder.pid} on host .* is no longer running`));
      lock.release();
    } finally {
      holder.kill('SIGKILL');
    }
  });

  test('another host: refused while its lease is fresh, taken over once it has expired', async () => {
    const dir = tmp();
    foreignOwner(dir, 1000);
    await assert.rejects(RunLock.acquire(dir, { leaseMs: 60_000 }), /is being written by pid 4242 on host other-host\.example .*\(lease renewed 1 s ago; it expires after 60 s without renewal\)/);
    foreignOwner(dir, 90_000);
    const notices: string[] = [];
    const lock = await RunLock.acquire(dir, { leaseMs: 60_000, notice: (l) => notices.push(l) });
    assert.match(notices.join('\n'), /taking over the run lock: the lease of pid 4242 on host other-host\.example .* expired 30 s ago/);
    lock.release();
  });

  test('fencing: a writer whose run was taken over (it was frozen past its lease) stops at its next check', async () => {
    const dir = tmp();
    const lock = await RunLock.acquire(dir, { leaseMs: 4000 });
    lock.check();
    foreignOwner(dir, 0); // another host took the run over while this process was frozen
    lock.check(); // within a second of the last check: not read again
    await sleep(1100);
    assert.throws(() => lock.check(), (e: Error) => e instanceof RunLockLostError && /lost the run to pid 4242 on host other-host\.example/.test(e.message));
    lock.release();
    assert.equal((JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as RunOwner).token, 'feedbeef', 'release leaves the new holder\'s lock alone');
  });
});

test('two concurrent `hrl train --resume` of one run: one trains, the other is refused naming it; metrics stay clean', { timeout: 120_000 }, async () => {
  const dir = join(tmp(), 'run');
  const cfg = resolveConfig({ env: 'classic/cartpole', steps: 3000, 'learning-starts': 100, 'checkpoint-every': 500, 'eval-episodes': 0, 'log-every': 250 });
  assert.equal((await train(cfg, dir, { progress: false, stopAt: 1000 })).state, 'interrupted');
  const a = hrl(['train', '--resume', dir]), b = hrl(['train', '--resume', dir]);
  const results = await Promise.all([a.done, b.done]);
  const winner = results.findIndex((r) => r.code === 0);
  assert.ok(winner >= 0, results.map((r) => r.err).join('\n---\n'));
  const loser = results[1 - winner]!;
  assert.equal(loser.code, EXIT_RUN_BUSY, loser.err);
  assert.match(loser.err, new RegExp(`is being written by pid ${[a, b][winner]!.child.pid} on host ${hostname()} \\(hrl train --resume `));
  const rows = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean);
  assert.equal(new Set(rows).size, rows.length, 'duplicate rows');
  for (const kind of ['episode', 'train']) {
    const steps = rows.map((l) => JSON.parse(l) as { kind: string; step: number }).filter((r) => r.kind === kind).map((r) => r.step);
    assert.ok(steps.every((s, i) => i === 0 || s > steps[i - 1]!), `${kind} steps are not strictly increasing`);
  }
  assert.equal(new RunDir(dir).readStatus()!.state, 'finished');
});
