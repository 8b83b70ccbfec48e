import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors, loadModel, saveModel } from '../../src/checkpoint/index.js';
import { MLP } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { tensor } from '../../src/tensor/index.js';
import { Rng } from '../../src/util/rng.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'hrl-ckpt-'));

describe('safetensors', () => {
  test('layout: u64 header length, JSON header with offsets, aligned, raw little-endian f32', () => {
    const bytes = encodeSafetensors({ b: tensor([1, 2, 3], [3]), a: tensor([4, 5, 6, 7], [2, 2]) }, { format: 'x' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal((8 + n) % 8, 0);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString()) as Record<string, { data_offsets: number[]; shape: number[]; dtype: string }>;
    assert.deepEqual(header['a'], { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    assert.deepEqual(header['b'], { dtype: 'F32', shape: [3], data_offsets: [16, 28] });
    assert.equal(new DataView(bytes.buffer).getFloat32(8 + n + 16, true), 1);
    const back = decodeSafetensors(bytes);
    assert.deepEqual(back.tensors['a']!.toArray(), [4, 5, 6, 7]);
    assert.deepEqual(back.metadata, { format: 'x' });
  });

  test('truncated and corrupt data give clear errors', () => {
    const bytes = encodeSafetensors({ w: tensor([1, 2, 3], [3]) });
    assert.throws(() => decodeSafetensors(bytes.subarray(0, 5), 'f.st'), /f.st is not a valid safetensors file .*only 5 bytes/);
    assert.throws(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4), 'f.st'), /spans bytes \[0, 12\) but the data section has 8/);
    const garbled = bytes.slice();
    garbled[10] = 0x7b;
    garbled[11] = 0x7b;
    assert.throws(() => decodeSafetensors(garbled, 'f.st'), /header is not JSON/);
    const huge = bytes.slice();
    new DataView(huge.buffer).setBigUint64(0, 10n ** 9n, true);
    assert.throws(() => decodeSafetensors(huge, 'f.st'), /header length 1000000000 exceeds the file size/);
  });
});

describe('checkpoints', () => {
  test('model + optimizer round trip; atomic write leaves no temp files', () => {
    const d = dir();
    const net = new MLP(3, [4], 2, { rng: new Rng(1) });
    const opt = new Adam(net.parameters(), { lr: 0.01 });
    net.forward(tensor([1, 2, 3], [1, 3])).sum().backward();
    opt.step();
    saveModel(join(d, 'ck.safetensors'), net, opt, { step: 7 });
    assert.deepEqual(readdirSync(d).sort(), ['ck.safetensors', 'ck.safetensors.json']);
    const net2 = new MLP(3, [4], 2, { rng: new Rng(2) });
    const opt2 = new Adam(net2.parameters(), { lr: 0.5 });
    const meta = loadModel(join(d, 'ck.safetensors'), net2, opt2);
    assert.deepEqual(meta, { step: 7 });
    assert.deepEqual(net2.parameters().map((p) => p.toArray()), net.parameters().map((p) => p.toArray()));
    assert.equal(opt2.lr, 0.01);
    assert.equal(opt2.stepCount, 1);
  });

  test('a truncated tensor file, a missing sidecar and a wrong architecture are named', () => {
    const d = dir();
    const path = join(d, 'ck.safetensors');
    const net = new MLP(3, [4], 2);
    saveModel(path, net);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    assert.throws(() => loadModel(path, net), /checkpoint .*ck.safetensors is corrupt or truncated: \d+ bytes, the sidecar records \d+/);
    saveModel(path, net);
    assert.throws(() => loadModel(path, new MLP(3, [5], 2)), /has shape \[4, 3\] but the module expects \[5, 3\]/);
    assert.throws(() => loadModel(join(d, 'nope.safetensors'), net), /does not exist/);
    writeFileSync(join(d, 'lonely.safetensors'), bytes);
    assert.throws(() => loadModel(join(d, 'lonely.safetensors'), net), /has no sidecar/);
    assert.ok(existsSync(path));
  });

  test('altered tensor data of the same size is detected by the SHA-256 in the sidecar', () => {
    const path = join(dir(), 'ck.safetensors');
    saveModel(path, new MLP(3, [16], 2));
    const bytes = readFileSync(path);
    const dataStart = 8 + Number(bytes.readBigUInt64LE(0));
    for (let i = 0; i < 64; i++) bytes[dataStart + 40 + i] = (i * 97 + 13) & 255; // 64 random bytes into the weights
    writeFileSync(path, bytes);
    assert.throws(() => loadModel(path, new MLP(3, [16], 2)), /checkpoint .*ck\.safetensors is corrupt: its SHA-256 differs from the one its sidecar records/);
  });
});
