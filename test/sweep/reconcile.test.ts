/** The distributed sweep's verdicts from a job's state and its run directory (the truth), and what a directory says. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reconcile } from '../../src/experiments/sweep/reconcile.js';
import { describeUnfinished, readRunState, unfinishedKind } from '../../src/experiments/sweep/run-state.js';

function runDir(files: Record<string, string>, ageSeconds: Record<string, number> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-runstate-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    const age = ageSeconds[name];
    if (age !== undefined) { const t = Date.now() / 1000 - age; utimesSync(join(dir, name), t, t); }
  }
  return dir;
}
const status = (state: string, step: number, error?: string): string => JSON.stringify({ state, step, totalSteps: 100, updatedAt: '', ...(error ? { error } : {}) });

test('what a run directory says: state, cause, last write, whether it stopped itself', () => {
  const failed = readRunState(runDir({ 'status.json': status('failed', 40, 'loss is NaN'), 'log.txt': 'hrl train: loss is NaN\n' }));
  assert.equal(failed.stopped, true);
  assert.equal(describeUnfinished(failed), 'failed at step 40: loss is NaN');
  // a run that failed before writing a status is described by its log
  const noStatus = readRunState(runDir({ 'log.txt': '\n=== 2026-12-06 hrl sweep (start): train\nhrl train: config key \'env\': Unknown environment id "x"\n\n' }));
  assert.equal(describeUnfinished(noStatus), 'failed before training: hrl train: config key \'env\': Unknown environment id "x"');
  const launched = readRunState(runDir({ 'log.txt': '=== 2026-12-06 hrl sweep (start): train\n' }));
  assert.equal(describeUnfinished(launched), 'launched, but it wrote no status');
  const empty = readRunState(runDir({}));
  assert.deepEqual([empty.state, empty.lastWrite, empty.stopped, describeUnfinished(empty)], [null, null, false, 'not started']);
  assert.deepEqual([failed, noStatus, launched, empty].map(unfinishedKind), ['failed', 'failed', 'unfinished', 'not started']);
  assert.equal(readRunState(runDir({ 'status.json': '{"state": "fin' })).state, null); // torn: no state
  // interrupted, then written to again later: a new attempt is under way
  const again = readRunState(runDir({ 'status.json': status('interrupted', 50), 'log.txt': 'x\n' }, { 'status.json': 60 }));
  assert.equal(again.stopped, false);
  const big = runDir({ 'log.txt': 'x'.repeat(10_000) + '\nlast words\n' });
  appendFileSync(join(big, 'log.txt'), '\n\n');
  assert.equal(readRunState(big).lastLogLine, 'last words');
});

test('verdicts: finished on disk is done whatever the queue says; a lost job is enqueued again unless its run is being written', () => {
  const now = Date.now(), quietMs = 120_000;
  const at = (files: Record<string, string>, age: number): ReturnType<typeof readRunState> =>
    readRunState(runDir(files, Object.fromEntries(Object.keys(files).map((f) => [f, age]))));
  const finished = at({ 'status.json': status('finished', 100) }, 1);
  for (const job of ['completed', 'failed', 'missing', 'pending'] as const) assert.deepEqual(reconcile(job, finished, { now, quietMs }), { kind: 'done' }, job);
  const running = at({ 'status.json': status('running', 30), 'metrics.jsonl': '{}\n', 'log.txt': 'x\n' }, 5);
  assert.deepEqual(reconcile('missing', running, { now, quietMs }), { kind: 'wait' });
  assert.deepEqual(reconcile('pending', running, { now, quietMs }), { kind: 'wait' });
  // a worker that died while Redis was down leaves a 'running' status that nobody updates
  assert.deepEqual(reconcile('missing', at({ 'status.json': status('running', 30), 'log.txt': 'x\n' }, 600), { now, quietMs }), { kind: 'requeue' });
  assert.deepEqual(reconcile('missing', at({ 'status.json': status('interrupted', 30), 'log.txt': 'stopped\n' }, 1), { now, quietMs }), { kind: 'requeue' });
  assert.deepEqual(reconcile('missing', readRunState(runDir({})), { now, quietMs }), { kind: 'requeue' });
  const failed = at({ 'status.json': status('failed', 7, 'out of memory') }, 1);
  assert.deepEqual(reconcile('failed', failed, { now, quietMs, failedReason: 'hrl train exited with code 1' }), { kind: 'failed', reason: 'hrl train exited with code 1; the run failed at step 7: out of memory' });
  // a job that completed while its directory says otherwise: the workers write somewhere else
  assert.match((reconcile('completed', readRunState(runDir({})), { now, quietMs }) as { reason: string }).reason, /its job completed, but the run directory says not started \(do the workers write to this --out folder\?\)/);
});
