/**
 * conv2d, layer_norm, gelu and log_softmax against PyTorch 1.13 (CPU, float32) known values, forward and backward, on
 * every backend under test. Each case feeds the stored inputs, backpropagates the stored upstream gradient gy (the
 * fixture's loss is Σ y·gy) and compares outputs and input/parameter gradients.
 *
 * Tolerances (float32 with a different summation order than PyTorch's):
 * - conv2d: 1e-5 relative + 1e-5 × max|expected| absolute (sums of up to 256 products).
 * - layer_norm: 1e-5 relative + 1e-5 × max|expected| (x grads: 1e-4 × max|expected|, they are a difference of
 *   nearly equal row sums).
 * - gelu: 1e-5 relative + 1e-6 absolute (PyTorch's float32 erf is only accurate to ~1e-7 absolute in the far tail).
 * - log_softmax: 1e-5 relative + 1e-5 × max|expected|.
 */
import { describe, test } from 'node:test';
import { conv2d, gelu, layerNorm, logSoftmax, tensor, withBackend, type Tensor } from '../../src/tensor/index.js';
import { backendsUnderTest } from '../helpers/backends.js';
import { assertClose, loadFixture, type Tolerance } from './fixture.js';

interface ConvCase {
  name: string; stride: [number, number]; padding: [number, number];
  xShape: number[]; x: number[]; wShape: number[]; w: number[]; b: number[] | null;
  yShape: number[]; y: number[]; gy: number[]; gx: number[]; gw: number[]; gb: number[] | null;
}
interface LayerNormCase {
  name: string; xShape: number[]; normalizedShape: number[]; eps: number; x: number[];
  weight: number[] | null; bias: number[] | null; y: number[]; gy: number[]; gx: number[];
  gWeight: number[] | null; gBias: number[] | null;
}
interface GeluFixture { x: number[]; y: number[]; gy: number[]; gx: number[] }
interface LogSoftmaxCase { name: string; shape: number[]; axis: number; x: number[]; y: number[]; gy: number[]; gx: number[] }

const convFx = loadFixture<{ cases: ConvCase[] }>('conv2d.json');
const lnFx = loadFixture<{ cases: LayerNormCase[] }>('layer_norm.json');
const actFx = loadFixture<{ gelu: GeluFixture; logSoftmax: LogSoftmaxCase[] }>('activations.json');

const CONV: Tolerance = { rtol: 1e-5, atolScaled: 1e-5 };
const LN: Tolerance = { rtol: 1e-5, atolScaled: 1e-5 };
const LN_GX: Tolerance = { rtol: 1e-5, atolScaled: 1e-4 };
const GELU: Tolerance = { rtol: 1e-5, atolScaled: 0, atolMin: 1e-6 };
const LSM: Tolerance = { rtol: 1e-5, atolScaled: 1e-5 };

const grad = (t: Tensor, label: string): Float32Array => {
  if (!t.grad) throw new Error(`${label}: no gradient`);
  return t.grad.data;
};

for (const be of backendsUnderTest()) {
  describe(`PyTorch known values: functional ops (${be.name} backend)`, () => {
    for (const c of convFx.cases) {
      test(`conv2d ${c.name}`, () => withBackend(be, () => {
        const x = tensor(c.x, c.xShape, true);
        const w = tensor(c.w, c.wShape, true);
        const b = c.b ? tensor(c.b, [c.b.length], true) : null;
        const y = conv2d(x, w, b, { stride: c.stride, padding: c.padding });
        assertClose(y.shape, c.yShape, { rtol: 0, atolScaled: 0 }, 'shape');
        assertClose(y.data, c.y, CONV, 'y');
        y.backward(tensor(c.gy, c.yShape));
        assertClose(grad(x, 'x'), c.gx, CONV, 'gx');
        assertClose(grad(w, 'w'), c.gw, CONV, 'gw');
        if (b && c.gb) assertClose(grad(b, 'b'), c.gb, CONV, 'gb');
      }));
    }

    for (const c of lnFx.cases) {
      test(`layer_norm ${c.name}`, () => withBackend(be, () => {
        const x = tensor(c.x, c.xShape, true);
        const wgt = c.weight ? tensor(c.weight, c.normalizedShape, true) : null;
        const bias = c.bias ? tensor(c.bias, c.normalizedShape, true) : null;
        const y = layerNorm(x, c.normalizedShape, wgt, bias, c.eps);
        assertClose(y.data, c.y, LN, 'y');
        y.backward(tensor(c.gy, c.xShape));
        assertClose(grad(x, 'x'), c.gx, LN_GX, 'gx');
        if (wgt && c.gWeight) assertClose(grad(wgt, 'weight'), c.gWeight, LN, 'gWeight');
        if (bias && c.gBias) assertClose(grad(bias, 'bias'), c.gBias, LN, 'gBias');
      }));
    }

    test('gelu (exact erf form), incl. |x| up to 40', () => withBackend(be, () => {
      const g = actFx.gelu;
      const x = tensor(g.x, [g.x.length], true);
      const y = gelu(x);
      assertClose(y.data, g.y, GELU, 'y');
      y.backward(tensor(g.gy, [g.gy.length]));
      assertClose(grad(x, 'x'), g.gx, GELU, 'gx');
    }));

    for (const c of actFx.logSoftmax) {
      test(`log_softmax ${c.name}`, () => withBackend(be, () => {
        const x = tensor(c.x, c.shape, true);
        const y = logSoftmax(x, c.axis);
        assertClose(y.data, c.y, LSM, 'y');
        y.backward(tensor(c.gy, c.shape));
        assertClose(grad(x, 'x'), c.gx, LSM, 'gx');
      }));
    }
  });
}
