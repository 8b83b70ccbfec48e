/**
 * NaN and ±Inf where the PyTorch fixtures (test/torch-fixtures/nonfinite.test.ts) are too small to reach: the blocked
 * GEMM kernels, whole networks, and the Winograd convolutions; plus conv2d's and maxPool2d's checks of their geometry.
 * Expectations by IEEE 754: 0·NaN = 0·Inf = NaN, so a NaN in row p of B makes column j of A·B NaN in every row, also
 * where A's column p is zero; a NaN anywhere in a network's weights reaches its output.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { conv2d, conv2dRelu, matmul, maxPool2d, tensor, withBackend, type Tensor } from '../../src/tensor/index.js';
import { Activation, Conv2d, Flatten, Linear, Sequential } from '../../src/nn/index.js';
import { NativeBackend } from '../../src/tensor/backends/native.js';
import { ReferenceBackend } from '../../src/tensor/backends/reference.js';
import { Rng } from '../../src/util/rng.js';
import { backendVariantsUnderTest, forEachNativeIsa } from '../helpers/backends.js';

function randomMatrix(rows: number, cols: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

const nanIndices = (a: ArrayLike<number>): number[] => Array.from(a, (v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0);

for (const { label, backend: be } of backendVariantsUnderTest()) {
  describe(`NaN and ±Inf by IEEE reasoning (${label})`, () => {
    test('64×64·64×64 matmul: a zero column of A against NaN and Inf in B still gives NaN columns (0·NaN, 0·Inf)', () => withBackend(be, () => {
      forEachNativeIsa(be, (isa) => {
        const rng = new Rng(1);
        const a = randomMatrix(64, 64, rng), b = randomMatrix(64, 64, rng);
        for (let i = 0; i < 64; i++) { a[i * 64 + 5] = 0; a[i * 64 + 9] = 0; }
        b[5 * 64 + 17] = NaN; // meets only zeros of A
        b[9 * 64 + 40] = Infinity; // 0·Inf
        a[3 * 64 + 20] = NaN; // row 3 of the product
        const y = matmul(tensor(a, [64, 64]), tensor(b, [64, 64])).data;
        const want: number[] = [];
        for (let i = 0; i < 64; i++) for (let j = 0; j < 64; j++) if (i === 3 || j === 17 || j === 40) want.push(i * 64 + j);
        assert.deepEqual(nanIndices(y), want, `${isa}: NaN positions`);
      });
    }));

    test('a ReLU MLP with one NaN weight gives a NaN output and NaN gradients', () => withBackend(be, () => {
      const net = new Sequential(new Linear(4, 8, { rng: new Rng(2) }), new Activation('relu'), new Linear(8, 2, { rng: new Rng(3) }));
      const w = net.parameters()[0]!;
      w.data[3 * 4 + 1] = NaN; // hidden unit 3 reads input 1, which is 0 in every row: 0·NaN
      const x = tensor([0.5, 0, -1, 2, -0.5, 0, 1, 1], [2, 4]);
      const y = net.forward(x);
      assert.ok(Array.from(y.data).every(Number.isNaN), `output ${Array.from(y.data)}`);
      y.sum().backward();
      assert.ok(net.parameters().some((p) => Array.from(p.grad!.data).some(Number.isNaN)), 'a NaN gradient');
    }));

    test('a conv → relu network (run as the fused conv2dRelu) with one NaN weight gives a NaN output', () => withBackend(be, () => {
      const net = new Sequential(new Conv2d(2, 4, 3, { rng: new Rng(4) }), new Activation('relu'), new Flatten(), new Linear(4 * 3 * 3, 2, { rng: new Rng(5) }));
      net.parameters()[0]!.data[7] = NaN;
      const x = tensor(Float32Array.from({ length: 2 * 2 * 5 * 5 }, (_, i) => (i % 7) - 3), [2, 2, 5, 5]);
      assert.ok(Array.from(net.forward(x).data).every(Number.isNaN));
    }));

    test('conv2d and maxPool2d reject negative or fractional padding, strides and kernels, naming them', () => withBackend(be, () => {
      const x = tensor(new Float32Array(1 * 1 * 6 * 6), [1, 1, 6, 6]);
      const w = tensor(new Float32Array(1 * 1 * 3 * 3), [1, 1, 3, 3]);
      assert.throws(() => conv2d(x, w, null, { padding: -1 }), /conv2d: padding must be a whole number ≥ 0, got -1×-1/);
      assert.throws(() => conv2dRelu(x, w, null, { padding: [0, -2] }), /padding must be a whole number ≥ 0, got 0×-2/);
      assert.throws(() => conv2d(x, w, null, { padding: 0.5 }), /padding must be a whole number/);
      assert.throws(() => conv2d(x, w, null, { stride: 1.5 }), /conv2d: stride must be a whole number ≥ 1, got 1.5×1.5/);
      assert.throws(() => maxPool2d(x, 2, { padding: -1 }), /maxPool2d: padding must be a whole number ≥ 0, got -1×-1/);
      assert.throws(() => maxPool2d(x, 0), /maxPool2d: kernel size must be a whole number ≥ 1, got 0×0/);
    }));
  });
}

/**
 * The Winograd convolutions (native, AVX2 or AVX-512, batch ≥ 16: the Nature CNN's layers) transform tiles of 2×2 or
 * 3×3 values together, so a NaN or Inf reaches the whole tile. The forward redoes an image whose output is not all
 * finite by im2col, so its output is the reference's, NaN and ±Inf included (a spurious NaN there would also change the
 * fused relu's gradient mask). The gradients may have NaN at more positions of the tiles that hold a NaN or Inf: where
 * the reference has NaN or ±Inf they have it too (or NaN), and they agree wherever they are finite.
 */
describe('Winograd convolutions never lose a NaN or Inf', () => {
  const native = backendVariantsUnderTest().map((v) => v.backend).find((b) => b instanceof NativeBackend) as NativeBackend | undefined;
  const skip = !native ? 'native addon not built' : !native.raw.info().winograd ? 'Winograd convolutions are off on this CPU' : false;
  const layers = [
    { name: 'conv1 (8×8 stride 4)', n: 16, c: 4, h: 84, o: 32, k: 8, s: 4 },
    { name: 'conv2 (4×4 stride 2)', n: 16, c: 32, h: 20, o: 64, k: 4, s: 2 },
    { name: 'conv3 (3×3)', n: 64, c: 64, h: 9, o: 64, k: 3, s: 1 },
  ];
  for (const L of layers) {
    test(`${L.name}, batch ${L.n}: output and gradients`, { skip }, () => {
      const rng = new Rng(3);
      const xs = Float32Array.from({ length: L.n * L.c * L.h * L.h }, () => rng.normal());
      const ws = Float32Array.from({ length: L.o * L.c * L.k * L.k }, () => 0.1 * rng.normal());
      xs[(1 * L.c + 2) * L.h * L.h + 5 * L.h + 6] = NaN;
      xs[(4 * L.c + 1) * L.h * L.h + 2 * L.h + 3] = Infinity;
      let gy: Float32Array | null = null;
      const run = (be: NativeBackend | ReferenceBackend): Record<'y' | 'gx' | 'gw', Float32Array> => withBackend(be, () => {
        const x = tensor(xs, [L.n, L.c, L.h, L.h], true), w = tensor(ws, [L.o, L.c, L.k, L.k], true);
        const y: Tensor = conv2dRelu(x, w, null, { stride: L.s });
        if (!gy) { const r = new Rng(5); gy = Float32Array.from({ length: y.size }, () => r.normal()); gy[7] = NaN; }
        y.backward(tensor(gy, y.shape));
        return { y: y.data, gx: x.grad!.data, gw: w.grad!.data };
      });
      const want = run(new ReferenceBackend()), got = run(native!);
      for (const k of ['y', 'gx', 'gw'] as const) {
        for (let i = 0; i < want[k].length; i++) {
          const e = want[k][i]!, a = got[k][i]!;
          if (k === 'y') assert.ok(Object.is(a, e) || Math.abs(a - e) <= 1e-3 * (1 + Math.abs(e)), `y[${i}]: ${a}, expected ${e}`);
          else if (!Number.isFinite(e)) assert.ok(Object.is(a, e) || Number.isNaN(a), `${k}[${i}]: ${a}, expected ${e}`);
          else if (!Number.isNaN(a)) assert.ok(Math.abs(a - e) <= 1e-3 * (1 + Math.abs(e)), `${k}[${i}]: ${a}, expected ${e}`);
        }
      }
    });
  }
});
