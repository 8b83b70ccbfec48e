/** Finite-difference gradient checks for every op of the engine, on every backend under test. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/tensor/index.js';
import { IndexTensor, Tensor, withBackend } from '../../src/tensor/index.js';
import { Rng } from '../../src/util/rng.js';
import { gradCheck, randTensor } from '../helpers/gradcheck.js';
import { backendsUnderTest } from '../helpers/backends.js';

for (const be of backendsUnderTest()) {
  describe(`gradients (${be.name} backend)`, () => {
    const check = (name: string, f: (xs: Tensor[]) => Tensor, make: (rng: Rng) => Tensor[], opts = {}): void => {
      test(name, () => withBackend(be, () => gradCheck(name, f, make(new Rng(name.length * 7919)), opts)));
    };

    // unary
    const unaryCases: [string, (x: Tensor) => Tensor, number, number, number][] = [
      ['neg', (x) => x.neg(), -2, 2, 0],
      ['exp', (x) => x.exp(), -2, 2, 0],
      ['log', (x) => x.log(), 0.2, 3, 0],
      ['sqrt', (x) => x.sqrt(), 0.2, 3, 0],
      ['abs', (x) => x.abs(), -2, 2, 0.05],
      ['square', (x) => x.square(), -2, 2, 0],
      ['pow 2.5', (x) => x.pow(2.5), 0.2, 2, 0],
      ['pow 3', (x) => x.pow(3), -2, 2, 0],
      ['clamp', (x) => x.clamp(-0.5, 0.7), -2, 2, 0],
      ['relu', (x) => T.relu(x), -2, 2, 0.05],
      ['leaky_relu', (x) => T.leakyRelu(x, 0.1), -2, 2, 0.05],
      ['elu', (x) => T.elu(x), -2, 2, 0.05],
      ['gelu', (x) => T.gelu(x), -3, 3, 0],
      ['silu', (x) => T.silu(x), -3, 3, 0],
      ['tanh', (x) => T.tanh(x), -3, 3, 0],
      ['sigmoid', (x) => T.sigmoid(x), -4, 4, 0],
      ['softplus', (x) => T.softplus(x), -4, 4, 0],
      ['identity', (x) => T.activation(x, 'identity'), -2, 2, 0],
      ['reciprocal', (x) => T.unaryOp('reciprocal', x), 0.5, 2, 0],
    ];
    for (const [name, f, lo, hi, gap] of unaryCases) {
      check(`unary ${name}`, ([x]) => f(x!), (r) => [randTensor([3, 7], r, lo, hi, gap)]);
    }

    // binary with broadcasting
    const binaryCases: [string, (a: Tensor, b: Tensor) => Tensor][] = [
      ['add', (a, b) => a.add(b)], ['sub', (a, b) => a.sub(b)], ['mul', (a, b) => a.mul(b)], ['div', (a, b) => a.div(b)],
      ['maximum', (a, b) => a.maximum(b)], ['minimum', (a, b) => a.minimum(b)],
    ];
    // max/min: a on the grid k/2 + 1/4 and b on k/2, so no pair is within a finite-difference step of a tie
    const onGrid = (shape: number[], r: Rng, shift: number): Tensor => T.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => (r.int(8) - 4) / 2 + shift), shape);
    for (const [name, f] of binaryCases) {
      const tieFree = name === 'maximum' || name === 'minimum';
      const a = (shape: number[], r: Rng): Tensor => (tieFree ? onGrid(shape, r, 0.25) : randTensor(shape, r, -2, 2, 0.3));
      const b = (shape: number[], r: Rng): Tensor => (tieFree ? onGrid(shape, r, 0) : randTensor(shape, r, 0.3, 2));
      check(`binary ${name} same shape`, ([x, y]) => f(x!, y!), (r) => [a([4, 5], r), b([4, 5], r)]);
      check(`binary ${name} broadcast [2,3,4]∘[3,1]`, ([x, y]) => f(x!, y!), (r) => [a([2, 3, 4], r), b([3, 1], r)]);
      check(`binary ${name} broadcast [1,4]∘[3,1]`, ([x, y]) => f(x!, y!), (r) => [a([1, 4], r), b([3, 1], r)]);
    }
    test('maximum splits the gradient equally on ties, as PyTorch', () => withBackend(be, () => {
      const x = T.tensor([1, 2], [2], true), y = T.tensor([1, 3], [2], true);
      x.maximum(y).sum().backward();
      assert.deepEqual([x.grad!.toArray(), y.grad!.toArray()], [[0.5, 0], [0.5, 1]]);
    }));
    check('scalar arithmetic', ([x]) => x!.add(1.5).mul(-2).sub(0.25).div(3), (r) => [randTensor([5], r)]);

    // reductions
    check('sum all', ([x]) => x!.sum(), (r) => [randTensor([3, 4, 5], r)]);
    check('sum axes [0,2] keepdim', ([x]) => x!.sum([0, 2], true), (r) => [randTensor([3, 4, 5], r)]);
    check('mean axis -1', ([x]) => x!.mean(-1), (r) => [randTensor([3, 4, 5], r)]);
    check('var axis 1 unbiased', ([x]) => x!.var(1), (r) => [randTensor([3, 4, 5], r)]);
    check('var all biased', ([x]) => x!.var(undefined, { unbiased: false }), (r) => [randTensor([3, 4], r)]);
    check('max along axis 1', ([x]) => x!.max(1), (r) => [randTensor([3, 6, 2], r)]);
    check('min along axis 0 keepdim', ([x]) => x!.min(0, true), (r) => [randTensor([5, 3], r)]);

    // linear algebra
    check('matmul 2-D', ([a, b]) => a!.matmul(b!), (r) => [randTensor([3, 5], r), randTensor([5, 4], r)]);
    check('matmul batched', ([a, b]) => a!.matmul(b!), (r) => [randTensor([2, 3, 5], r), randTensor([2, 5, 4], r)]);
    check('matmul batched @ 2-D', ([a, b]) => a!.matmul(b!), (r) => [randTensor([2, 3, 5], r), randTensor([5, 4], r)]);
    check('matmul 2-D @ batched', ([a, b]) => a!.matmul(b!), (r) => [randTensor([3, 5], r), randTensor([2, 5, 4], r)]);
    check('linear with bias', ([x, w, b]) => T.linear(x!, w!, b!), (r) => [randTensor([4, 5], r), randTensor([3, 5], r), randTensor([3], r)]);
    check('linear 3-D input, no bias', ([x, w]) => T.linear(x!, w!, null), (r) => [randTensor([2, 3, 5], r), randTensor([4, 5], r)]);

    // shape ops
    check('reshape + flatten', ([x]) => x!.reshape([6, -1]).flatten(0).mul(x!.reshape([-1])), (r) => [randTensor([2, 3, 4], r)]);
    check('transpose', ([x]) => x!.transpose(0, 2), (r) => [randTensor([2, 3, 4], r)]);
    check('permute', ([x]) => x!.permute([1, 2, 0]), (r) => [randTensor([2, 3, 4], r)]);
    check('slice', ([x]) => x!.slice([[1, 3], null, [-3, -1]]), (r) => [randTensor([3, 2, 5], r)]);
    check('narrow', ([x]) => x!.narrow(1, 1, 2), (r) => [randTensor([3, 4], r)]);
    check('concat axis 1', ([a, b]) => T.concat([a!, b!, a!], 1), (r) => [randTensor([2, 3], r), randTensor([2, 1], r)]);
    check('stack axis 1', ([a, b]) => T.stack([a!, b!], 1), (r) => [randTensor([2, 3], r), randTensor([2, 3], r)]);
    check('gather axis 1 (Q(s,a))', ([q]) => q!.gather(1, new IndexTensor([2, 0, 1, 2], [4, 1])), (r) => [randTensor([4, 3], r)]);
    check('gather axis 0 with repeats', ([x]) => x!.gather(0, new IndexTensor([1, 1, 0, 2, 1, 0], [2, 3])), (r) => [randTensor([3, 3], r)]);
    check('expand', ([x]) => x!.expand([2, 3, 4]), (r) => [randTensor([3, 1], r)]);
    check('where', ([a, b]) => T.where(T.tensor([1, 0, 1, 0, 0, 1], [2, 3]), a!, b!), (r) => [randTensor([2, 3], r), randTensor([1, 3], r)]);

    // nn
    check('softmax axis -1', ([x]) => T.softmax(x!), (r) => [randTensor([3, 5], r)]);
    check('softmax axis 0', ([x]) => T.softmax(x!, 0), (r) => [randTensor([3, 5], r)]);
    check('logSoftmax', ([x]) => T.logSoftmax(x!, -1), (r) => [randTensor([2, 3, 4], r)]);
    check('layerNorm affine', ([x, g, b]) => T.layerNorm(x!, [6], g!, b!), (r) => [randTensor([4, 6], r), randTensor([6], r), randTensor([6], r)]);
    check('layerNorm over 2 dims, no affine', ([x]) => T.layerNorm(x!, [3, 4], null, null), (r) => [randTensor([2, 3, 4], r)]);
    check('conv2d stride 1 pad 0', ([x, w, b]) => T.conv2d(x!, w!, b!), (r) => [randTensor([2, 3, 5, 5], r), randTensor([4, 3, 3, 3], r), randTensor([4], r)], { maxPerInput: 80 });
    check('conv2d stride 2 pad 1, no bias', ([x, w]) => T.conv2d(x!, w!, null, { stride: 2, padding: 1 }), (r) => [randTensor([1, 2, 7, 6], r), randTensor([3, 2, 3, 2], r)], { maxPerInput: 80 });
    check('conv2d 8x8 stride 4 (Nature CNN layer 1 shape)', ([x, w]) => T.conv2d(x!, w!, null, { stride: 4 }), (r) => [randTensor([1, 2, 16, 16], r), randTensor([2, 2, 8, 8], r)], { maxPerInput: 60 });
    // fused relu: channel biases of ±2 keep every output clear of the kink (|conv| < 1), so each channel is either all
    // active or all masked and the finite differences see both branches
    check('conv2dRelu stride 2, outputs away from the kink', ([x, w, b]) => T.conv2dRelu(x!, w!, b!, { stride: 2 }), (r) => [
      randTensor([2, 2, 6, 6], r, 0, 0.5), randTensor([4, 2, 3, 3], r, -0.1, 0.1), T.tensor([2, -2, 2.5, -1.5], [4]),
    ], { maxPerInput: 60 });
    check('maxPool2d 2x2', ([x]) => T.maxPool2d(x!, 2), (r) => [randTensor([2, 2, 4, 6], r)]);
    check('maxPool2d 3x3 stride 2 pad 1', ([x]) => T.maxPool2d(x!, 3, { stride: 2, padding: 1 }), (r) => [randTensor([1, 2, 5, 5], r)]);
    check('mseLoss', ([a, b]) => T.mseLoss(a!, b!), (r) => [randTensor([4, 3], r), randTensor([4, 3], r)]);
    check('huberLoss δ=1 (both regimes)', ([a, b]) => T.huberLoss(a!, b!, 1), (r) => [randTensor([4, 3], r, -3, 3), randTensor([4, 3], r)]);
    check('crossEntropy', ([x]) => T.crossEntropy(x!, new IndexTensor([0, 2, 1, 2])), (r) => [randTensor([4, 3], r)]);
    check('categoricalEntropy', ([x]) => T.categoricalEntropy(x!), (r) => [randTensor([4, 5], r)]);
    check('composite: tanh-Hadamard layer', ([x, w1, w2]) => T.tanh(T.linear(x!, w1!, null)).mul(T.tanh(T.linear(x!, w2!, null))), (r) => [randTensor([3, 4], r), randTensor([5, 4], r), randTensor([5, 4], r)]);
  });
}

test('a leaf gradient accumulates across backward calls and reuse in one graph', () => {
  const x = T.tensor([1, 2, 3], [3], true);
  x.mul(x).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [2, 4, 6]);
  x.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [3, 5, 7]);
});

test('leaves never share gradient storage, even when one gradient buffer reaches several of them', () => {
  const a = T.tensor([1, 2], [2], true), b = T.tensor([3, 4], [2], true), c = T.tensor([5, 6, 7, 8], [2, 2], true);
  // add hands the same gradient to a and b; reshape hands a view of it to c
  const s = a.add(b);
  s.reshape([1, 2]).expand([2, 2]).add(c).sum().backward();
  assert.notEqual(a.grad!.data.buffer, b.grad!.data.buffer);
  a.grad!.data[0] = 100;
  assert.deepEqual(b.grad!.toArray(), [2, 2]);
  // accumulating into one leaf's gradient leaves the others alone
  a.sum().backward();
  assert.deepEqual([a.grad!.toArray(), b.grad!.toArray(), c.grad!.toArray()], [[101, 3], [2, 2], [1, 1, 1, 1]]);
  // a gradOutput passed by the caller is never adopted
  const x = T.tensor([1, 2], [2], true), gOut = T.tensor([1, 1], [2]);
  x.mul(1).backward(gOut);
  x.grad!.data[0] = 9;
  assert.deepEqual(gOut.toArray(), [1, 1]);
});
