import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, clipGradNorm, LinearSchedule, RAdam, RMSprop, SGD, type Optimizer } from '../../src/optim/index.js';
import { tensor, withBackend, type Tensor } from '../../src/tensor/index.js';
import { backendsUnderTest } from '../helpers/backends.js';

/** Minimises Σ (x − c)² from x = 0 and returns the final distance. */
function minimise(make: (p: Tensor[]) => Optimizer, steps: number): number {
  const x = tensor([0, 0, 0], [3], true);
  const c = tensor([1, -2, 3]);
  const opt = make([x]);
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    x.sub(c).square().sum().backward();
    opt.step();
  }
  return Math.hypot(...x.sub(c).toArray());
}

for (const be of backendsUnderTest()) {
  describe(`optimizers converge on a quadratic (${be.name} backend)`, () => {
    const cases: [string, (p: Tensor[]) => Optimizer][] = [
      ['SGD', (p) => new SGD(p, { lr: 0.1 })],
      ['SGD momentum nesterov', (p) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true })],
      ['Adam', (p) => new Adam(p, { lr: 0.1 })],
      ['RAdam', (p) => new RAdam(p, { lr: 0.1 })],
      ['RMSprop centered (MinAtar setting)', (p) => new RMSprop(p, { lr: 0.01, alpha: 0.95, eps: 0.01, centered: true })],
      ['RMSprop momentum', (p) => new RMSprop(p, { lr: 0.01, momentum: 0.5 })],
    ];
    for (const [name, make] of cases) test(name, () => withBackend(be, () => assert.ok(minimise(make, 400) < 0.05, name)));
  });
}

describe('optimizer utilities', () => {
  test('SGD step equals p − lr·g exactly', () => {
    const p = tensor([1, 2], [2], true);
    p.grad = tensor([0.5, -1]);
    new SGD([p], { lr: 0.1 }).step();
    assert.deepEqual(p.toArray().map((v) => +v.toFixed(6)), [0.95, 2.1]);
  });

  test('state dict round trip continues identically', () => {
    const run = (resumeAt: number | null): number[] => {
      const x = tensor([0.5, -0.5], [2], true);
      let opt = new Adam([x], { lr: 0.05 });
      for (let i = 0; i < 10; i++) {
        if (i === resumeAt) {
          const st = opt.stateDict();
          const copy = { meta: st.meta, tensors: Object.fromEntries(Object.entries(st.tensors).map(([k, t]) => [k, tensor(t.data.slice(), t.shape)])) };
          opt = new Adam([x], { lr: 1 });
          opt.loadStateDict(copy);
        }
        opt.zeroGrad();
        x.mul(x).mul(tensor([1, 3])).sum().backward();
        opt.step();
      }
      return x.toArray();
    };
    assert.deepEqual(run(5), run(null));
  });

  test('clipGradNorm scales to the max norm and reports the original', () => {
    const a = tensor([0, 0], [2], true), b = tensor([0], [1], true);
    a.grad = tensor([3, 0]);
    b.grad = tensor([4]);
    const n = clipGradNorm([a, b], 1);
    assert.ok(Math.abs(n - 5) < 1e-6);
    const after = Math.hypot(...a.grad.toArray(), ...b.grad.toArray());
    assert.ok(Math.abs(after - 1) < 1e-5);
    assert.ok(Math.abs(clipGradNorm([a, b], 10) - after) < 1e-6);
  });

  test('bad hyperparameters are named', () => {
    const p = [tensor([1], [1], true)];
    assert.throws(() => new Adam(p, { lr: 1e-3, betas: [0.9, 1.2] }), /Adam: beta2 must be in \[0, 1\), got 1.2/);
    assert.throws(() => new RMSprop(p, { lr: -1 }), /RMSprop: lr must be non-negative/);
    assert.throws(() => new SGD([], { lr: 1 }), /no parameters/);
  });

  test('linear schedule', () => {
    const s = new LinearSchedule(1, 0.1, 100);
    assert.equal(s.value(0), 1);
    assert.ok(Math.abs(s.value(50) - 0.55) < 1e-12);
    assert.equal(s.value(100), 0.1);
    assert.equal(s.value(1e9), 0.1);
  });
});
