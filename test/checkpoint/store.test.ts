/**
 * Checkpoint sets (src/checkpoint/store.ts): one folder per checkpoint committed by a rename, a manifest with every
 * file's SHA-256, the last two kept, damage named by file, temporaries of killed saves cleaned, and a full disk
 * (ENOSPC, injected into fs.writeSync) named by file with the previous checkpoints left intact.
 */
import { describe, test, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs, { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointIntegrityError, CheckpointStore, sha256 } from '../../src/checkpoint/index.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hrl-store-'));
const text = (files: Record<string, Uint8Array>): Record<string, string> => Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString()]));

describe('checkpoint store', () => {
  test('saves sets with a manifest of SHA-256s, keeps the last two of different steps, newest first', () => {
    const store = new CheckpointStore(join(tmp(), 'checkpoints'));
    assert.deepEqual(store.list(), []);
    store.save({ 'a.bin': 'one', 'b.json': '{}' }, 100);
    store.save({ 'a.bin': 'two', 'b.json': '{}' }, 200);
    store.save({ 'a.bin': 'three', 'b.json': '{}' }, 300);
    store.save({ 'a.bin': 'three again', 'b.json': '{}' }, 300); // a final save at the step of a periodic one supersedes it
    assert.deepEqual(store.list().map((c) => c.name), ['000004-step300', '000002-step200']);
    assert.deepEqual(readdirSync(store.dir).sort(), ['000002-step200', '000004-step300']);
    const [newest] = store.list();
    assert.deepEqual(text(store.read(newest!)), { 'a.bin': 'three again', 'b.json': '{}' });
    assert.deepEqual(text(store.read(newest!, ['b.json'])), { 'b.json': '{}' });
    const manifest = JSON.parse(readFileSync(join(newest!.dir, 'manifest.json'), 'utf8')) as { step: number; files: Record<string, { bytes: number; sha256: string }> };
    assert.equal(manifest.step, 300);
    assert.deepEqual(manifest.files['a.bin'], { bytes: 11, sha256: sha256(Buffer.from('three again')) });
  });

  test('a damaged file is named: altered bytes, a truncated file, a missing file, a garbled manifest', () => {
    const store = new CheckpointStore(join(tmp(), 'checkpoints'));
    const ck = store.save({ 'state.safetensors': new Uint8Array(256).fill(7), 'replay.bin': new Uint8Array(64) }, 10);
    const state = join(ck.dir, 'state.safetensors');
    const bytes = readFileSync(state);
    bytes.set(Array.from({ length: 64 }, (_, i) => (i * 37) & 255), 100); // 64 bytes of garbage in the tensor data
    writeFileSync(state, bytes);
    assert.throws(() => store.read(ck), (e: Error) => e instanceof CheckpointIntegrityError && e.file === state && /does not match the SHA-256 its manifest records/.test(e.message));
    assert.deepEqual(Object.keys(store.read(ck, ['replay.bin'])), ['replay.bin']); // only what is asked for is read
    writeFileSync(state, bytes.subarray(0, 200));
    assert.throws(() => store.read(ck), /state\.safetensors has 200 bytes, the manifest records 256/);
    fs.rmSync(state);
    assert.throws(() => store.read(ck), /state\.safetensors is missing/);
    writeFileSync(join(ck.dir, 'manifest.json'), '{"format": "hadamard-rl-ch');
    assert.throws(() => store.read(ck), /manifest\.json is not valid JSON/);
    const aside = store.setAside(ck);
    assert.match(aside, /damaged-000001-step10$/);
    assert.deepEqual(store.list(), []);
  });

  test('temporaries of killed saves and removals are cleaned; committed checkpoints are not touched', () => {
    const store = new CheckpointStore(join(tmp(), 'checkpoints'));
    store.save({ 'a.bin': 'x' }, 5);
    for (const d of ['.tmp-000002-step9-4242', '.old-000000-step1-4242']) {
      mkdirSync(join(store.dir, d));
      writeFileSync(join(store.dir, d, 'a.bin'), 'partial');
    }
    writeFileSync(join(store.dir, '.latest.safetensors.4242.1700000000000.tmp'), 'partial'); // an old-format run's
    assert.deepEqual(store.removeStale().sort(), ['.latest.safetensors.4242.1700000000000.tmp', '.old-000000-step1-4242', '.tmp-000002-step9-4242']);
    assert.deepEqual(readdirSync(store.dir), ['000001-step5']);
  });

  test('a full disk (ENOSPC) names the file; the previous checkpoints stay whole and nothing partial is left', () => {
    const store = new CheckpointStore(join(tmp(), 'checkpoints'));
    store.save({ 'state.safetensors': 'old', 'replay.bin': 'old buffer' }, 1);
    const write = fs.writeSync;
    mock.method(fs, 'writeSync', (fd: number, ...rest: unknown[]) => {
      if ((rest[0] as Uint8Array).length > 5) { // the disk fills up at the replay buffer
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', errno: -28 });
      }
      return (write as (...a: unknown[]) => number)(fd, ...rest);
    });
    syncBuiltinESMExports();
    try {
      assert.throws(() => store.save({ 'state.safetensors': 'new', 'replay.bin': 'a much bigger buffer' }, 2),
        /cannot write .*checkpoints\/\.tmp-000002-step2-\d+\/replay\.bin: no space left on device \(ENOSPC\)/);
    } finally {
      mock.restoreAll();
      syncBuiltinESMExports();
    }
    assert.deepEqual(readdirSync(store.dir), ['000001-step1']);
    assert.deepEqual(text(store.read(store.list()[0]!)), { 'state.safetensors': 'old', 'replay.bin': 'old buffer' });
    assert.ok(!existsSync(join(store.dir, '.tmp-000002-step2')));
  });
});
