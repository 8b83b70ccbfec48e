/**
 * Issue 18: errors name the file and the cause — a garbled status.json, a read-only output folder and a full disk.
 * The last two mount a tiny tmpfs in a private mount namespace (`unshare -m`, or `unshare -rm` without root) and are
 * skipped where that is not allowed; a full disk is also reproduced without privileges by appending to /dev/full.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../src/agents/index.js';
import { MetricsLog } from '../../src/logging/metrics-log.js';
import { resolveConfig } from '../../src/training/config.js';
import { train } from '../../src/training/train.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-errors-'));
const env = { ...process.env, HRL_QUIET: '1' };

/** The unshare arguments that give a private mount namespace here, or null. */
function mountNamespace(): string[] | null {
  for (const flags of [['-m'], ['-rm']]) {
    const probe = tmp();
    const r = spawnSync('unshare', [...flags, 'sh', '-c', `mount -t tmpfs -o size=64k none '${probe}'`], { encoding: 'utf8' });
    if (r.status === 0) return flags;
  }
  return null;
}
const unshare = process.platform === 'linux' ? mountNamespace() : null;
const noNamespace = unshare ? false : 'cannot mount a tmpfs in a private mount namespace here (unshare -m / -rm)';

/** Runs `hrl ARGS` with a fresh tmpfs (mount options `opts`) mounted at `mnt`, in a private mount namespace. */
function hrlOnTmpfs(mnt: string, opts: string, args: string[]): { code: number | null; err: string } {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('unshare', [...unshare!, 'sh', '-c', `mount -t tmpfs -o ${opts} none '${mnt}' && exec ${quoted}`], { encoding: 'utf8', env });
  return { code: r.status, err: r.stderr };
}

test('a garbled status.json is named, with the cause', async () => {
  const dir = join(tmp(), 'run');
  await train(resolveConfig({ env: 'classic/cartpole', steps: 400, 'learning-starts': 100, 'eval-episodes': 0 }), dir, { progress: false, stopAt: 200 });
  writeFileSync(join(dir, 'status.json'), '{"state": "runn');
  const r = spawnSync(process.execPath, [CLI, 'train', '--resume', dir], { encoding: 'utf8', env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`${join(dir, 'status.json')} is damaged: not valid JSON \\(Unterminated string in JSON at position 15\\); delete it to continue from the checkpoint`));
});

test('a read-only output folder is named as such', { skip: noNamespace }, () => {
  const mnt = tmp();
  const r = hrlOnTmpfs(mnt, 'size=64k,ro', ['train', '--env', 'classic/cartpole', '--steps', '100', '--out', join(mnt, 'runs', 'a')]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, new RegExp(`cannot create directory ${join(mnt, 'runs')}: read-only file system \\(EROFS\\)`));
});

test('a full disk names the file that did not fit', { skip: noNamespace }, () => {
  const mnt = tmp();
  const out = join(mnt, 'run');
  // 80 KiB: room for the config and the first metrics, not for the first checkpoint (the replay buffer)
  const r = hrlOnTmpfs(mnt, 'size=80k', ['train', '--env', 'classic/cartpole', '--steps', '2000', '--learning-starts', '50', '--checkpoint-every', '100',
    '--eval-episodes', '0', '--out', out]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, new RegExp(`hrl train: cannot (write|append to|create) ${mnt}/\\S+: no space left on device \\(ENOSPC\\)`));
});

test('a full disk while appending metrics names metrics.jsonl (/dev/full)', { skip: existsSync('/dev/full') ? false : 'no /dev/full' }, () => {
  const dir = tmp();
  const log = new MetricsLog(dir, null);
  rmSync(join(dir, 'metrics.jsonl'));
  symlinkSync('/dev/full', join(dir, 'metrics.jsonl'));
  assert.throws(() => log.write({ kind: 'episode', step: 1, return: 1 }), new RegExp(`cannot append to ${join(dir, 'metrics.jsonl')}: no space left on device \\(ENOSPC\\)`));
});
