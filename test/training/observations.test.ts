/** Observations to network input: byte frames scaled in one pass, floats as they are, bad sizes named. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBytes, referenceBackend, withBackend } from '../../src/tensor/index.js';
import { obsToTensor } from '../../src/training/observations.js';

describe('observations', () => {
  test('uint8 frames: obsToTensor picks the batch at an offset and scales by 1/255', () => {
    const obs = new Uint8Array(2 * 3 * 4).map((_, i) => i * 11);
    const t = obsToTensor(obs, 1, [3, 4], 1 / 255, 12);
    assert.deepEqual(t.shape, [1, 3, 4]);
    for (let i = 0; i < 12; i++) assert.ok(Math.abs(t.data[i]! - obs[12 + i]! / 255) <= 6e-8, `element ${i}`);
  });

  test('float observations are scaled (or kept) without touching the source', () => {
    const obs = Float32Array.from([0.5, -2, 4, 8]);
    assert.deepEqual(Array.from(obsToTensor(obs, 2, [2], 0.5).data), [0.25, -1, 2, 4]);
    assert.deepEqual(Array.from(obsToTensor(obs, 2, [2], 1).data), [0.5, -2, 4, 8]);
    assert.deepEqual(Array.from(obs), [0.5, -2, 4, 8]);
  });

  test('fromBytes agrees between backends and names a size mismatch', () => {
    const bytes = new Uint8Array(70000).map((_, i) => (i * 31) & 255);
    const here = fromBytes(bytes, [7, 10000], 1 / 255);
    const ref = withBackend(referenceBackend(), () => fromBytes(bytes, [7, 10000], 1 / 255));
    assert.deepEqual(here.data, ref.data);
    assert.throws(() => fromBytes(bytes, [3, 3]), /70000 bytes do not fill shape \[3, 3\]/);
  });
});
