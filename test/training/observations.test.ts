/** Observations to network input: byte frames scaled in one pass, floats as they are, bad sizes named. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBytes, referenceBackend, scratch, tensor, withBackend, type Tensor } from '../../src/tensor/index.js';
import { Activation, Conv2d, Flatten, Linear, Sequential } from '../../src/nn/index.js';
import { Rng } from '../../src/util/rng.js';
import { backendsUnderTest } from '../helpers/backends.js';
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
    // (the floats are made when first read, by the backend active then)
    const ref = withBackend(referenceBackend(), () => fromBytes(bytes, [7, 10000], 1 / 255).data);
    assert.deepEqual(here.data, ref);
    assert.throws(() => fromBytes(bytes, [3, 3]), /70000 bytes do not fill shape \[3, 3\]/);
  });

  for (const be of backendsUnderTest()) {
    test(`a conv net trained on byte frames reads the bytes and computes as on their floats (${be.name} backend)`, () => {
      withBackend(be, () => {
        const rng = new Rng(3);
        const bytes = new Uint8Array(2 * 4 * 16 * 16).map(() => Math.floor(rng.uniform() * 256));
        const run = (input: Tensor): Float32Array[] => {
          const net = new Sequential(new Conv2d(4, 3, 4, { stride: 2, rng: new Rng(4) }), new Activation('relu'), new Flatten(), new Linear(147, 2, { rng: new Rng(5) }));
          const loss = scratch(() => {
            const l = net.forward(input).square().mean();
            l.backward();
            return l.item();
          });
          return [Float32Array.of(loss), ...net.parameters().map((p) => p.grad!.data.slice())];
        };
        const frames = fromBytes(bytes, [2, 4, 16, 16], 1 / 255);
        const floats = tensor(Array.from(bytes, (b) => b / 255), [2, 4, 16, 16]);
        assert.deepEqual(run(frames), run(floats));
        assert.equal(frames.hasFloats, false, 'the convolution read the bytes, so no floats were made');
        assert.equal(frames.size, bytes.length);
        assert.deepEqual(frames.data, floats.data);
        assert.equal(frames.hasFloats, true);
      });
    });
  }
});
