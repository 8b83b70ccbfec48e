/**
 * NaN and ±Inf through every op, against PyTorch 1.13 (test/fixtures/torch/nonfinite.json): forward values and
 * gradients with NaN/±Inf inputs — for the unary ops also with NaN/±Inf upstream gradients — on every backend under
 * test, the native one also with every op in C++ (its wrapper runs tiny ops in TypeScript) and with each GEMM
 * instruction set for the matrix products and convolutions. A NaN must come out where PyTorch gives one and an Inf
 * where it gives that Inf; finite values agree to 1e-5 relative + 1e-6 × the largest finite expected value.
 *
 * Where PyTorch itself differs between its scalar and vectorised loops (elu's gradient at NaN: NaN from the vector
 * loop, the upstream gradient from the scalar tail), the fixture's 18-element input takes the vector loop's answer.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  argmax, compare, conv2d, conv2dRelu, crossEntropy, huberLoss, IndexTensor, layerNorm, linear, logSoftmax,
  matmul, maxAlong, maxPool2d, mean, minAlong, mseLoss, relu, softmax, sum, tensor, unaryOp, withBackend, type Tensor, type UnaryOp,
} from '../../src/tensor/index.js';
import { add, div, maximum, minimum, mul, sub } from '../../src/tensor/index.js';
import { Adam, clipGradNorm, RAdam, RMSprop, SGD, type Optimizer } from '../../src/optim/index.js';
import { backendVariantsUnderTest, forEachNativeIsa } from '../helpers/backends.js';
import { assertClose, loadFixture, type Tolerance } from './fixture.js';

interface UnaryCase { op: UnaryOp; p1: number; p2: number; x: number[]; gy: number[]; y: number[]; gx?: number[] }
interface BinaryFixture { a: number[]; b: number[]; ops: { op: string; y: number[]; ga: number[]; gb: number[] }[]; compare: { op: 'gt' | 'ge' | 'lt' | 'le' | 'eq'; y: number[] }[] }
interface ReduceCase { op: 'max' | 'min' | 'sum' | 'mean'; axis: number; values: number[]; indices?: number[]; gx?: number[] }
interface SoftmaxCase { log: boolean; x: number[]; gy: number[]; y: number[]; gx: number[] }
interface LayerNormCase { name: string; x: number[]; weight: number[]; bias: number[]; gy: number[]; y: number[]; gx: number[]; gWeight: number[]; gBias: number[] }
interface MatmulCase { name: string; m: number; k: number; n: number; a: number[]; b: number[]; gy: number[]; y: number[]; ga: number[]; gb: number[] }
interface LinearCase { x: number[]; w: number[]; bias: number[]; gy: number[]; y: number[]; gx: number[]; gw: number[]; gBias: number[] }
interface ConvCase { name: string; relu: boolean; xShape: number[]; x: number[]; wShape: number[]; w: number[]; b: number[]; yShape: number[]; y: number[]; gy: number[]; gx: number[]; gw: number[]; gb: number[] }
interface PoolCase { name: string; kernel: number; stride: number; padding: number; x: number[]; yShape: number[]; y: number[]; gy: number[]; gx: number[] }
interface LossCase { name: 'mse' | 'huber'; pred: number[]; target: number[]; y: number[]; gPred: number[] }
interface ClipCase { name: string; maxNorm: number; grads: number[][]; norm: number; clipped: number[][] }
interface OptimCase { name: string; optimizer: 'Adam' | 'RAdam' | 'RMSprop' | 'SGD'; options: Record<string, number | boolean>; trajectory: number[][] }
interface Fixture {
  unary: UnaryCase[]; binary: BinaryFixture; reduce: { x: number[]; gy: number[]; cases: ReduceCase[] };
  softmax: SoftmaxCase[]; layerNorm: LayerNormCase[]; matmul: MatmulCase[]; linear: LinearCase;
  conv2d: ConvCase[]; maxPool2d: PoolCase[]; losses: LossCase[];
  crossEntropy: { logits: number[]; targets: number[]; y: number[]; gLogits: number[] };
  clipGradNorm: ClipCase[]; optimizers: { params0: number[]; grads: number[][]; cases: OptimCase[] };
}

const fx = loadFixture<Fixture>('nonfinite.json');
const TOL: Tolerance = { rtol: 1e-5, atolScaled: 1e-6 };

const grad = (t: Tensor, label: string): Float32Array => {
  if (!t.grad) throw new Error(`${label}: no gradient`);
  return t.grad.data;
};

const BINARY: Record<string, (a: Tensor, b: Tensor) => Tensor> = { add, sub, mul, div, maximum, minimum };

function makeOptimizer(c: OptimCase, p: Tensor): Optimizer {
  const o = c.options, lr = Number(o['lr']);
  switch (c.optimizer) {
    case 'Adam': return new Adam([p], { lr });
    case 'RAdam': return new RAdam([p], { lr });
    case 'RMSprop': return new RMSprop([p], { lr, centered: Boolean(o['centered']), momentum: Number(o['momentum'] ?? 0) });
    case 'SGD': return new SGD([p], { lr, momentum: Number(o['momentum'] ?? 0) });
  }
}

for (const { label, backend: be } of backendVariantsUnderTest()) {
  describe(`NaN and ±Inf as in PyTorch (${label})`, () => {
    for (const c of fx.unary) {
      test(`unary ${c.op}${c.p1 || c.p2 ? ` (${c.p1}, ${c.p2})` : ''}`, () => withBackend(be, () => {
        const x = tensor(c.x, [c.x.length], true);
        const y = unaryOp(c.op, x, c.p1, c.p2);
        assertClose(y.data, c.y, TOL, 'y');
        if (!c.gx) return;
        y.backward(tensor(c.gy, [c.gy.length]));
        assertClose(grad(x, 'x'), c.gx, TOL, 'gx');
      }));
    }

    for (const c of fx.binary.ops) {
      test(`binary ${c.op} over every pair of NaN, ±Inf, 0, 1, −2`, () => withBackend(be, () => {
        const n = fx.binary.a.length;
        const a = tensor(fx.binary.a, [n], true), b = tensor(fx.binary.b, [n], true);
        const y = BINARY[c.op]!(a, b);
        assertClose(y.data, c.y, TOL, 'y');
        y.sum().backward();
        assertClose(grad(a, 'a'), c.ga, TOL, 'ga');
        assertClose(grad(b, 'b'), c.gb, TOL, 'gb');
      }));
    }
    test('comparisons with NaN are false (ne aside), with ±Inf ordered', () => withBackend(be, () => {
      const n = fx.binary.a.length;
      for (const c of fx.binary.compare) {
        assertClose(compare(c.op, tensor(fx.binary.a, [n]), tensor(fx.binary.b, [n])).data, c.y, TOL, c.op);
      }
    }));

    for (const c of fx.reduce.cases) {
      test(`${c.op} along axis ${c.axis}: NaN wins (first NaN for the index), ±Inf`, () => withBackend(be, () => {
        const x = tensor(fx.reduce.x, [5, 5], true);
        if (c.op === 'sum' || c.op === 'mean') {
          assertClose((c.op === 'sum' ? sum : mean)(x, c.axis).data, c.values, TOL, 'values');
          return;
        }
        const y = (c.op === 'max' ? maxAlong : minAlong)(x, c.axis);
        assertClose(y.data, c.values, TOL, 'values');
        if (c.op === 'max') assert.deepEqual([...argmax(x, c.axis).data], c.indices, 'argmax');
        y.backward(tensor(fx.reduce.gy, [5]));
        assertClose(grad(x, 'x'), c.gx!, TOL, 'gx');
      }));
    }

    for (const c of fx.softmax) {
      test(`${c.log ? 'logSoftmax' : 'softmax'} with NaN, +Inf, −Inf and all-−Inf rows`, () => withBackend(be, () => {
        const x = tensor(c.x, [5, 4], true);
        const y = (c.log ? logSoftmax : softmax)(x, 1);
        assertClose(y.data, c.y, TOL, 'y');
        y.backward(tensor(c.gy, [5, 4]));
        assertClose(grad(x, 'x'), c.gx, TOL, 'gx');
      }));
    }

    for (const c of fx.layerNorm) {
      test(`layerNorm ${c.name}`, () => withBackend(be, () => {
        const x = tensor(c.x, [3, 4], true), w = tensor(c.weight, [4], true), b = tensor(c.bias, [4], true);
        const y = layerNorm(x, [4], w, b, 1e-5);
        assertClose(y.data, c.y, TOL, 'y');
        y.backward(tensor(c.gy, [3, 4]));
        assertClose(grad(x, 'x'), c.gx, TOL, 'gx');
        assertClose(grad(w, 'weight'), c.gWeight, TOL, 'gWeight');
        assertClose(grad(b, 'bias'), c.gBias, TOL, 'gBias');
      }));
    }

    for (const c of fx.matmul) {
      test(`matmul ${c.name}: zero columns of A against NaN/±Inf rows of B (0·NaN, 0·Inf are NaN)`, () => withBackend(be, () => {
        forEachNativeIsa(be, (isa) => {
          const a = tensor(c.a, [c.m, c.k], true), b = tensor(c.b, [c.k, c.n], true);
          const y = matmul(a, b);
          assertClose(y.data, c.y, TOL, `${isa} y`);
          y.backward(tensor(c.gy, [c.m, c.n]));
          assertClose(grad(a, 'a'), c.ga, TOL, `${isa} ga`);
          assertClose(grad(b, 'b'), c.gb, TOL, `${isa} gb`);
        });
      }));
    }
    test('linear: zero inputs against NaN/Inf weights, NaN bias', () => withBackend(be, () => {
      forEachNativeIsa(be, (isa) => {
        const c = fx.linear;
        const x = tensor(c.x, [3, 3], true), w = tensor(c.w, [4, 3], true), b = tensor(c.bias, [4], true);
        const y = linear(x, w, b);
        assertClose(y.data, c.y, TOL, `${isa} y`);
        y.backward(tensor(c.gy, [3, 4]));
        assertClose(grad(x, 'x'), c.gx, TOL, `${isa} gx`);
        assertClose(grad(w, 'w'), c.gw, TOL, `${isa} gw`);
        assertClose(grad(b, 'bias'), c.gBias, TOL, `${isa} gBias`);
      });
    }));

    for (const c of fx.conv2d) {
      const variants = c.relu ? [['fused conv2dRelu', true], ['conv2d then relu', false]] as const : [['conv2d', false]] as const;
      for (const [name, fused] of variants) {
        test(`${name} ${c.name}`, () => withBackend(be, () => {
          forEachNativeIsa(be, (isa) => {
            const x = tensor(c.x, c.xShape, true), w = tensor(c.w, c.wShape, true), b = tensor(c.b, [c.b.length], true);
            const opts = { stride: 1, padding: 1 };
            const y = fused ? conv2dRelu(x, w, b, opts) : c.relu ? relu(conv2d(x, w, b, opts)) : conv2d(x, w, b, opts);
            assertClose(y.data, c.y, TOL, `${isa} y`);
            y.backward(tensor(c.gy, c.yShape));
            assertClose(grad(x, 'x'), c.gx, TOL, `${isa} gx`);
            assertClose(grad(w, 'w'), c.gw, TOL, `${isa} gw`);
            assertClose(grad(b, 'b'), c.gb, TOL, `${isa} gb`);
          });
        }));
      }
    }

    for (const c of fx.maxPool2d) {
      test(`maxPool2d ${c.name}: NaN wins (the last NaN of a window gets the gradient)`, () => withBackend(be, () => {
        const x = tensor(c.x, [1, 1, 4, 4], true);
        const y = maxPool2d(x, c.kernel, { stride: c.stride, padding: c.padding });
        assertClose(y.data, c.y, TOL, 'y');
        y.backward(tensor(c.gy, c.yShape));
        assertClose(grad(x, 'x'), c.gx, TOL, 'gx');
      }));
    }

    test('mse and Huber losses with NaN/±Inf predictions and targets', () => withBackend(be, () => {
      for (const c of fx.losses) {
        const p = tensor(c.pred, [c.pred.length], true), t = tensor(c.target, [c.target.length]);
        const y = c.name === 'mse' ? mseLoss(p, t) : huberLoss(p, t, 1);
        assertClose(y.data, c.y, TOL, `${c.name} y`);
        y.backward();
        assertClose(grad(p, 'pred'), c.gPred, TOL, `${c.name} gPred`);
      }
    }));
    test('cross-entropy with NaN and ±Inf logits', () => withBackend(be, () => {
      const c = fx.crossEntropy;
      const logits = tensor(c.logits, [c.targets.length, 3], true);
      const y = crossEntropy(logits, new IndexTensor(Int32Array.from(c.targets), [c.targets.length]));
      assertClose(y.data, c.y, TOL, 'y');
      y.backward();
      assertClose(grad(logits, 'logits'), c.gLogits, TOL, 'gLogits');
    }));

    for (const c of fx.clipGradNorm) {
      test(`clipGradNorm with a ${c.name.replace('_', ' ')}: the total norm and every gradient as PyTorch`, () => withBackend(be, () => {
        const params = c.grads.map((g) => {
          const p = tensor(new Float32Array(g.length), [g.length], true);
          p.grad = tensor(g, [g.length]);
          return p;
        });
        const norm = clipGradNorm(params, c.maxNorm);
        assertClose([norm], [c.norm], TOL, 'norm');
        params.forEach((p, i) => assertClose(grad(p, `param ${i}`), c.clipped[i]!, TOL, `gradient ${i}`));
      }));
    }

    for (const c of fx.optimizers.cases) {
      test(`${c.name}: a NaN/±Inf gradient reaches the parameters as in torch.optim`, () => withBackend(be, () => {
        const p = tensor(fx.optimizers.params0, [fx.optimizers.params0.length], true);
        const opt = makeOptimizer(c, p);
        c.trajectory.forEach((expected, step) => {
          opt.zeroGrad();
          p.grad = tensor(fx.optimizers.grads[step]!, [expected.length]);
          opt.step();
          assertClose(p.data, expected, TOL, `step ${step + 1}`);
        });
      }));
    }

  });
}
