/**
 * The Winograd convolutions at the AVX2 level (their transforms on two 8-float halves, winograd.h's f8x2): with the
 * level forced to AVX2 they are on (info().winograd, kernels.winograd) and every direction, with and without a fused
 * relu's mask, agrees with the reference on Nature conv1/conv2/conv3, a MinAtar-sized 3×3 convolution and the odd
 * layouts the transforms special-case.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Conv2dGeometry } from '../../src/tensor/index.js';
import { native, ref, skip, rand, Rng, U, assertClose, isas } from './helpers.js';

function geom(n: number, c: number, h: number, w: number, o: number, k: number, s: number): Conv2dGeometry {
  return { n, c, h, w, o, kh: k, kw: k, sh: s, sw: s, ph: 0, pw: 0, oh: Math.floor((h - k) / s) + 1, ow: Math.floor((w - k) / s) + 1 };
}

// GEMM-style bound for K products per output of values in [-1, 1] (as conv.test.ts).
const convTol = (K: number) => (_i: number, w: number): number => 4 * (K + 2) * U * Math.max(1, Math.abs(w)) * K ** 0.5 + 1e-6;

// Batches at the thresholds where each direction takes Winograd: forward 16, weight gradient 32, conv3's input
// gradient 64 (below them, the direct path). Each line: what runs Winograd.
const geoms = [
  geom(16, 4, 84, 84, 32, 8, 4), // Nature conv1 forward: space-to-depth F(2×2, 2×2), 10 × 10 tiles
  geom(32, 4, 84, 84, 32, 8, 4), // and its weight gradient, in 2×2 tiles
  geom(32, 32, 20, 20, 64, 4, 2), // Nature conv2: forward F(3×3, 2×2) (3 × 3 tiles in one vector), input gradient
  //                                 F(2×2, 2×2) + depth-to-space, weight gradient F(2×2, 3×3)
  geom(64, 64, 9, 9, 64, 3, 1), // Nature conv3: forward F(2×2, 3×3), input gradient F(3×3, 3×3), weight gradient
  //                               F(3×3, 2×2)
  geom(32, 16, 10, 10, 32, 3, 1), // MinAtar-sized 3×3 (16 channels, 10×10): forward and weight gradient over 16 tiles
  geom(32, 5, 42, 44, 12, 4, 2), // s2d rows of two vectors with an odd output width (lanes masked per half)
  geom(33, 1, 16, 40, 8, 8, 4), // 1 × 3 tiles of 3×3 (the one-source lane shuffle), odd batch
  geom(32, 8, 20, 32, 12, 4, 2), // 3 × 5 tiles of 3×3
  geom(65, 16, 9, 12, 24, 3, 1), // 3×3 input gradient over 12 tiles; weight gradient with 3 × 5 tiles, odd height
];

/** Forward (+ relu) against the reference; returns the reference output. */
function checkForward(g: Conv2dGeometry, rng: Rng, relu: boolean): Float32Array {
  const x = rand(g.n * g.c * g.h * g.w, rng), w = rand(g.o * g.c * g.kh * g.kw, rng), b = rand(g.o, rng);
  const yn = new Float32Array(g.n * g.o * g.oh * g.ow), yr = yn.slice();
  native!.conv2dForward(x, w, b, yn, g, relu);
  ref.conv2dForward(x, w, b, yr, g, relu);
  assertClose(`avx2 conv${relu ? '+relu' : ''} fwd ${JSON.stringify(g)}`, yn, yr, convTol(g.c * g.kh * g.kw));
  return yr;
}

/** Input gradient and accumulated weight / bias gradients against the reference, masked by `mask` when given. */
function checkGradients(g: Conv2dGeometry, rng: Rng, mask: Float32Array | null): void {
  const x = rand(g.n * g.c * g.h * g.w, rng), w = rand(g.o * g.c * g.kh * g.kw, rng), gy = rand(g.n * g.o * g.oh * g.ow, rng);
  const label = `${mask ? ' (relu mask)' : ''} ${JSON.stringify(g)}`;
  const gxn = new Float32Array(x.length), gxr = gxn.slice();
  native!.conv2dBackwardInput(gy, w, gxn, g, mask);
  ref.conv2dBackwardInput(gy, w, gxr, g, mask);
  assertClose(`avx2 conv bwd input${label}`, gxn, gxr, convTol(g.o * g.kh * g.kw));
  const gwn = rand(w.length, rng), gwr = gwn.slice(), gbn = rand(g.o, rng), gbr = gbn.slice();
  native!.conv2dBackwardWeight(x, gy, gwn, gbn, g, mask);
  ref.conv2dBackwardWeight(x, gy, gwr, gbr, g, mask);
  const P = g.n * g.oh * g.ow;
  assertClose(`avx2 conv bwd weight${label}`, gwn, gwr, convTol(P));
  assertClose(`avx2 conv bwd bias${label}`, gbn, gbr, convTol(P));
}

const noAvx2 = native !== null && !isas().includes('avx2') ? 'this CPU has no AVX2' : false;

describe('Winograd convolutions at the AVX2 level', { skip: skip || noAvx2 }, () => {
  test('forced to AVX2 they are on, and every direction agrees with the reference', () => {
    const start = native!.raw.info().isa;
    try {
      assert.equal(native!.raw.setIsa('avx2'), 'avx2');
      const info = native!.raw.info();
      assert.equal(info.kernels.winograd, 'avx2');
      if (process.env.HRL_CONV_WINOGRAD !== '0') assert.equal(info.winograd, true, 'Winograd on at the AVX2 level');
      const rng = new Rng(41);
      // the forward with and without relu; the gradients of every other geometry masked by a relu output (that
      // forward's), the others without
      geoms.forEach((g, i) => {
        checkForward(g, rng, false);
        const y = checkForward(g, rng, true);
        checkGradients(g, rng, i % 2 ? y : null);
      });
    } finally {
      native!.raw.setIsa(start as 'scalar' | 'avx2' | 'avx512');
    }
  });
});
