/** Native conv2d (forward, input gradient, accumulated weight/bias gradient), max pooling and the fused linear+activation. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Conv2dGeometry, UnaryOp } from '../../src/tensor/index.js';
import { native, ref, skip, rand, Rng, U, assertClose } from './helpers.js';

function geom(n: number, c: number, h: number, w: number, o: number, kh: number, kw: number, sh: number, sw: number, ph: number, pw: number): Conv2dGeometry {
  return { n, c, h, w, o, kh, kw, sh, sw, ph, pw, oh: Math.floor((h + 2 * ph - kh) / sh) + 1, ow: Math.floor((w + 2 * pw - kw) / sw) + 1 };
}

const geoms: Conv2dGeometry[] = [
  geom(1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0),
  geom(2, 3, 5, 5, 4, 3, 3, 1, 1, 0, 0),
  geom(1, 2, 7, 6, 3, 3, 2, 2, 2, 1, 1),
  geom(3, 2, 13, 11, 5, 5, 3, 3, 2, 2, 1),
  geom(2, 4, 20, 20, 32, 8, 8, 4, 4, 0, 0), // Nature-CNN conv1 pattern
  geom(4, 7, 10, 10, 16, 3, 3, 1, 1, 1, 1), // MinAtar conv
  geom(1, 3, 9, 9, 2, 9, 9, 1, 1, 0, 0),
  // Batched paths: several chunks per thread with a short last one (K·P ≈ 37k floats), one large image whose GEMMs
  // are threaded (padding with stride 2), windows wider than a copy block, a stride without a specialised
  // deinterleave, unequal strides, and the MinAtar conv at a batch that splits unevenly over two threads.
  geom(11, 16, 16, 16, 8, 3, 3, 1, 1, 1, 1),
  geom(1, 8, 40, 40, 16, 5, 5, 2, 2, 2, 2),
  geom(3, 2, 30, 30, 4, 10, 10, 3, 3, 1, 1),
  geom(2, 3, 23, 23, 4, 5, 5, 5, 5, 2, 2),
  geom(3, 3, 17, 19, 6, 4, 3, 3, 2, 1, 2),
  geom(33, 4, 10, 10, 16, 3, 3, 1, 1, 0, 0),
  // Strides 2 and 4 dividing the width: the phase planes come from one vectorised pass over the whole plane (with a
  // tail shorter than a vector); the full-size Nature conv1 input, and a padded stride-2 one.
  geom(2, 4, 84, 84, 8, 8, 7, 4, 4, 0, 0),
  geom(3, 5, 14, 22, 6, 4, 4, 2, 2, 1, 1),
  // Unpadded kernels twice their stride at batches ≥ 16 (the forward, and with stride 2 the input gradient, run
  // space-to-depth + Winograd F(2×2, 2×2); the weight gradient from batch 32): the Nature conv1 (odd batch over two
  // threads; weight gradient in 2×2 tiles) and conv2 (odd output size: input gradient; at batch 32, weight gradient
  // in 3×3 tiles), stride 3 with an odd output width; outputs 19×20 and 20×21 (weight gradients in 2×2 tiles, ≤ 10 %
  // padding); and an s2d width over 32, which the transforms do not take (the direct path).
  geom(33, 4, 84, 84, 8, 8, 8, 4, 4, 0, 0),
  geom(32, 4, 40, 42, 8, 4, 4, 2, 2, 0, 0),
  geom(32, 5, 42, 44, 12, 4, 4, 2, 2, 0, 0),
  geom(16, 32, 20, 20, 64, 4, 4, 2, 2, 0, 0),
  geom(32, 8, 20, 20, 16, 4, 4, 2, 2, 0, 0),
  geom(16, 2, 15, 12, 9, 6, 6, 3, 3, 0, 0),
  geom(16, 1, 12, 136, 8, 8, 8, 4, 4, 0, 0),
  // (and a weight gradient whose partial products per part are an odd number of floats: 9 · 9 · 27)
  geom(32, 3, 15, 15, 9, 6, 6, 3, 3, 0, 0),
  // Outputs that 3×3 tiles cover exactly and 2×2 tiles pad by > 10 % (forward F(3×3, 2×2) and weight gradient
  // F(2×2, 3×3), all tiles of an image in one vector; conv2 above is one): 3 × 5 tiles (9×15 output), and 1 × 3 with
  // stride 4 at an odd batch.
  geom(32, 8, 20, 32, 12, 4, 4, 2, 2, 0, 0),
  geom(33, 1, 16, 40, 8, 8, 8, 4, 4, 0, 0),
  // Unpadded 3×3 stride 1 with 12–16 output tiles at batches ≥ 16 (the forward runs Winograd F(2×2, 3×3) over all
  // tiles of an image at once): the Nature conv3, even outputs, and an odd output height.
  geom(16, 64, 9, 9, 64, 3, 3, 1, 1, 0, 0),
  geom(16, 16, 8, 10, 8, 3, 3, 1, 1, 0, 0),
  geom(17, 20, 9, 8, 9, 3, 3, 1, 1, 0, 0),
  // From batch 32 their weight gradient too, by F(3×3, 2×2) over 2×2 tiles of the output gradient: 16 tiles with a
  // padded last row and column, 12 tiles with an odd output height, and three parts of 16 images summed in order.
  geom(32, 16, 9, 9, 8, 3, 3, 1, 1, 0, 0),
  geom(33, 20, 9, 8, 9, 3, 3, 1, 1, 0, 0),
  geom(48, 16, 8, 10, 12, 3, 3, 1, 1, 0, 0),
  // From batch 64 their input gradient by F(3×3, 3×3) over the output gradient padded by 2, when the input is 9–16
  // tiles of 3×3: 9 (conv3's 9×9), 12 with an odd batch and more outputs than inputs, and 16.
  geom(64, 16, 9, 9, 16, 3, 3, 1, 1, 0, 0),
  geom(65, 16, 9, 12, 24, 3, 3, 1, 1, 0, 0),
  geom(64, 20, 12, 12, 16, 3, 3, 1, 1, 0, 0),
];

// GEMM-style bound: K = c·kh·kw terms per output, inputs in [-1, 1].
const convTol = (K: number) => (_i: number, w: number): number => 4 * (K + 2) * U * Math.max(1, Math.abs(w)) * K ** 0.5 + 1e-6;

describe('native conv2d / maxPool2d agree with the reference', { skip }, () => {
  test('conv2d forward (with and without bias), odd shapes, strides, padding', () => {
    const rng = new Rng(21);
    for (const g of geoms) {
      const x = rand(g.n * g.c * g.h * g.w, rng), w = rand(g.o * g.c * g.kh * g.kw, rng), b = rand(g.o, rng);
      for (const bias of [b, null]) {
        const on = new Float32Array(g.n * g.o * g.oh * g.ow), or = on.slice();
        native!.conv2dForward(x, w, bias, on, g);
        ref.conv2dForward(x, w, bias, or, g);
        assertClose(`conv fwd ${JSON.stringify(g)}`, on, or, convTol(g.c * g.kh * g.kw));
      }
    }
  });

  test('conv2d backward input (overwrites) and weight/bias (accumulate)', () => {
    const rng = new Rng(22);
    for (const g of geoms) {
      const x = rand(g.n * g.c * g.h * g.w, rng), w = rand(g.o * g.c * g.kh * g.kw, rng), gy = rand(g.n * g.o * g.oh * g.ow, rng);
      const gxn = rand(x.length, rng), gxr = new Float32Array(x.length);
      native!.conv2dBackwardInput(gy, w, gxn, g);
      ref.conv2dBackwardInput(gy, w, gxr, g);
      assertClose(`conv bwd input ${JSON.stringify(g)}`, gxn, gxr, convTol(g.o * g.kh * g.kw));
      const gw0 = rand(w.length, rng), gb0 = rand(g.o, rng);
      const gwn = gw0.slice(), gwr = gw0.slice(), gbn = gb0.slice(), gbr = gb0.slice();
      native!.conv2dBackwardWeight(x, gy, gwn, gbn, g);
      ref.conv2dBackwardWeight(x, gy, gwr, gbr, g);
      const P = g.n * g.oh * g.ow;
      assertClose(`conv bwd weight ${JSON.stringify(g)}`, gwn, gwr, convTol(P));
      assertClose(`conv bwd bias ${JSON.stringify(g)}`, gbn, gbr, convTol(P));
      const gwn2 = gw0.slice(), gwr2 = gw0.slice();
      native!.conv2dBackwardWeight(x, gy, gwn2, null, g);
      ref.conv2dBackwardWeight(x, gy, gwr2, null, g);
      assertClose('conv bwd weight, no bias', gwn2, gwr2, convTol(P));
    }
  });

  test('Winograd weight gradient with an odd output width does not depend on what its buffers held before', () => {
    // A forward over NaN inputs leaves NaNs in the threads' phase-plane buffers; the odd-width weight gradient then
    // reads one column past its last row (paired with zero gradient) and must still match the reference.
    const rng = new Rng(26);
    const big = geom(32, 1, 84, 84, 8, 8, 8, 4, 4, 0, 0);
    native!.conv2dForward(new Float32Array(big.n * 84 * 84).fill(NaN), rand(8 * 64, rng), null, new Float32Array(big.n * 8 * 400), big);
    const g = geom(32, 5, 42, 44, 12, 4, 4, 2, 2, 0, 0);
    const x = rand(g.n * g.c * g.h * g.w, rng), gy = rand(g.n * g.o * g.oh * g.ow, rng);
    const gwn = new Float32Array(g.o * g.c * 16), gwr = gwn.slice();
    native!.conv2dBackwardWeight(x, gy, gwn, null, g);
    ref.conv2dBackwardWeight(x, gy, gwr, null, g);
    assertClose('odd-width weight gradient after NaN buffers', gwn, gwr, convTol(g.n * g.oh * g.ow));
  });

  test('conv2d with fused relu: forward, and backward masked by the relu output', () => {
    const rng = new Rng(24);
    let zeros = 0, positives = 0;
    for (const g of geoms) {
      const x = rand(g.n * g.c * g.h * g.w, rng), w = rand(g.o * g.c * g.kh * g.kw, rng), b = rand(g.o, rng);
      const yn = new Float32Array(g.n * g.o * g.oh * g.ow), yr = yn.slice();
      native!.conv2dForward(x, w, b, yn, g, true);
      ref.conv2dForward(x, w, b, yr, g, true);
      assertClose(`conv+relu fwd ${JSON.stringify(g)}`, yn, yr, convTol(g.c * g.kh * g.kw));
      for (const v of yr) v > 0 ? positives++ : zeros++;
      const gy = rand(yr.length, rng);
      const masked = gy.map((v, i) => (yr[i]! > 0 ? v : 0));
      const gxn = new Float32Array(x.length), gxr = new Float32Array(x.length), gxPlain = new Float32Array(x.length);
      native!.conv2dBackwardInput(gy, w, gxn, g, yr);
      ref.conv2dBackwardInput(gy, w, gxr, g, yr);
      ref.conv2dBackwardInput(masked, w, gxPlain, g);
      assert.deepEqual(gxr, gxPlain, 'reference: fused mask = masking gy first');
      assertClose(`conv+relu bwd input ${JSON.stringify(g)}`, gxn, gxr, convTol(g.o * g.kh * g.kw));
      const gwn = new Float32Array(w.length), gwr = gwn.slice(), gbn = new Float32Array(g.o), gbr = gbn.slice();
      const gwPlain = gwn.slice(), gbPlain = gbn.slice();
      native!.conv2dBackwardWeight(x, gy, gwn, gbn, g, yr);
      ref.conv2dBackwardWeight(x, gy, gwr, gbr, g, yr);
      ref.conv2dBackwardWeight(x, masked, gwPlain, gbPlain, g);
      assert.deepEqual([gwr, gbr], [gwPlain, gbPlain], 'reference: fused mask = masking gy first');
      const P = g.n * g.oh * g.ow;
      assertClose(`conv+relu bwd weight ${JSON.stringify(g)}`, gwn, gwr, convTol(P));
      assertClose(`conv+relu bwd bias ${JSON.stringify(g)}`, gbn, gbr, convTol(P));
    }
    assert.ok(zeros > 1000 && positives > 1000, `both sides of the relu occur (${zeros} zeros, ${positives} positive)`);
  });

  test('byte frames as input: the same results as their floats, to the bit (forward and weight gradient)', () => {
    const rng = new Rng(25);
    const scale = 1 / 255;
    for (const g of geoms) {
      const bytes = new Uint8Array(g.n * g.c * g.h * g.w).map(() => Math.floor(rng.uniform() * 256));
      const frames = { bytes, scale };
      const x = new Float32Array(bytes.length);
      native!.scaleBytes(bytes, scale, x);
      const w = rand(g.o * g.c * g.kh * g.kw, rng), b = rand(g.o, rng);
      const yf = new Float32Array(g.n * g.o * g.oh * g.ow), yb = yf.slice();
      native!.conv2dForward(x, w, b, yf, g, true);
      native!.conv2dForward(frames, w, b, yb, g, true);
      assert.deepEqual(yb, yf, `conv fwd from bytes ${JSON.stringify(g)}`);
      const gy = rand(yf.length, rng);
      const gwf = rand(w.length, rng), gwb = gwf.slice(), gbf = rand(g.o, rng), gbb = gbf.slice();
      native!.conv2dBackwardWeight(x, gy, gwf, gbf, g, yf);
      native!.conv2dBackwardWeight(frames, gy, gwb, gbb, g, yf);
      assert.deepEqual([gwb, gbb], [gwf, gbf], `conv bwd weight from bytes ${JSON.stringify(g)}`);
      if (g.n * g.c * g.h * g.w > 5000) continue;
      const yr = new Float32Array(yf.length), yrb = yr.slice();
      ref.conv2dForward(x, w, b, yr, g, true);
      ref.conv2dForward(frames, w, b, yrb, g, true);
      assert.deepEqual(yrb, yr, `reference conv fwd from bytes ${JSON.stringify(g)}`);
    }
  });

  test('maxPool2d forward (argmax, first winner) and backward (overwrites)', () => {
    const rng = new Rng(23);
    for (const g of [geom(2, 2, 4, 6, 2, 2, 2, 2, 2, 0, 0), geom(1, 3, 5, 5, 3, 3, 3, 2, 2, 1, 1), geom(2, 1, 7, 9, 1, 3, 2, 1, 3, 1, 0)]) {
      const x = rand(g.n * g.c * g.h * g.w, rng).map((v) => Math.round(v * 3) / 3); // ties
      const on = new Float32Array(g.n * g.c * g.oh * g.ow), or = on.slice();
      const an = new Int32Array(on.length), ar = an.slice();
      native!.maxPool2dForward(x, on, an, g);
      ref.maxPool2dForward(x, or, ar, g);
      assertClose('pool fwd', on, or);
      assertClose('pool argmax', an, ar);
      const gy = rand(on.length, rng), gxn = rand(x.length, rng), gxr = new Float32Array(x.length);
      native!.maxPool2dBackward(gy, ar, gxn, g);
      ref.maxPool2dBackward(gy, ar, gxr, g);
      assertClose('pool bwd', gxn, gxr);
    }
  });
});

describe('fused linear + activation agrees between native and reference', { skip }, () => {
  const acts: [UnaryOp, number][] = [['identity', 0], ['relu', 0], ['tanh', 0], ['gelu', 0], ['leaky_relu', 0.01], ['silu', 0], ['sigmoid', 0]];
  for (const [rows, inF, outF] of [[1, 1, 1], [5, 7, 3], [32, 160, 130], [32, 700, 64]] as const) {
    test(`${rows}x${inF} → ${outF}`, () => {
      const rng = new Rng(rows + inF + outF);
      const x = rand(rows * inF, rng), w = rand(outF * inF, rng), b = rand(outF, rng), gy = rand(rows * outF, rng);
      const tol = (_i: number, v: number): number => 4 * (Math.max(inF, outF, rows) + 2) * U * Math.max(1, Math.abs(v)) * Math.sqrt(Math.max(inF, outF, rows)) + 1e-6;
      for (const [act, p1] of acts) {
        for (const bias of [b, null]) {
          const pn = new Float32Array(rows * outF), pr = pn.slice(), on = pn.slice(), or = pn.slice();
          native!.linearActForward(x, w, bias, pn, on, rows, inF, outF, act, p1, 0);
          ref.linearActForward!(x, w, bias, pr, or, rows, inF, outF, act, p1, 0);
          assertClose(`${act} pre`, pn, pr, tol);
          assertClose(`${act} out`, on, or, tol);
          const gxn = new Float32Array(rows * inF), gxr = gxn.slice();
          const gw0 = rand(outF * inF, rng), gwn = gw0.slice(), gwr = gw0.slice(), gbn = b.slice(), gbr = b.slice();
          native!.linearActBackward(gy, x, w, pr, or, gxn, gwn, gbn, rows, inF, outF, act, p1, 0);
          ref.linearActBackward!(gy, x, w, pr, or, gxr, gwr, gbr, rows, inF, outF, act, p1, 0);
          assertClose(`${act} gx`, gxn, gxr, tol);
          assertClose(`${act} gw`, gwn, gwr, tol);
          assertClose(`${act} gb`, gbn, gbr, tol);
        }
      }
    });
  }
});
