/**
 * Issue 18, "checkpoints are one consistent set": a kill -9 at any moment of a checkpoint save, a corrupted tensor
 * file or replay buffer, and an old-format run directory all resume to exactly the uninterrupted run (DQN on
 * CartPole, whose replay buffer is part of the checkpoint).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../src/agents/index.js';
import { readMetrics, type MetricRow } from '../../src/logging/metrics-log.js';
import { resolveConfig } from '../../src/training/config.js';
import { RunDir } from '../../src/training/run-dir.js';
import { train } from '../../src/training/train.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'crash-child.js');
const CONFIG = { env: 'classic/cartpole', steps: 600, 'learning-starts': 100, 'log-every': 100, 'checkpoint-every': 150, 'diag-every': 300, 'eval-episodes': 2, 'probe-size': 32 };
const cfg = resolveConfig(CONFIG);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-ckpt-safety-'));

/** Rows without wall-clock fields. */
const deterministic = (dir: string): unknown[] => readMetrics(join(dir, 'metrics.jsonl')).map(({ sps: _sps, ...rest }: MetricRow) => rest);
const weights = (dir: string): Record<string, number[]> => {
  const q = new RunDir(dir).loadCheckpoint()!.content.groups['q']!;
  return Object.fromEntries(Object.entries(q).map(([k, t]) => [k, t.toArray() as number[]]));
};

/** Runs `fn` with process.stderr captured; returns what it wrote. */
async function stderrOf(fn: () => Promise<unknown>): Promise<string> {
  const write = process.stderr.write.bind(process.stderr);
  let out = '';
  process.stderr.write = ((chunk: string | Uint8Array) => { out += chunk.toString(); return true; }) as typeof process.stderr.write;
  try { await fn(); } finally { process.stderr.write = write; }
  return out;
}

describe('checkpoint sets survive kills and damage', () => {
  let reference = '';
  before(async () => {
    reference = tmp();
    await train(cfg, reference, { progress: false });
  });

  const assertSameAsReference = (dir: string): void => {
    assert.deepEqual(deterministic(dir), deterministic(reference));
    assert.deepEqual(weights(dir), weights(reference));
    assert.deepEqual(readdirSync(join(dir, 'checkpoints')).filter((n) => n.startsWith('.')), [], 'temporaries left');
  };

  test('kill -9 at moments spread over the 2nd and 3rd checkpoint saves: the resumed run equals the uninterrupted one', async () => {
    const count = spawnSync(process.execPath, [CHILD, JSON.stringify(CONFIG), tmp()], { encoding: 'utf8', env: { ...process.env, HRL_QUIET: '1', CRASH_AT: '0' } });
    assert.equal(count.status, 0, count.stderr);
    const { changes } = JSON.parse(count.stdout.trim().split('\n').at(-1)!) as { changes: number };
    const perSave = changes / 5; // saves at steps 150, 300, 450, 600 and the final one
    const points = [0, 1, 2, 3, 4].map((i) => Math.round(perSave + 1 + (i * (2 * perSave - 1)) / 4.5));
    for (const k of points) {
      const dir = tmp();
      const r = spawnSync(process.execPath, [CHILD, JSON.stringify(CONFIG), dir], { encoding: 'utf8', env: { ...process.env, HRL_QUIET: '1', CRASH_AT: String(k) } });
      assert.equal(r.signal, 'SIGKILL', `the run was not killed at change ${k} of ${changes}: ${r.stderr}`);
      const notices = await stderrOf(() => train(cfg, dir, { progress: false, resume: true }));
      assert.match(notices, /taking over the run lock: pid \d+ on host .* is no longer running/);
      assertSameAsReference(dir);
    }
  });

  test('64 random bytes in the newest tensor file: named, set aside, and the run resumes exactly from the one before', async () => {
    const dir = tmp();
    await train(cfg, dir, { progress: false, stopAt: 450 });
    const newest = new RunDir(dir).checkpoints.list()[0]!;
    assert.equal(newest.step, 450);
    const file = join(newest.dir, 'state.safetensors');
    const bytes = readFileSync(file);
    const dataStart = 8 + Number(bytes.readBigUInt64LE(0));
    for (let i = 0; i < 64; i++) bytes[dataStart + 100 + i] = Math.floor(Math.random() * 256);
    writeFileSync(file, bytes);
    const notices = await stderrOf(() => train(cfg, dir, { progress: false, resume: true }));
    assert.match(notices, new RegExp(`checkpoint ${newest.dir} \\(step 450\\) is damaged: checkpoint file ${file} does not match the SHA-256 its manifest records`));
    assert.match(notices, /falling back to the previous intact checkpoint .*000002-step300 \(step 300\)/);
    assert.ok(existsSync(join(dir, 'checkpoints', `damaged-${newest.name}`)));
    assertSameAsReference(dir);
  });

  test('a randomised replay-buffer body is named too; with every checkpoint damaged, resume and eval name each one', async () => {
    const dir = tmp();
    await train(cfg, dir, { progress: false, stopAt: 450 });
    const cks = new RunDir(dir).checkpoints.list();
    for (const ck of cks) {
      const file = join(ck.dir, 'replay.bin');
      const bytes = readFileSync(file);
      for (let i = 32; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
      writeFileSync(file, bytes);
    }
    // eval reads only the networks: it does not need the buffer
    assert.equal(new RunDir(dir).loadCheckpoint()!.step, 450);
    await assert.rejects(stderrOf(() => train(cfg, dir, { progress: false, resume: true })),
      (e: Error) => cks.every((ck) => e.message.includes(`checkpoint file ${join(ck.dir, 'replay.bin')} does not match the SHA-256`)) && /^no intact checkpoint in /.test(e.message));
  });

  test('an old-format run directory (checkpoints/latest.safetensors, sidecar, replay.bin) still resumes exactly', async () => {
    const dir = tmp();
    await train(cfg, dir, { progress: false, stopAt: 300 });
    const run = new RunDir(dir);
    const ck = run.checkpoints.list()[0]!;
    for (const [from, to] of [['state.safetensors', 'latest.safetensors'], ['state.safetensors.json', 'latest.safetensors.json'], ['replay.bin', 'replay.bin']]) {
      copyFileSync(join(ck.dir, from!), join(dir, 'checkpoints', to!));
    }
    for (const c of run.checkpoints.list()) rmSync(c.dir, { recursive: true });
    assert.ok(run.hasCheckpoint());
    const notices = await stderrOf(() => train(cfg, dir, { progress: false, resume: true }));
    assert.match(notices, /latest\.safetensors is an old-format checkpoint/);
    assertSameAsReference(dir);
    assert.ok(!existsSync(join(dir, 'checkpoints', 'latest.safetensors')), 'the old-format files are dropped once two new checkpoints exist');
  });
});
