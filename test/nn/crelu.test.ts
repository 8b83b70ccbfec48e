import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentNetwork, type NetworkSpec } from '../../src/agents/networks.js';
import { probeNetwork } from '../../src/diagnostics/network-probe.js';
import { Activation, Hadamard, Linear, MLP, Sequential, matchedPlainWidth, denseParamCount, hadamardParamCount } from '../../src/nn/index.js';
import { crelu, tensor, withBackend } from '../../src/tensor/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { Rng } from '../../src/util/rng.js';
import { backendsUnderTest } from '../helpers/backends.js';
import { gradCheck, randTensor } from '../helpers/gradcheck.js';

const spec = (o: Partial<NetworkSpec>): NetworkSpec => ({
  encoder: 'mlp', activation: 'crelu', hadamard: 'none', layerNorm: false, width: 4, hiddenLayers: 1, matchParams: false, encoderActivation: 'relu', ...o,
});

for (const be of backendsUnderTest()) {
  describe(`CReLU (${be.name} backend)`, () => {
    test('is [relu(x), relu(−x)] along the feature axis of [N, D] and the channel axis of [N, C, H, W]', () => withBackend(be, () => {
      const plain = (t: { toArray(): number[] }): number[] => t.toArray().map((v) => v + 0); // −0 (relu of −0) reads as 0
      assert.deepEqual(plain(crelu(tensor([1, -2, 0, 3], [2, 2]))), [1, 0, 0, 2, 0, 3, 0, 0]);
      const y = crelu(tensor([1, -1, 2, -2], [1, 1, 2, 2]));
      assert.deepEqual(y.shape, [1, 2, 2, 2]);
      assert.deepEqual(plain(y), [1, 0, 2, 0, 0, 1, 0, 2]);
      assert.throws(() => crelu(tensor([1, 2], [2])), /crelu: needs a batch of features \[N, D, \.\.\.\], got shape \[2\]/);
    }));

    test('gradient by finite differences: the op, a dense layer pair and a CReLU Hadamard layer', () => withBackend(be, () => {
      const r = new Rng(7);
      gradCheck('crelu [N, D]', (xs) => crelu(xs[0]!), [randTensor([3, 5], r, -2, 2, 0.05)]);
      gradCheck('crelu [N, C, H, W]', (xs) => crelu(xs[0]!), [randTensor([2, 3, 2, 2], r, -2, 2, 0.05)]);
      const pair = new Sequential(new Linear(3, 4, { rng: new Rng(1) }), new Activation('crelu'), new Linear(8, 2, { rng: new Rng(2) }));
      gradCheck('Linear → crelu → Linear', (xs) => pair.forward(xs[0]!), [randTensor([4, 3], r), ...pair.parameters()], { maxPerInput: 40 });
      const hr = Hadamard.dense(3, 4, { activation: 'crelu', rng: new Rng(3) });
      gradCheck('Hadamard(crelu)', (xs) => hr.forward(xs[0]!), [randTensor([4, 3], r), ...hr.parameters()], { maxPerInput: 40 });
    }));
  });
}

test('the network builder doubles the input of the layer after a CReLU layer, and counts its parameters', () => {
  const net = new AgentNetwork([5], spec({ hiddenLayers: 2 }), [{ name: 'q', outputs: 2 }], 1);
  assert.deepEqual(net.namedParameters().map(([n, p]) => [n, p.shape]), [
    ['hidden.0.0.weight', [4, 5]], ['hidden.0.0.bias', [4]], ['hidden.1.0.weight', [4, 8]], ['hidden.1.0.bias', [4]],
    ['head_q.weight', [2, 8]], ['head_q.bias', [2]],
  ]);
  assert.equal(net.numParameters(), 5 * 4 + 4 + 8 * 4 + 4 + 8 * 2 + 2);
  assert.deepEqual(net.hiddenWidths, [4, 4]);
  const hr = new AgentNetwork([5], spec({ hadamard: 'last' }), [{ name: 'q', outputs: 2 }], 1);
  assert.equal(hr.numParameters(), 2 * (5 * 4 + 4) + 8 * 2 + 2);
  assert.deepEqual(hr.features(tensor(new Float32Array(15), [3, 5])).shape, [3, 8]);
  const mlp = new MLP(3, [4, 5], 2, { activation: 'crelu' });
  assert.deepEqual(mlp.namedParameters().filter(([n]) => n.endsWith('weight')).map(([, p]) => p.shape), [[4, 3], [5, 8], [2, 10]]);
});

test('match-params counts the doubled next layer: a plain CReLU layer is widened to its CReLU-HR counterpart', () => {
  // HR: 2·(10·8 + 8) + (16·3 + 3) = 227; a plain unit costs 10 + 1 + 2·3 = 17, the head bias 3: w = round(224 / 17) = 13
  assert.equal(matchedPlainWidth(10, 8, 3, false, 2), 13);
  assert.equal(matchedPlainWidth(10, 8, 3), Math.round((hadamardParamCount(10, 8) + denseParamCount(8, 3) - 3) / 14));
  const hr = new AgentNetwork([10], spec({ hadamard: 'last', width: 8 }), [{ name: 'q', outputs: 3 }], 1);
  const plain = new AgentNetwork([10], spec({ matchParams: true, width: 8 }), [{ name: 'q', outputs: 3 }], 1);
  assert.deepEqual(plain.hiddenWidths, [13]);
  assert.equal(hr.numParameters(), 227);
  assert.equal(plain.numParameters(), 10 * 13 + 13 + 26 * 3 + 3);
});

test('CReLU in the config and the diagnostics: a hidden activation (ReLU-like), not an encoder activation', () => {
  assert.equal(resolveConfig({ activation: 'crelu' }).activation, 'crelu');
  assert.throws(() => resolveConfig({ 'encoder-activation': 'crelu' }), /encoder-activation/);
  const net = new AgentNetwork([3], spec({ width: 4 }), [{ name: 'q', outputs: 2 }], 2);
  const layer = probeNetwork(net, randTensor([32, 3], new Rng(1)))['hidden.0']!;
  assert.equal(layer.width, 8);
  assert.equal(typeof layer.dead, 'number'); // dead (a ≤ 0 on every state) is defined for ReLU-like activations
});
