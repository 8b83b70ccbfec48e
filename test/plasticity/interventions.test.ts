import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentNetwork, type NetworkSpec } from '../../src/agents/networks.js';
import { probeNetwork } from '../../src/diagnostics/network-probe.js';
import { Hadamard, LayerNorm, Linear, Sequential } from '../../src/nn/index.js';
import { initLayer } from '../../src/nn/init.js';
import { Adam, type Optimizer } from '../../src/optim/index.js';
import { L2Init, layerGroups, redo, resetLastLayers, shrinkPerturb } from '../../src/plasticity/index.js';
import { noGrad, tensor, zeros, type Tensor } from '../../src/tensor/index.js';
import { Rng } from '../../src/util/rng.js';

const spec = (o: Partial<NetworkSpec>): NetworkSpec => ({
  encoder: 'mlp', activation: 'relu', hadamard: 'none', layerNorm: false, width: 4, hiddenLayers: 1, matchParams: false, encoderActivation: 'relu', ...o,
});

/** Inputs uniform in (−1, 1). */
function inputs(n: number, d: number, seed = 3): Tensor {
  const x = new Float32Array(n * d);
  new Rng(seed).fillUniform(x, -1, 1);
  return tensor(x, [n, d]);
}

/** An Adam whose state buffers all hold 7 (after one step), so a reset element shows as 0. */
function adamWithState(net: AgentNetwork, x: Tensor): Optimizer {
  const opt = new Adam(net.parameters(), { lr: 1e-3 });
  net.forward(x).square().mean().backward();
  opt.step();
  for (const t of Object.values(opt.stateDict().tensors)) t.data.fill(7);
  return opt;
}

/** The optimizer buffers of parameter p, as arrays. */
function stateOf(opt: Optimizer, net: AgentNetwork, p: Tensor): number[][] {
  const i = net.parameters().indexOf(p);
  return Object.entries(opt.stateDict().tensors).filter(([k]) => k.startsWith(`${i}.`)).map(([, t]) => [...t.data]);
}

/** The fresh weight and bias a Linear(in → out) with torch init draws from `rng`. */
function torchDraw(out: number, inF: number, rng: Rng): { w: Float32Array; b: Float32Array } {
  const w = zeros([out, inF]), b = zeros([out]);
  initLayer(w, b, 'torch', rng, 1);
  return { w: Float32Array.from(w.data), b: Float32Array.from(b.data) };
}

const linearOf = (m: unknown): Linear => ((m as Sequential).layers[0] as Linear);

test('ReDo re-draws exactly the dormant neurons\' rows, zeroes their head columns and their optimizer state, nothing else', () => {
  const net = new AgentNetwork([3], spec({}), [{ name: 'q', outputs: 2 }], 1);
  const lin = linearOf(net.hidden[0]), head = net.heads[0]!;
  // neurons 1 and 3 are dead (pre-activation < −98 on every input); 0 and 2 are live (≥ 2 − √3·0.58 > 0.9)
  lin.bias!.data.set([2, -100, 2, -100]);
  const x = inputs(16, 3);
  const opt = adamWithState(net, x);
  const before = { w: [...lin.weight.data], b: [...lin.bias!.data], hw: [...head.weight.data], hb: [...head.bias!.data] };
  const q0 = [...noGrad(() => net.forward(x)).data];
  const r = redo(net, x, 0.1, new Rng(5), opt);
  assert.deepEqual(r, { layers: { 'hidden.0': { neurons: 2, width: 4 } }, neurons: 2, params: 2 * 3 + 2 + 2 * 2 });
  const fresh = torchDraw(4, 3, new Rng(5));
  for (let j = 0; j < 4; j++) {
    const dormant = j === 1 || j === 3;
    for (let k = 0; k < 3; k++) assert.equal(lin.weight.data[j * 3 + k], dormant ? fresh.w[j * 3 + k] : before.w[j * 3 + k], `W[${j},${k}]`);
    assert.equal(lin.bias!.data[j], dormant ? fresh.b[j] : before.b[j]);
    for (let a = 0; a < 2; a++) assert.equal(head.weight.data[a * 4 + j], dormant ? 0 : before.hw[a * 4 + j], `head W[${a},${j}]`);
  }
  assert.deepEqual([...head.bias!.data], before.hb);
  // optimizer state: 0 exactly where ReDo wrote, 7 elsewhere
  for (const buf of stateOf(opt, net, lin.weight)) assert.deepEqual(buf, [7, 7, 7, 0, 0, 0, 7, 7, 7, 0, 0, 0]);
  for (const buf of stateOf(opt, net, lin.bias!)) assert.deepEqual(buf, [7, 0, 7, 0]);
  for (const buf of stateOf(opt, net, head.weight)) assert.deepEqual(buf, [7, 0, 7, 0, 7, 0, 7, 0]);
  for (const buf of stateOf(opt, net, head.bias!)) assert.deepEqual(buf, [7, 7]);
  // without LayerNorm the function is unchanged: the recycled neurons' outputs meet zero weights
  assert.deepEqual([...noGrad(() => net.forward(x)).data], q0);
});

test('ReDo on an HR layer decides per branch: a dead factor is re-drawn alone, a dormant product of live factors re-draws both', () => {
  const net = new AgentNetwork([3], spec({ hadamard: 'last', width: 4 }), [{ name: 'q', outputs: 2 }], 2);
  const hr = net.hidden[0] as Hadamard;
  const l1 = hr.branch1.affine as Linear, l2 = hr.branch2.affine as Linear, head = net.heads[0]!;
  // neuron 0: branch 1 dead; neuron 1: relu(x₀)·relu(−x₀) = 0 with both factors live; neuron 2: branch 2 dead; neuron 3 live
  l1.weight.data.set([0.1, 0, 0, 1, 0, 0, 0.1, 0, 0, 0.1, 0, 0]);
  l2.weight.data.set([0.1, 0, 0, -1, 0, 0, 0.1, 0, 0, 0.1, 0, 0]);
  l1.bias!.data.set([-100, 0, 2, 2]);
  l2.bias!.data.set([2, 0, -100, 2]);
  const x = inputs(32, 3);
  const opt = adamWithState(net, x);
  const before = { w1: [...l1.weight.data], w2: [...l2.weight.data], hw: [...head.weight.data] };
  const r = redo(net, x, 0.1, new Rng(9), opt);
  assert.deepEqual(r.layers, { 'hidden.0': { neurons: 3, width: 4, branch1: 2, branch2: 2 } });
  const rng = new Rng(9);
  const f1 = torchDraw(4, 3, rng), f2 = torchDraw(4, 3, rng); // branch 1 is drawn first
  const redrawn1 = [0, 1], redrawn2 = [1, 2];
  for (let j = 0; j < 4; j++) {
    for (let k = 0; k < 3; k++) {
      assert.equal(l1.weight.data[j * 3 + k], redrawn1.includes(j) ? f1.w[j * 3 + k] : before.w1[j * 3 + k]);
      assert.equal(l2.weight.data[j * 3 + k], redrawn2.includes(j) ? f2.w[j * 3 + k] : before.w2[j * 3 + k]);
    }
    for (let a = 0; a < 2; a++) assert.equal(head.weight.data[a * 4 + j], j < 3 ? 0 : before.hw[a * 4 + j]);
  }
  for (const buf of stateOf(opt, net, l1.bias!)) assert.deepEqual(buf, [0, 0, 7, 7]);
  for (const buf of stateOf(opt, net, l2.bias!)) assert.deepEqual(buf, [7, 0, 0, 7]);
});

test('ReDo with CReLU recycles a neuron only when both relu(x) and relu(−x) are dormant, and zeroes both its columns', () => {
  const net = new AgentNetwork([3], spec({ activation: 'crelu', width: 3 }), [{ name: 'q', outputs: 2 }], 3);
  const lin = linearOf(net.hidden[0]), head = net.heads[0]!;
  assert.equal(head.inFeatures, 6);
  // features [relu(x₀), relu(x₁), relu(x₂), relu(−x₀), relu(−x₁), relu(−x₂)] with x₀ ≡ 0, x₁ ≈ −5, x₂ ≈ 2
  lin.weight.data.set([0, 0, 0, 0.1, 0, 0, 0.1, 0, 0]);
  lin.bias!.data.set([0, -5, 2]);
  const x = inputs(16, 3);
  const hw = [...head.weight.data];
  const r = redo(net, x, 0.1, new Rng(1), null);
  assert.deepEqual(r.layers, { 'hidden.0': { neurons: 1, width: 3 } });
  for (let a = 0; a < 2; a++) for (let c = 0; c < 6; c++) assert.equal(head.weight.data[a * 6 + c], c === 0 || c === 3 ? 0 : hw[a * 6 + c], `head W[${a},${c}]`);
  assert.deepEqual([...lin.bias!.data.slice(1)], [-5, 2]);
});

test('the dormant fraction of a network built with dormant units drops after ReDo', () => {
  const net = new AgentNetwork([8], spec({ width: 32, hiddenLayers: 2 }), [{ name: 'q', outputs: 3 }], 4);
  const x = inputs(256, 8, 11);
  for (const h of net.hidden) for (let j = 0; j < 32; j += 4) linearOf(h).bias!.data[j] = -100; // 8 of 32 dead per layer
  const before = probeNetwork(net, x);
  assert.equal(before['hidden.0']!.dormant, 0.25);
  const r = redo(net, x, 0.025, new Rng(2), null);
  assert.ok(r.neurons >= 8, `recycled ${r.neurons}`);
  const after = probeNetwork(net, x);
  assert.ok(after['hidden.0']!.dormant < 0.25 && after['hidden.1']!.dormant < before['hidden.1']!.dormant, JSON.stringify({ before: before['hidden.1']!.dormant, after: [after['hidden.0']!.dormant, after['hidden.1']!.dormant] }));
});

test('shrink-and-perturb sets every parameter to λ·θ + σ·ε, ε a fresh draw of its layer\'s initialiser (LayerNorm: 1 and 0)', () => {
  const net = new AgentNetwork([3], spec({ layerNorm: true, width: 4 }), [{ name: 'q', outputs: 2 }], 5);
  const lin = linearOf(net.hidden[0]), norm = (net.hidden[0] as Sequential).layers[1] as LayerNorm, head = net.heads[0]!;
  norm.weight!.data.set([1, 2, 3, 4]);
  norm.bias!.data.set([-1, 0, 1, 2]);
  const old = net.parameters().map((p) => [...p.data]);
  const n = shrinkPerturb(net, 0.5, 0.25, new Rng(8));
  assert.equal(n, net.numParameters());
  const rng = new Rng(8);
  const eLin = torchDraw(4, 3, rng), eHead = torchDraw(2, 4, rng); // network order: hidden Linear, (LayerNorm: no draw), head
  const expect = (theta: number[], eps: ArrayLike<number>): number[] => theta.map((t, k) => Math.fround(0.5 * t + 0.25 * eps[k]!));
  const params = net.parameters();
  const oldOf = (p: Tensor): number[] => old[params.indexOf(p)]!;
  assert.deepEqual([...lin.weight.data], expect(oldOf(lin.weight), eLin.w));
  assert.deepEqual([...lin.bias!.data], expect(oldOf(lin.bias!), eLin.b));
  assert.deepEqual([...norm.weight!.data], [0.75, 1.25, 1.75, 2.25]);
  assert.deepEqual([...norm.bias!.data], [-0.5, 0, 0.5, 1]);
  assert.deepEqual([...head.weight.data], expect(oldOf(head.weight), eHead.w));
  assert.deepEqual([...head.bias!.data], expect(oldOf(head.bias!), eHead.b));
});

test('resets re-draw exactly the last k layers (an HR layer with both branches is one; the heads are one) and their optimizer state', () => {
  const net = new AgentNetwork([3], spec({ hiddenLayers: 2, hadamard: 'last', width: 4 }), [{ name: 'pi', outputs: 2 }, { name: 'v', outputs: 1 }], 6);
  assert.deepEqual(layerGroups(net).map((g) => g.name), ['hidden.0', 'hidden.1', 'heads']);
  const x = inputs(8, 3);
  const opt = adamWithState(net, x);
  const first = linearOf(net.hidden[0]), hr = net.hidden[1] as Hadamard;
  const keep = [...first.weight.data, ...first.bias!.data];
  const r = resetLastLayers(net, 2, new Rng(4), opt);
  assert.deepEqual(r.layers, ['hidden.1', 'heads']);
  assert.equal(r.params, net.numParameters() - keep.length);
  const rng = new Rng(4);
  const b1 = torchDraw(4, 4, rng), b2 = torchDraw(4, 4, rng), pi = torchDraw(2, 4, rng), v = torchDraw(1, 4, rng);
  assert.deepEqual([...first.weight.data, ...first.bias!.data], keep);
  assert.deepEqual([...(hr.branch1.affine as Linear).weight.data], [...b1.w]);
  assert.deepEqual([...(hr.branch2.affine as Linear).bias!.data], [...b2.b]);
  assert.deepEqual([...net.heads[0]!.weight.data], [...pi.w]);
  assert.deepEqual([...net.heads[1]!.bias!.data], [...v.b]);
  for (const p of net.parameters()) {
    const untouched = p === first.weight || p === first.bias;
    for (const buf of stateOf(opt, net, p)) assert.ok(buf.every((s) => s === (untouched ? 7 : 0)));
  }
  assert.throws(() => resetLastLayers(net, 4, new Rng(1), opt), /reset-layers 4: the network has 3 layers \(hidden\.0, hidden\.1, heads\); choose 1 to 3/);
});

test('a conv encoder\'s layers are its convs, each with its LayerNorm', () => {
  const net = new AgentNetwork([4, 10, 10], spec({ encoder: 'minatar', encoderLayerNorm: true, layerNorm: true, width: 8 }), [{ name: 'q', outputs: 3 }], 1);
  assert.deepEqual(layerGroups(net).map((g) => [g.name, g.layers.map((l) => l.constructor.name)]), [
    ['encoder.0', ['Conv2d', 'LayerNorm']], ['hidden.0', ['Linear', 'LayerNorm']], ['heads', ['Linear']],
  ]);
});

test('L2 Init adds c·Σ‖θ − θ₀‖² to the loss, with gradient 2c(θ − θ₀)', () => {
  const a = tensor([1, -2, 3], [3]), b = tensor([0.5, 0.25], [2, 1]);
  a.requiresGrad = b.requiresGrad = true;
  const l2 = new L2Init([a, b], 0.1);
  a.data.set([2, -2, 1]); // θ − θ₀ = [1, 0, −2]
  b.data.set([0.5, 1.25]); // θ − θ₀ = [0, 1]
  const loss = l2.regularize(tensor([3], []));
  assert.ok(Math.abs(loss.item() - (3 + 0.1 * (1 + 4 + 1))) < 1e-6, `loss ${loss.item()}`);
  loss.backward();
  assert.deepEqual([...a.grad!.data].map((g) => Math.round(g * 1e6) / 1e6), [0.2, 0, -0.4]);
  assert.deepEqual([...b.grad!.data].map((g) => Math.round(g * 1e6) / 1e6), [0, 0.2]);
  const none = tensor([3], []);
  assert.equal(new L2Init([a], 0).regularize(none), none);
  assert.throws(() => new L2Init([a], -1), /l2-init: the coefficient must be a non-negative number, got -1/);
});
