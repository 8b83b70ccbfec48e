import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Activation, Conv2d, Flatten, Hadamard, LayerNorm, Linear, MaxPool2d, MLP, Sequential, formatSummary, hadamardParamCount, matchedPlainWidth, denseParamCount, type Module } from '../../src/nn/index.js';
import { noGrad, Tensor, withBackend, tensor } from '../../src/tensor/index.js';
import { Rng } from '../../src/util/rng.js';
import { gradCheck, randTensor } from '../helpers/gradcheck.js';
import { backendsUnderTest } from '../helpers/backends.js';

/** Gradient check of a module with respect to its input and every parameter. */
function checkModule(name: string, m: Module, input: Tensor): void {
  const params = m.parameters();
  gradCheck(name, (xs) => m.forward(xs[0]!), [input, ...params], { maxPerInput: 40 });
}

for (const be of backendsUnderTest()) {
  describe(`module gradients (${be.name} backend)`, () => {
    const rng = (): Rng => new Rng(5);
    const cases: [string, () => Module, (r: Rng) => Tensor][] = [
      ['Linear', () => new Linear(5, 3, { rng: rng() }), (r) => randTensor([4, 5], r)],
      ['Conv2d stride 2 pad 1', () => new Conv2d(2, 3, 3, { stride: 2, padding: 1, rng: rng() }), (r) => randTensor([2, 2, 5, 5], r)],
      ['LayerNorm', () => new LayerNorm(6), (r) => randTensor([3, 6], r)],
      ['Sequential conv → pool → flatten → linear → tanh', () => new Sequential(new Conv2d(1, 2, 3, { rng: rng() }), new MaxPool2d(2), new Flatten(), new Linear(8, 3, { rng: rng() }), new Activation('tanh')), (r) => randTensor([2, 1, 6, 6], r)],
      ['MLP relu + LayerNorm', () => new MLP(4, [6, 5], 2, { activation: 'gelu', layerNorm: true, rng: rng() }), (r) => randTensor([3, 4], r)],
      ['Hadamard dense tanh', () => Hadamard.dense(4, 5, { activation: 'tanh', rng: rng() }), (r) => randTensor([3, 4], r)],
      ['Hadamard dense tanh + LayerNorm (PQN)', () => Hadamard.dense(4, 5, { activation: 'tanh', layerNorm: true, rng: rng() }), (r) => randTensor([3, 4], r)],
      ['Hadamard conv sigmoid + LayerNorm', () => Hadamard.conv(2, 3, 3, { activation: 'sigmoid', layerNorm: true, inputHW: [5, 5], rng: rng() }), (r) => randTensor([2, 2, 5, 5], r)],
      ['MLP with Hadamard on every hidden layer', () => new MLP(3, [4, 4], 2, { activation: 'elu', hadamard: 'all', rng: rng() }), (r) => randTensor([2, 3], r)],
    ];
    for (const [name, make, input] of cases) {
      test(name, () => withBackend(be, () => checkModule(name, make(), input(new Rng(9)))));
    }
  });
}

for (const be of backendsUnderTest()) {
  describe(`Sequential fuses Conv2d → relu (${be.name} backend)`, () => {
    const make = (): Sequential => new Sequential(
      new Conv2d(3, 5, 3, { stride: 2, padding: 1, rng: new Rng(3) }), new Activation('relu'),
      new Conv2d(5, 4, 2, { rng: new Rng(4) }), new Activation('relu'), new Flatten(), new Linear(64, 2, { rng: new Rng(5) }),
    );
    /** Output and every parameter and input gradient of loss = Σ out · weights. */
    const run = (net: Sequential, forward: (x: Tensor) => Tensor): Float32Array[] => {
      const x = randTensor([3, 3, 9, 9], new Rng(6));
      x.requiresGrad = true;
      net.zeroGrad();
      const y = forward(x);
      y.mul(tensor([0.3, -1.1], [1, 2])).sum().backward();
      return [y.data.slice(), x.grad!.data.slice(), ...net.parameters().map((p) => p.grad!.data.slice())];
    };
    const same = (a: Float32Array[], b: Float32Array[]): void => {
      assert.equal(a.length, b.length);
      a.forEach((v, i) => v.forEach((e, j) => assert.ok(e === b[i]![j], `array ${i}[${j}]: ${e} vs ${b[i]![j]}`)));
    };

    test('the fused forward and backward equal running the layers one by one, to the bit', () => withBackend(be, () => {
      const net = make();
      const fused = run(net, (x) => net.forward(x));
      const layerByLayer = run(net, (x) => net.layers.reduce((h, m) => m.forward(h), x));
      same(fused, layerByLayer);
      assert.ok(fused[1]!.some((v) => v !== 0), 'gradients reach the input');
    }));

    test('a forward hook on the relu sees the conv output (the pair is not fused then)', () => withBackend(be, () => {
      const net = make();
      const plain = run(net, (x) => net.forward(x));
      let seen: Float32Array | null = null;
      const remove = net.layers[1]!.registerForwardHook((_m, input) => { seen = input.data.slice(); });
      same(run(net, (x) => net.forward(x)), plain);
      remove();
      assert.ok(seen !== null && Array.from(seen as Float32Array).some((v) => v < 0), 'the hook saw negative pre-activations');
    }));
  });
}

describe('Hadamard layer', () => {
  test('is the product of two independently initialised branches', () => {
    const hr = Hadamard.dense(3, 4, { activation: 'tanh', rng: new Rng(1) });
    const w1 = hr.branch1.affine.weight.toArray(), w2 = hr.branch2.affine.weight.toArray();
    assert.notDeepEqual(w1, w2);
    const x = tensor([0.5, -1, 2, 0.1, 0.2, 0.3], [2, 3]);
    const y = noGrad(() => hr.forward(x));
    const a = noGrad(() => hr.branch1.forward(x)), b = noGrad(() => hr.branch2.forward(x));
    y.data.forEach((v, i) => assert.ok(Math.abs(v - a.data[i]! * b.data[i]!) < 1e-6));
  });

  test('parameter counts: the paper\'s Fig. 2 nets (601 vs 501) and matched widths', () => {
    const plain = new MLP(1, [200], 1, { activation: 'tanh' });
    const hr = new MLP(1, [100], 1, { activation: 'tanh', hadamard: 'last' });
    assert.equal(plain.numParameters(), 601);
    assert.equal(hr.numParameters(), 501);
    assert.equal(hadamardParamCount(1, 100) + denseParamCount(100, 1), 501);
    // an HR 3136→512 layer followed by an 18-action head matches a plain layer of ~1021 units
    const w = matchedPlainWidth(3136, 512, 18);
    const plainCount = denseParamCount(3136, w) + denseParamCount(w, 18);
    const hrCount = hadamardParamCount(3136, 512) + denseParamCount(512, 18);
    assert.ok(Math.abs(plainCount - hrCount) <= 3136 + 18 + 1, `${plainCount} vs ${hrCount}`);
    assert.ok(w > 1000 && w < 1030);
  });

  test('unknown activation is a clear error listing the choices', () => {
    assert.throws(() => Hadamard.dense(2, 2, { activation: 'tanhh' }), /unknown activation 'tanhh'; choose one of: .*tanh/);
    assert.throws(() => new Activation('swish'), /unknown activation 'swish'/);
  });
});

describe('Module API', () => {
  test('named parameters, state dict round trip and strict loading errors', () => {
    const a = new MLP(3, [4], 2, { rng: new Rng(1) }), b = new MLP(3, [4], 2, { rng: new Rng(2) });
    assert.deepEqual(a.namedParameters().map(([n]) => n), ['body.0.0.weight', 'body.0.0.bias', 'head.weight', 'head.bias']);
    b.loadStateDict(a.stateDict());
    assert.deepEqual(b.parameters().map((p) => p.toArray()), a.parameters().map((p) => p.toArray()));
    const other = new MLP(3, [5], 2);
    assert.throws(() => other.loadStateDict(a.stateDict()), /'body.0.0.weight' has shape \[4, 3\] but the module expects \[5, 3\]/);
    const { ['head.bias']: _dropped, ...partial } = a.stateDict();
    assert.throws(() => b.loadStateDict(partial), /missing 'head.bias'/);
  });

  test('train/eval propagate and forward hooks see outputs until removed', () => {
    const m = new MLP(2, [3], 1);
    m.eval();
    assert.ok(m.namedModules().every(([, x]) => !x.training));
    const seen: number[][] = [];
    const remove = m.hidden[0]!.registerForwardHook((_m, _x, y) => seen.push([...y.shape]));
    noGrad(() => m.forward(tensor([1, 2, 3, 4], [2, 2])));
    remove();
    noGrad(() => m.forward(tensor([1, 2], [1, 2])));
    assert.deepEqual(seen, [[2, 3]]);
  });

  test('summary lists layers, output shapes and parameter counts', () => {
    const net = new Sequential(new Conv2d(4, 16, 3, { rng: new Rng(0) }), new Activation('relu'), new Flatten(), Hadamard.dense(1024, 128, { activation: 'tanh' }), new Linear(128, 3));
    const text = formatSummary(net, tensor(new Float32Array(2 * 4 * 10 * 10), [2, 4, 10, 10]));
    assert.match(text, /Conv2d\(4 → 16, 3×3, stride 1\)\s+\[2, 16, 8, 8\]\s+592/);
    assert.match(text, /Linear\(1024 → 128\)\s+\[2, 128\]\s+131,200/);
    assert.match(text, /total parameters: 263,379/);
  });
});
